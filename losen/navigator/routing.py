"""The navigator with the live directory: crisis first, then the ranked services with their
status now. The text is handled in memory only; nothing here stores or logs it."""

from dataclasses import dataclass, field
from datetime import datetime

from losen.directory import catalogue
from losen.navigator import crisis, ranking, understanding

FOR_VALUES = ("self", "other", "professional")
CRISIS_TOPICS = {"suicide_self_harm", "mental_health"}


@dataclass
class Answer:
    crisis: crisis.CrisisResult
    language: str
    results: list[ranking.Result] = field(default_factory=list)
    always_open: list[catalogue.Entry] = field(default_factory=list)


def always_open_lines(entries) -> list[catalogue.Entry]:
    """Lines that answer around the clock about suicide or mental health, for the crisis panel."""
    return [
        e
        for e in entries
        if CRISIS_TOPICS & set(e.doc.get("topics") or [])
        and any(c.schedule.always_open and c.doc.get("address") and c.kind in ("phone", "chat") for c in e.channels)
    ]


def navigate(text: str, at: datetime, age=None, for_=None, channel=None, language=None, ui_language="nb") -> Answer:
    found = crisis.detect(text) if text else crisis.CrisisResult(crisis=False)
    detected = understanding.detect_language(text) if text else (language or "nb")
    entries = catalogue.entries()
    by_slug = {e.slug: e for e in entries}

    def open_now_fn(doc: dict, kind: str | None, when: datetime | None) -> bool | None:
        entry = by_slug.get(doc["slug"])
        return catalogue.open_now(entry, when, kind) if entry and when else None

    query = ranking.Query(text=text, age=age, for_=for_, channel=channel, language=language, at=at)
    results = ranking.rank(
        query,
        [e.doc for e in entries],
        at,
        open_now_fn,
        limit=5,
        reasons_language="en" if ui_language == "en" else "nb",
        crisis_result=found,
    )
    return Answer(crisis=found, language=detected, results=results, always_open=always_open_lines(entries) if found.crisis else [])
