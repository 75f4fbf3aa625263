"""The directory's filters, shared by the API and the public list page."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from losen.directory import catalogue, hours, taxonomy
from losen.directory.records import CHANNEL_KINDS

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


@dataclass
class Filters:
    at: datetime
    open_now: bool = False
    channel: str | None = None
    age: int | None = None
    language: str | None = None
    topic: str | None = None
    anonymous: bool = False
    q: str = ""


def parse(params) -> tuple[Filters, list[dict]]:
    """Read filters from query parameters; return them and a list of {field, message} errors."""
    errors = []

    def bad(field, message):
        errors.append({"field": field, "message": message})

    def flag(name):
        raw = (params.get(name) or "").strip().lower()
        if raw in TRUE:
            return True
        if raw not in FALSE:
            bad(name, "must be true or false")
        return False

    at = timezone.now()
    raw_at = (params.get("at") or "").strip()
    if raw_at:
        try:
            at = datetime.fromisoformat(raw_at.replace(" ", "+") if "T" in raw_at else raw_at)
            if at.tzinfo is None:
                bad("at", "must include a UTC offset, e.g. 2026-11-22T01:00:00+01:00")
                at = timezone.now()
        except ValueError:
            bad("at", "is not an ISO 8601 date and time with offset")
    filters = Filters(at=at.astimezone(hours.OSLO))
    filters.open_now = flag("open_now")
    filters.anonymous = flag("anonymous")
    channel = (params.get("channel") or "").strip()
    if channel:
        if channel in CHANNEL_KINDS:
            filters.channel = channel
        else:
            bad("channel", f"must be one of {', '.join(CHANNEL_KINDS)}")
    age = (params.get("age") or "").strip()
    if age:
        if re.fullmatch(r"\d{1,3}", age):
            filters.age = int(age)
        else:
            bad("age", "must be a whole number 0 or more")
    language = (params.get("language") or "").strip().lower()
    if language:
        if LANGUAGE_CODE.match(language):
            filters.language = language
        else:
            bad("language", "must be an ISO 639 code such as nb, en, se, smj or sma")
    topic = (params.get("topic") or "").strip()
    if topic:
        if topic in taxonomy.CODES:
            filters.topic = topic
        else:
            bad("topic", "is not a topic code; see the taxonomy in the API description")
    q = (params.get("q") or "").strip()
    if len(q) > 200:
        bad("q", "may be at most 200 characters")
    else:
        filters.q = q
    return filters, errors


def matches(entry: catalogue.Entry, f: Filters) -> bool:
    doc = entry.doc
    if f.anonymous and doc.get("anonymity") != "anonymous":
        return False
    if f.topic and f.topic not in (doc.get("topics") or []):
        return False
    if f.age is not None and not catalogue.age_fits(entry, f.age):
        return False
    if f.q:
        words = catalogue.fold(f.q).split()
        if not all(word in entry.search_text for word in words):
            return False
    if f.channel or f.language or f.open_now:
        channels = list(entry.channels_of(f.channel, f.language))
        if not channels:
            # a Sami offer without a channel in that language still counts for the language filter
            if not (f.language and not f.channel and not f.open_now and entry.speaks(f.language)):
                return False
        if f.open_now and not any(c.schedule.status(f.at).open for c in channels):
            return False
    return True


def run(f: Filters) -> list[catalogue.Entry]:
    return [entry for entry in catalogue.entries() if matches(entry, f)]
