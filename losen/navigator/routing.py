"""The navigator with the live directory: crisis first, then the ranked services with their
status now. The text is handled in memory only; nothing here stores or logs it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import get_language, gettext

from losen.directory import catalogue, presenting
from losen.navigator import crisis, ranking, understanding

FOR_VALUES = ("self", "other", "professional")
CRISIS_TOPICS = {"suicide_self_harm", "mental_health"}
#: Languages the pages are written in; others (nn, se, smj, sma) are shown in bokmål for now.
TRANSLATED = ("nb", "en")


@dataclass
class Answer:
    crisis: crisis.CrisisResult
    language: str
    results: list[ranking.Result] = field(default_factory=list)
    always_open: list[catalogue.Entry] = field(default_factory=list)

    @property
    def risk(self) -> str:
        return self.crisis.risk


def shown_language(requested: str | None) -> str:
    """The language a page or answer is actually shown in: untranslated languages are shown in bokmål."""
    return requested if requested in TRANSLATED else "nb"


def always_open_lines(entries) -> list[catalogue.Entry]:
    """Lines that answer around the clock about suicide or mental health, for the crisis panel
    and the calm "possible risk" line."""
    return [
        e
        for e in entries
        if CRISIS_TOPICS & set(e.doc.get("topics") or [])
        and any(c.schedule.always_open and c.doc.get("address") and c.kind in ("phone", "chat") for c in e.channels)
    ]


def reason_texts(result: crisis.CrisisResult) -> list[str]:
    return [gettext(crisis.REASON_TEXT[r]) for r in result.reasons if r in crisis.REASON_TEXT]


def navigate(text: str, at: datetime, age=None, for_=None, channel=None, language=None, ui_language="nb") -> Answer:
    found = crisis.detect(text) if text else crisis.CrisisResult(crisis=False)
    detected = understanding.detect_language(text) if text else (language or "nb")
    entries = catalogue.entries()
    by_slug = {e.slug: e for e in entries}

    def open_now_fn(doc: dict, kind: str | None, when: datetime | None) -> bool | None:
        entry = by_slug.get(doc["slug"])
        if entry is None or when is None or not entry.channels_of(kind):
            return None  # no channel recorded: not known, never "closed"
        return catalogue.open_now(entry, when, kind)

    query = ranking.Query(text=text, age=age, for_=for_, channel=channel, language=language, at=at)
    results = ranking.rank(
        query,
        [e.doc for e in entries],
        at,
        open_now_fn,
        limit=5,
        gettext=gettext,
        language="en" if (get_language() or ui_language) == "en" else "nb",
        crisis_result=found,
    )
    for result in results:
        if result.open_now is False:
            opens = next_opening(by_slug[result.slug], at, channel)
            if opens is not None:
                closed = gettext(ranking.MESSAGES["closed"])
                result.reasons = [
                    gettext("Stengt nå – åpner %(when)s") % {"when": presenting.when(opens, at)} if r == closed else r
                    for r in result.reasons
                ]
    lines = always_open_lines(entries) if found.risk in ("acute", "possible") else []
    return Answer(crisis=found, language=detected, results=results, always_open=lines)


def next_opening(entry: catalogue.Entry, at: datetime, kind=None) -> datetime | None:
    """The earliest next opening of the entry's channels (of ``kind``), if known."""
    times = [t for c in entry.channels_of(kind) if (t := c.schedule.status(at).opens_at) is not None]
    return min(times, key=lambda t: t.timestamp()) if times else None
