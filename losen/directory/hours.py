"""Opening hours: validate an hours spec and answer "is it open now, until when, when next?".

Plain Python, no Django import. The spec format is described in ``docs/directory-data.md``
("Hours spec"). All wall-clock times are Europe/Oslo.

Semantics
---------
* A period belongs to the day it *starts*. ``close <= open`` means the period runs past
  midnight into the next day (``"00:00"`` and ``"24:00"`` both mean midnight as a closing
  time; ``open == close`` is a 24-hour period). A period that crosses midnight stays open
  after midnight even if the next day is a public holiday: the holiday policy is about the
  start day only.
* An instant ``t`` is inside a period ``[open, close)``: open at the opening instant, closed
  at the closing instant.
* Public holidays (``is_public_holiday``): with ``"closed"`` only ``ph`` rules apply on a
  holiday; with ``"as_weekday"`` the weekday rules and the ``ph`` rules apply; with
  ``"unknown"`` the ``ph`` rules apply (known open) and the instants that the weekday rules
  *would* have covered that day are unknown (``Status.open is None``) unless something known
  to be open covers them (a ``ph`` rule, or a period that started the day before). Instants
  that no weekday rule would have covered are simply closed: whatever the line does on
  holidays, it is not open then.
* ``week_parity`` is tested against the ISO week number of the start day; ``ph`` rules may
  carry a parity too.
* Seasons (inclusive ``from``..``to`` dates, matched on the start day) replace *all* normal
  rules, ``ph`` rules included; the holiday policy stays the schedule's. Seasons may not
  overlap (validation error).
* Periods that touch or overlap are merged, so ``Status.closes_at`` is the real closing time
  (``14:00-22:00`` + ``22:00-24:00`` + a Monday ``00:00-02:00`` is one stretch until 02:00).

Daylight saving time
--------------------
Times are wall-clock times, converted to instants day by day with zoneinfo:

* Spring forward (e.g. 2026-03-29, 02:00 -> 03:00): a wall time inside the gap does not
  exist. It resolves *forward to the transition instant*, i.e. the first instant at which
  the clock has reached that time: 02:30 becomes 03:00 CEST (01:00 UTC). So a period
  18:00-02:30 that night ends at 03:00 local (8 h of real time instead of 8.5 h) and a
  period 02:00-02:45 that night is empty and dropped. (zoneinfo's raw ``fold=0`` would
  give 03:30 CEST instead, showing a closing time the service never published; we prefer
  the first instant whose wall clock is not earlier than the published time.)
* Fall back (e.g. 2026-10-25, 03:00 -> 02:00): a wall time 02:00-02:59 happens twice.
  Opening times take the first occurrence, closing times the second one, so a period
  00:30-02:30 that night lasts 3 h of real time instead of 2 h.

Performance
-----------
``Schedule`` objects are immutable and ``Schedule.from_spec`` returns a cached instance for
equal specs. Each schedule precomputes its rules per weekday and memoises the instants of
each calendar day it has looked at (bounded), and holiday sets are cached per year, so a
``status()`` call normally touches two or three cached days only.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_HORIZON",
    "OSLO",
    "HoursSpecError",
    "Schedule",
    "Status",
    "is_public_holiday",
    "validate",
]

OSLO = ZoneInfo("Europe/Oslo")

#: How far ``status()`` looks ahead for the next opening / the end of an open stretch.
DEFAULT_HORIZON = timedelta(days=14)

DAY_CODES: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")
_DAY_INDEX = {code: i for i, code in enumerate(DAY_CODES)}
_PH = "ph"
KINDS = ("always", "unknown", "weekly")
HOLIDAY_POLICIES = ("closed", "as_weekday", "unknown")
PARITIES = ("even", "odd")

_TIME_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_MIN = 1440


# --------------------------------------------------------------------------- holidays


@lru_cache(maxsize=64)
def _holiday_dates(year: int) -> frozenset[date]:
    import holidays  # imported lazily: it is slow to import and only needed on a cache miss

    # include_sundays=False: ordinary Sundays are not holidays (Easter Sunday etc. still are).
    return frozenset(holidays.Norway(years=year, include_sundays=False).keys())


def is_public_holiday(d: date) -> bool:
    """True if ``d`` is a Norwegian public holiday ("rød dag"); ordinary Sundays are not."""
    if isinstance(d, datetime):
        d = d.date()
    return d in _holiday_dates(d.year)


# --------------------------------------------------------------------------- validation


class HoursSpecError(ValueError):
    """An hours spec is invalid; the message names the field and the problem."""


def _fail(path: str, message: str):
    raise HoursSpecError(f"{path}: {message}" if path else message)


def _check_keys(obj: dict, path: str, required: tuple[str, ...], optional: tuple[str, ...]):
    for key in required:
        if key not in obj:
            _fail(path, f"missing required key '{key}'")
    allowed = set(required) | set(optional)
    for key in obj:
        if key not in allowed:
            _fail(path, f"unexpected key {key!r} (allowed: {', '.join(sorted(allowed))})")


def _check_text(value, path: str):
    if not isinstance(value, dict) or not value:
        _fail(path, "must be a non-empty object of language code -> text")
    for lang, text in value.items():
        if not isinstance(lang, str) or not isinstance(text, str):
            _fail(path, "must map language codes to strings")
    if "nb" not in value:
        _fail(path, "must have an 'nb' text")


def _parse_time(value, path: str, *, allow_24: bool) -> int:
    """Minutes after midnight; '24:00' (closing times only) is 1440."""
    if isinstance(value, str):
        if _TIME_RE.match(value):
            return int(value[:2]) * 60 + int(value[3:])
        if allow_24 and value == "24:00":
            return _DAY_MIN
    _fail(path, f"{value!r} is not a time HH:MM" + (" (00:00-24:00)" if allow_24 else " (00:00-23:59)"))


def _parse_date(value, path: str) -> date:
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(path, f"{value!r} is not a date YYYY-MM-DD")


def _parse_month_day(value, path: str) -> tuple[int, int]:
    """"MM-DD" of a window that recurs every year (an uncertain season)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}-\d{2}", value):
        _fail(path, f"{value!r} is not a month and day 'MM-DD'")
    try:
        date(2000, int(value[:2]), int(value[3:]))  # a leap year: 02-29 is allowed
    except ValueError:
        _fail(path, f"{value!r} is not a real month and day")
    return int(value[:2]), int(value[3:])


def _check_rules(rules, path: str) -> None:
    if not isinstance(rules, list):
        _fail(path, "must be a list of rules")
    for i, rule in enumerate(rules):
        rpath = f"{path}[{i}]"
        if not isinstance(rule, dict):
            _fail(rpath, "must be an object with days, open, close")
        _check_keys(rule, rpath, ("days", "open", "close"), ("week_parity",))
        days = rule["days"]
        if not isinstance(days, list) or not days:
            _fail(f"{rpath}.days", "must be a non-empty list of day codes")
        seen = set()
        for j, code in enumerate(days):
            if code not in _DAY_INDEX and code != _PH:
                _fail(f"{rpath}.days[{j}]", f"{code!r} is not a day code (mo tu we th fr sa su ph)")
            if code in seen:
                _fail(f"{rpath}.days[{j}]", f"day {code!r} is listed twice")
            seen.add(code)
        _parse_time(rule["open"], f"{rpath}.open", allow_24=False)
        _parse_time(rule["close"], f"{rpath}.close", allow_24=True)
        if "week_parity" in rule and rule["week_parity"] not in PARITIES:
            _fail(f"{rpath}.week_parity", f"{rule['week_parity']!r} is not 'even' or 'odd'")


def validate(spec: dict) -> None:
    """Check an hours spec; raise ``HoursSpecError`` naming the first problem found."""
    if not isinstance(spec, dict):
        _fail("", f"hours spec must be an object, not {type(spec).__name__}")
    kind = spec.get("kind")
    if "kind" not in spec:
        _fail("kind", "missing (one of 'always', 'unknown', 'weekly')")
    if kind not in KINDS:
        _fail("kind", f"{kind!r} is not one of 'always', 'unknown', 'weekly'")
    if kind in ("always", "unknown"):
        _check_keys(spec, "", ("kind",), ("note",))
        if "note" in spec:
            _check_text(spec["note"], "note")
        return
    _check_keys(spec, "", ("kind", "holidays", "rules"), ("seasons", "uncertain_seasons", "note"))
    if spec["holidays"] not in HOLIDAY_POLICIES:
        _fail("holidays", f"{spec['holidays']!r} is not one of 'closed', 'as_weekday', 'unknown'")
    if "note" in spec:
        _check_text(spec["note"], "note")
    _check_rules(spec["rules"], "rules")
    seasons = spec.get("seasons", [])
    if not isinstance(seasons, list):
        _fail("seasons", "must be a list of seasons")
    ranges = []
    for i, season in enumerate(seasons):
        spath = f"seasons[{i}]"
        if not isinstance(season, dict):
            _fail(spath, "must be an object with label, from, to, rules")
        _check_keys(season, spath, ("label", "from", "to", "rules"), ())
        _check_text(season["label"], f"{spath}.label")
        start = _parse_date(season["from"], f"{spath}.from")
        end = _parse_date(season["to"], f"{spath}.to")
        if start > end:
            _fail(spath, f"from {season['from']!r} is after to {season['to']!r}")
        _check_rules(season["rules"], f"{spath}.rules")
        for j, (other_start, other_end) in enumerate(ranges):
            if start <= other_end and other_start <= end:
                _fail(spath, f"dates overlap seasons[{j}]")
        ranges.append((start, end))
    uncertain = spec.get("uncertain_seasons", [])
    if not isinstance(uncertain, list):
        _fail("uncertain_seasons", "must be a list of uncertain seasons")
    for i, season in enumerate(uncertain):
        spath = f"uncertain_seasons[{i}]"
        if not isinstance(season, dict):
            _fail(spath, "must be an object with label, from, to, rules")
        _check_keys(season, spath, ("label", "from", "to", "rules"), ("source",))
        _check_text(season["label"], f"{spath}.label")
        for key in ("from", "to"):
            _parse_month_day(season[key], f"{spath}.{key}")
        _check_rules(season["rules"], f"{spath}.rules")


# --------------------------------------------------------------------------- time helpers


@lru_cache(maxsize=8192)
def _day_info(ordinal: int) -> tuple[int, bool]:
    """(UTC timestamp of local midnight, True if the day has no UTC-offset change)."""
    d = date.fromordinal(ordinal)
    n = d + timedelta(days=1)
    midnight = int(datetime(d.year, d.month, d.day, tzinfo=OSLO).timestamp())
    next_midnight = int(datetime(n.year, n.month, n.day, tzinfo=OSLO).timestamp())
    return midnight, next_midnight - midnight == 86400


def _offset_at(ts: int) -> timedelta:
    return datetime.fromtimestamp(ts, OSLO).utcoffset()


def _wall_to_ts_slow(ordinal: int, minute: int, is_end: bool) -> int:
    """Convert a wall time on a day with a DST transition (see module docstring)."""
    d = date.fromordinal(ordinal)
    naive = datetime(d.year, d.month, d.day, minute // 60, minute % 60)
    t0 = int(naive.replace(tzinfo=OSLO, fold=0).timestamp())
    t1 = int(naive.replace(tzinfo=OSLO, fold=1).timestamp())
    if t0 == t1:
        return t0
    if t0 < t1:  # ambiguous (fall back): open at first occurrence, close at the second
        return t1 if is_end else t0
    # Non-existent (spring forward): t1 < transition <= t0; find the transition instant.
    after = _offset_at(t0)
    lo, hi = t1, t0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset_at(mid) == after:
            hi = mid
        else:
            lo = mid
    return hi


def _wall_to_ts(ordinal: int, minute: int, is_end: bool) -> int:
    """UTC timestamp of wall time ``minute`` (0..2880) counted from local midnight of day."""
    ordinal += minute // _DAY_MIN
    minute %= _DAY_MIN
    midnight, regular = _day_info(ordinal)
    if regular or minute == 0:
        return midnight + minute * 60
    return _wall_to_ts_slow(ordinal, minute, is_end)


def _require_aware(at: datetime, name: str = "at") -> None:
    if not isinstance(at, datetime):
        raise TypeError(f"{name} must be a datetime")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {at.isoformat()})")


def _local_ordinal(ts: float) -> int:
    return datetime.fromtimestamp(ts, OSLO).toordinal()


def _aware(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, OSLO)


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class Status:
    """Open now? ``open`` is None when unknown.

    ``closes_at``: end of the current open stretch (None if closed/unknown, or if open for
    the whole look-ahead horizon / always open). ``opens_at``: start of the next known
    opening when closed (None if open, unknown, or no opening within the horizon).
    ``unknown_from`` (extra, optional): when closed, the start of a window whose status is
    unknown (holiday with policy "unknown") that comes before ``opens_at``, so a page does
    not claim "opens Friday" when the line may open on the holiday Thursday.

    The datetimes carry ``tzinfo=OSLO``. Beware Python's rule that aware datetimes sharing
    a tzinfo subtract and compare by *wall clock* (ignoring ``fold``): around the autumn
    fall-back, compare ``.timestamp()`` values or convert to UTC first.
    """

    open: bool | None
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    unknown_from: datetime | None = None
    #: True when ``open`` is None because of an uncertain season ("usikkert"): hours are known
    #: to differ in a period whose exact dates are not known (e.g. "in the Christmas holiday").
    uncertain: bool = False


_ALWAYS_OPEN = Status(True, None, None)
_UNKNOWN = Status(None, None, None)
_UNCERTAIN = Status(None, None, None, None, True)


@dataclass(frozen=True)
class _Rule:
    open: int  # minutes after start-day midnight
    end: int  # minutes after start-day midnight, open < end <= open + 1440
    parity: int | None  # ISO week % 2 required, or None
    days: tuple[str, ...]


@dataclass(frozen=True)
class _RuleSet:
    by_weekday: tuple[tuple[_Rule, ...], ...]  # 7 entries
    ph: tuple[_Rule, ...]
    rules: tuple[_Rule, ...]  # in spec order (for display)

    @property
    def empty(self) -> bool:
        return not self.rules


def _build_ruleset(rules: list[dict]) -> _RuleSet:
    parsed = []
    for rule in rules:
        open_min = _parse_time(rule["open"], "open", allow_24=False)
        close_min = _parse_time(rule["close"], "close", allow_24=True)
        end = close_min if close_min > open_min else close_min + _DAY_MIN
        parity = {"even": 0, "odd": 1}.get(rule.get("week_parity"))
        parsed.append(_Rule(open_min, end, parity, tuple(rule["days"])))
    by_weekday = tuple(
        tuple(sorted((r for r in parsed if code in r.days), key=lambda r: (r.open, r.end)))
        for code in DAY_CODES
    )
    ph = tuple(sorted((r for r in parsed if _PH in r.days), key=lambda r: (r.open, r.end)))
    return _RuleSet(by_weekday, ph, tuple(parsed))


@dataclass(frozen=True)
class _Season:
    start: int  # ordinal, inclusive
    end: int  # ordinal, inclusive
    label: tuple[tuple[str, str], ...]
    ruleset: _RuleSet


_Segments = tuple[tuple[int, int], ...]
_DAY_CACHE_MAX = 1024


class Schedule:
    """An immutable, validated opening-hours schedule. Build with ``Schedule.from_spec``."""

    __slots__ = (
        "_days",
        "_lock",
        "_never_opens",
        "_normal",
        "_seasons",
        "_spec_json",
        "_uncertain",
        "always_open",
        "holidays",
        "kind",
        "known",
        "note",
    )

    def __init__(self, spec: dict, *, _validated: bool = False):
        if not _validated:
            validate(spec)
        kind = spec["kind"]
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "always_open", kind == "always")
        object.__setattr__(self, "known", kind != "unknown")
        object.__setattr__(self, "holidays", spec.get("holidays"))
        object.__setattr__(self, "note", tuple(sorted(spec.get("note", {}).items())))
        normal = _build_ruleset(spec.get("rules", []))
        seasons = tuple(
            sorted(
                (
                    _Season(
                        date.fromisoformat(s["from"]).toordinal(),
                        date.fromisoformat(s["to"]).toordinal(),
                        tuple(sorted(s["label"].items())),
                        _build_ruleset(s["rules"]),
                    )
                    for s in spec.get("seasons", [])
                ),
                key=lambda s: s.start,
            )
        )
        object.__setattr__(
            self,
            "_uncertain",
            tuple(
                (tuple(int(x) for x in u["from"].split("-")), tuple(int(x) for x in u["to"].split("-")),
                 tuple(sorted(u["label"].items())), _build_ruleset(u["rules"]))
                for u in spec.get("uncertain_seasons", [])
            ),
        )
        object.__setattr__(self, "_normal", normal)
        object.__setattr__(self, "_seasons", seasons)
        object.__setattr__(self, "_days", {})
        object.__setattr__(self, "_spec_json", json.dumps(spec, sort_keys=True, ensure_ascii=False))
        object.__setattr__(
            self,
            "_never_opens",
            kind == "weekly" and normal.empty and all(s.ruleset.empty for s in seasons),
        )
        object.__setattr__(self, "_lock", threading.Lock())

    def __setattr__(self, name, value):
        raise AttributeError("Schedule is immutable")

    def __delattr__(self, name):
        raise AttributeError("Schedule is immutable")

    def __eq__(self, other):
        return isinstance(other, Schedule) and other._spec_json == self._spec_json

    def __hash__(self):
        return hash(self._spec_json)

    def __repr__(self):
        return f"Schedule({self._spec_json})"

    @classmethod
    def from_spec(cls, spec: dict) -> Schedule:
        """Validate ``spec`` and return a schedule (equal specs share one cached instance)."""
        if not isinstance(spec, dict):
            validate(spec)  # raises with a clear message
        try:
            key = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise HoursSpecError(f"hours spec is not JSON data: {exc}") from None
        return _schedule_from_json(key)

    # ---------------------------------------------------------------- day computation

    def _ruleset_for(self, ordinal: int) -> _RuleSet:
        for season in self._seasons:
            if season.start <= ordinal <= season.end:
                return season.ruleset
        return self._normal

    def _day(self, ordinal: int) -> tuple[_Segments, _Segments]:
        """(open segments, unknown segments) of periods starting on the day, as UTC
        timestamps, sorted by start, empty ones dropped. Memoised."""
        cached = self._days.get(ordinal)
        if cached is not None:
            return cached
        rs = self._ruleset_for(ordinal)
        d = date.fromordinal(ordinal)
        parity = d.isocalendar()[1] % 2
        weekday = [r for r in rs.by_weekday[d.weekday()] if r.parity is None or r.parity == parity]
        unknown_rules: list[_Rule] = []
        if (rs.ph or weekday) and is_public_holiday(d):
            ph = [r for r in rs.ph if r.parity is None or r.parity == parity]
            if self.holidays == "as_weekday":
                open_rules = weekday + ph
            elif self.holidays == "unknown":
                open_rules, unknown_rules = ph, weekday
            else:
                open_rules = ph
        else:
            open_rules = weekday
        opens, unknowns, uncertain = self._segments(ordinal, open_rules), self._segments(ordinal, unknown_rules), ()
        season = self._uncertain_season(d)
        if season is not None:
            # Both sets of hours may apply: open where both say open, uncertain where only one does.
            other = [r for r in season[3].by_weekday[d.weekday()] if r.parity is None or r.parity == parity]
            alt = self._segments(ordinal, other)
            both = _intersect(opens, alt)
            uncertain = _subtract(_union(opens, alt), both)
            opens, unknowns = both, tuple(sorted(unknowns + uncertain))
        result = (opens, unknowns, uncertain)
        with self._lock:
            if len(self._days) >= _DAY_CACHE_MAX:
                self._days.clear()
            self._days[ordinal] = result
        return result

    def _uncertain_season(self, d: date):
        md = (d.month, d.day)
        for season in self._uncertain:
            start, end = season[0], season[1]
            if (start <= md <= end) if start <= end else (md >= start or md <= end):
                return season
        return None

    @staticmethod
    def _segments(ordinal: int, rules: list[_Rule]) -> _Segments:
        segs = []
        for r in rules:
            start = _wall_to_ts(ordinal, r.open, False)
            end = _wall_to_ts(ordinal, r.end, True)
            if start < end:
                segs.append((start, end))
        segs.sort()
        return tuple(segs)

    def _next_active_day(self, ordinal: int, last: int) -> int:
        """Smallest day >= ordinal (<= last + 1) on which some rule could apply; skips
        stretches outside seasons when the normal rules are empty."""
        if not self._normal.empty:
            return ordinal
        while ordinal <= last:
            for season in self._seasons:
                if season.start <= ordinal <= season.end:
                    if not season.ruleset.empty:
                        return ordinal
                    ordinal = season.end + 1
                    break
            else:
                upcoming = [s.start for s in self._seasons if s.start > ordinal]
                if not upcoming:
                    return last + 1
                ordinal = min(upcoming)
        return ordinal

    # ---------------------------------------------------------------- public API

    def status(self, at: datetime, horizon: timedelta = DEFAULT_HORIZON) -> Status:
        """Status at instant ``at`` (timezone-aware). ``horizon`` bounds the look-ahead for
        ``closes_at`` / ``opens_at``."""
        _require_aware(at)
        if self.always_open:
            return _ALWAYS_OPEN
        if not self.known:
            return _UNKNOWN
        if self._never_opens:
            return Status(False, None, None)
        t = at.timestamp()
        limit = t + horizon.total_seconds()
        day = _local_ordinal(t)
        prev_open, prev_unknown, prev_uncertain = self._day(day - 1)
        cur_open, cur_unknown, cur_uncertain = self._day(day)

        # Open now? Find the segments containing t, then follow touching segments forward.
        segs = sorted(prev_open + cur_open)
        end = None
        for s, e in segs:
            if s <= t < e and (end is None or e > end):
                end = e
        if end is not None:
            for s, e in segs:  # sorted by start: one pass merges the two days
                if s <= end < e:
                    end = e
            n = day + 1
            # Segments of day n start at or after local midnight of n.
            while end < limit and end >= _day_info(n)[0]:
                for s, e in self._day(n)[0]:
                    if s > end:
                        break
                    end = max(end, e)
                n += 1
            return Status(True, _aware(end) if end < limit else None, None)

        for s, e in prev_uncertain + cur_uncertain:
            if s <= t < e:
                return _UNCERTAIN
        for s, e in prev_unknown + cur_unknown:
            if s <= t < e:
                return _UNKNOWN

        # Closed: the first segment starting after t. Segments of day n start in
        # [midnight(n), midnight(n+1)), so the first day that has one holds the minimum.
        unknown_from = None
        last = _local_ordinal(limit)
        n = day
        while n <= last:
            n = self._next_active_day(n, last)
            if n > last:
                break
            opens, unknowns, _uncertain = self._day(n)
            if unknown_from is None:
                for s, _e in unknowns:
                    if s > t:
                        unknown_from = s
                        break
            for s, _e in opens:
                if s > t:
                    if s > limit:
                        n = last + 1
                        break
                    if unknown_from is not None and unknown_from >= s:
                        unknown_from = None
                    return Status(False, None, _aware(s), _aware(unknown_from) if unknown_from else None)
            n += 1
        if unknown_from is not None and unknown_from > limit:
            unknown_from = None
        return Status(False, None, None, _aware(unknown_from) if unknown_from else None)

    def is_open(self, at: datetime) -> bool | None:
        """Shortcut for ``status(at).open``."""
        return self.status(at).open

    def _merged(self, first: int, last: int) -> list[list[int]]:
        segs = []
        for n in range(first, last + 1):
            segs.extend(self._day(n)[0])
        segs.sort()
        merged: list[list[int]] = []
        for s, e in segs:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return merged

    def periods(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Merged, known-open intervals ``[open, close)`` that overlap ``[start, end)``.

        Intervals are not clipped to ``[start, end)``: a stretch that began before ``start``
        is returned with its real opening instant (followed up to ``DEFAULT_HORIZON`` beyond
        the window on each side). For ``kind: always`` the single interval is
        ``(start, end)``; for ``kind: unknown`` the list is empty. Unknown windows (holiday
        policy "unknown") are not included.
        """
        _require_aware(start, "start")
        _require_aware(end, "end")
        ts0, ts1 = start.timestamp(), end.timestamp()
        if ts1 <= ts0 or not self.known:
            return []
        if self.always_open:
            return [(start.astimezone(OSLO), end.astimezone(OSLO))]
        first = _local_ordinal(ts0) - 1
        last = _local_ordinal(ts1)
        max_extra = DEFAULT_HORIZON.days
        lo, hi = first, last
        while True:
            merged = [m for m in self._merged(lo, hi) if m[1] > ts0 and m[0] < ts1]
            grow = False
            if merged and merged[0][0] <= _day_info(lo + 1)[0] and first - lo < max_extra:
                lo -= 1
                grow = True
            if merged and merged[-1][1] >= _day_info(hi + 1)[0] and hi - last < max_extra:
                hi += 1
                grow = True
            if not grow:
                break
        return [(_aware(s), _aware(e)) for s, e in merged]

    # ---------------------------------------------------------------- display

    def week_table(self, language: str = "nb", gettext=None) -> list[tuple[str, str]]:
        """Readable rows for a public page, e.g. ``("Mandag", "18:30–22:30")``.

        One row per weekday (normal rules), then a public-holiday row, then one row per
        season and per uncertain season, then a note row if the spec has a note. Labels are
        bokmål message ids translated with ``gettext`` (the caller's, e.g. Django's);
        ``language`` picks the season labels and notes from the data and the date format.
        """
        L = _labels(language, gettext)
        lang = language
        note = _pick(dict(self.note), lang)
        if self.always_open:
            rows = [(L["every_day"], L["always"])]
            if note:
                rows.append((L["note"], note))
            return rows
        if not self.known:
            return [(L["hours"], note or L["unknown"])]
        rows = []
        for i, day_name in enumerate(L["days"]):
            rows.append((day_name, _cap(_rules_text(self._normal.by_weekday[i], L)) or L["closed"]))
        rows.append((L["holidays"], _cap(self._holiday_text(self._normal, L))))
        for season in self._seasons:
            label = _pick(dict(season.label), lang)
            start, end = date.fromordinal(season.start), date.fromordinal(season.end)
            rows.append((f"{label} ({L['date_range'](start, end)})", self._season_text(season.ruleset, L)))
        for start_md, end_md, label, ruleset in self._uncertain:
            name = _pick(dict(label), lang)
            window = f"{L['about']} {start_md[1]:02d}.{start_md[0]:02d}–{end_md[1]:02d}.{end_md[0]:02d}"
            rows.append((f"{name} ({window})", f"{self._season_text(ruleset, L)} ({L['uncertain']})"))
        if note:
            rows.append((L["note"], note))
        return rows

    def _holiday_text(self, rs: _RuleSet, L: dict) -> str:
        ph = _rules_text(rs.ph, L)
        if self.holidays == "as_weekday":
            return L["as_weekday"] + (L["and_also"].format(ph) if ph else "")
        if self.holidays == "unknown":
            return L["ph_else_unknown"].format(ph) if ph else L["unknown"]
        return ph or L["closed"]

    def _season_text(self, rs: _RuleSet, L: dict) -> str:
        texts = [_rules_text(rs.by_weekday[i], L) for i in range(7)]
        parts = []
        if all(texts) and len(set(texts)) == 1:
            parts.append(f"{L['every_day_lc']} {texts[0]}")
        else:
            i = 0
            while i < 7:
                j = i
                while j + 1 < 7 and texts[j + 1] == texts[i]:
                    j += 1
                if texts[i]:
                    names = L["days_lc"][i] if i == j else f"{L['days_lc'][i]}–{L['days_lc'][j]}"
                    parts.append(f"{names} {texts[i]}")
                i = j + 1
        if rs.ph or (any(texts) and self.holidays != "closed"):
            holiday = self._holiday_text(rs, L)
            parts.append(f"{L['holidays_lc']}: {holiday[0].lower()}{holiday[1:]}")
        if not parts:
            return L["closed"]
        text = "; ".join(parts)
        return text[0].upper() + text[1:]


def _union(a: _Segments, b: _Segments) -> _Segments:
    merged: list[list[int]] = []
    for s, e in sorted(a + b):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


def _intersect(a: _Segments, b: _Segments) -> _Segments:
    out = [(max(s1, s2), min(e1, e2)) for s1, e1 in _union(a, ()) for s2, e2 in _union(b, ()) if max(s1, s2) < min(e1, e2)]
    return tuple(sorted(out))


def _subtract(a: _Segments, b: _Segments) -> _Segments:
    out = []
    for s, e in a:
        pieces = [(s, e)]
        for bs, be in b:
            pieces = [p for ps, pe in pieces for p in ((ps, min(pe, bs)), (max(ps, be), pe)) if p[0] < p[1]]
        out.extend(pieces)
    return tuple(sorted(out))


@lru_cache(maxsize=1024)
def _schedule_from_json(key: str) -> Schedule:
    spec = json.loads(key)
    validate(spec)
    return Schedule(spec, _validated=True)


# --------------------------------------------------------------------------- labels


def _pick(texts: dict, lang: str) -> str | None:
    if not texts:
        return None
    return texts.get(lang) or texts.get("nb") or next(iter(texts.values()))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hhmm(minute: int) -> str:
    if minute == _DAY_MIN:
        return "24:00"
    minute %= _DAY_MIN
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _rule_text(r: _Rule, L: dict) -> str:
    if r.open == 0 and r.end == _DAY_MIN:
        text = L["all_day"]
    elif r.end - r.open == _DAY_MIN:
        text = f"{_hhmm(r.open)}–{_hhmm(r.end)} {L['next_day']}"
    else:
        text = f"{_hhmm(r.open)}–{_hhmm(r.end)}"
    if r.parity is not None:
        text += f" ({L['even'] if r.parity == 0 else L['odd']})"
    return text


def _rules_text(rules, L: dict) -> str:
    return ", ".join(_rule_text(r, L) for r in rules)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def gettext_noop(message: str) -> str:
    """Marks a message for translation (``makemessages``); the caller passes ``gettext``."""
    return message


# Message ids (bokmål, the source language); ``week_table(gettext=...)`` translates them.
_MESSAGES = {
    "days": (gettext_noop("Mandag"), gettext_noop("Tirsdag"), gettext_noop("Onsdag"), gettext_noop("Torsdag"),
             gettext_noop("Fredag"), gettext_noop("Lørdag"), gettext_noop("Søndag")),
    "days_lc": (gettext_noop("mandag"), gettext_noop("tirsdag"), gettext_noop("onsdag"), gettext_noop("torsdag"),
                gettext_noop("fredag"), gettext_noop("lørdag"), gettext_noop("søndag")),
    "closed": gettext_noop("Stengt"),
    "holidays": gettext_noop("Helligdager"),
    "holidays_lc": gettext_noop("helligdager"),
    "as_weekday": gettext_noop("Som vanlige ukedager"),
    "and_also": gettext_noop(", og {}"),
    "ph_else_unknown": gettext_noop("{}, ellers ikke kjent"),
    "unknown": gettext_noop("Ikke kjent"),
    "even": gettext_noop("partallsuker"),
    "odd": gettext_noop("oddetallsuker"),
    "every_day": gettext_noop("Alle dager"),
    "every_day_lc": gettext_noop("alle dager"),
    "always": gettext_noop("Hele døgnet"),
    "all_day": gettext_noop("hele døgnet"),
    "next_day": gettext_noop("(neste dag)"),
    "hours": gettext_noop("Åpningstider"),
    "note": gettext_noop("Merk"),
    "uncertain": gettext_noop("usikkert: eksakte datoer ikke kjent, ellers som vanlig"),
    "about": gettext_noop("omtrent"),
}


def _labels(language: str, gettext) -> dict:
    _ = gettext or (lambda message: message)
    labels = {k: tuple(_(x) for x in v) if isinstance(v, tuple) else _(v) for k, v in _MESSAGES.items()}
    if language == "en":
        labels["date_range"] = lambda a, b: (
            f"{a.day} {_MONTHS_EN[a.month - 1]} {a.year} – {b.day} {_MONTHS_EN[b.month - 1]} {b.year}"
        )
    else:
        labels["date_range"] = lambda a, b: f"{a:%d.%m.%Y}–{b:%d.%m.%Y}"
    return labels
