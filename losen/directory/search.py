"""The directory's filters, shared by the API and the public list page."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from losen.directory import catalogue, hours, taxonomy
from losen.directory.records import CHANNEL_KINDS

# The API's schema (`openapi_paths`) states these same patterns and values, so that what the
# schema allows the code accepts, and the other way round.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}$"
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")
FLAG_VALUES = TRUE + FALSE
MAX_AGE = 130
MAX_Q = 200
# Opening hours are known for a bounded span of years: earlier or later moments (year 1 with a
# +01:00 offset, 9999-12-31 at -14:00) cannot even be converted to Norwegian time.
FIRST_YEAR, LAST_YEAR = 1900, 2199
AT_PATTERN = r"^(19|2[01])[0-9][0-9]-"
AT_SCHEMA = {
    "type": "string",
    "format": "date-time",
    "pattern": AT_PATTERN,
    "description": f"ISO 8601 / RFC 3339 date and time with offset, years {FIRST_YEAR}-{LAST_YEAR}; default now",
}


def parse_at(raw) -> tuple[datetime | None, str | None]:
    """A moment from an ISO 8601 string with offset: (moment in Oslo time, None) or (None, why not)."""
    if not isinstance(raw, str):
        return None, "must be an ISO 8601 date and time with offset"
    if not re.search(AT_PATTERN, raw):
        return None, f"must be an ISO 8601 date and time with offset in the years {FIRST_YEAR} to {LAST_YEAR}"
    try:
        # A '+' in a query string arrives as a space: "2026-11-22T01:00:00 01:00".
        at = datetime.fromisoformat(raw.replace(" ", "+") if "T" in raw else raw)
    except ValueError:
        return None, "is not an ISO 8601 date and time with offset"
    if at.tzinfo is None:
        return None, "must include a UTC offset, e.g. 2026-11-22T01:00:00+01:00"
    try:
        return at.astimezone(hours.OSLO), None
    except (OverflowError, ValueError):  # pragma: no cover - the year range keeps this away
        return None, f"must be in the years {FIRST_YEAR} to {LAST_YEAR}"


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
        raw = params.get(name) or ""
        if raw in TRUE:
            return True
        if raw not in FALSE:
            bad(name, "must be true or false")
        return False

    filters = Filters(at=timezone.now().astimezone(hours.OSLO))
    if "at" in params:  # given but empty is an error, not "now"
        at, problem = parse_at(params.get("at"))
        if problem:
            bad("at", problem)
        else:
            filters.at = at
    filters.open_now = flag("open_now")
    filters.anonymous = flag("anonymous")
    channel = params.get("channel") or ""
    if channel:
        if channel in CHANNEL_KINDS:
            filters.channel = channel
        else:
            bad("channel", f"must be one of {', '.join(CHANNEL_KINDS)}")
    age = params.get("age") or ""
    if age:
        # ASCII digits only: '²' and '٣' are digits to str.isdigit() and int() but not ages.
        if re.fullmatch(r"[0-9]{1,3}", age) and int(age) <= MAX_AGE:
            filters.age = int(age)
        else:
            bad("age", f"must be a whole number from 0 to {MAX_AGE}")
    language = params.get("language") or ""
    if language:  # empty means every language
        if re.search(LANGUAGE_PATTERN, language):
            filters.language = language.strip().lower()
        else:
            bad("language", "must be an ISO 639 code such as nb, en, se, smj or sma")
    topic = params.get("topic") or ""
    if topic:
        if topic in taxonomy.CODES:
            filters.topic = topic
        else:
            bad("topic", "is not a topic code; see the taxonomy in the API description")
    q = params.get("q") or ""
    if len(q) > MAX_Q:
        bad("q", f"may be at most {MAX_Q} characters")
    else:
        filters.q = q.strip()
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
