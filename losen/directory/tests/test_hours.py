"""Tests for the opening-hours engine (plain Python, no Django needed)."""

from __future__ import annotations

import functools
import itertools
import os
from datetime import UTC, date, datetime, timedelta

import holidays as holidays_lib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from losen.directory.hours import (

    OSLO,
    HoursSpecError,
    Schedule,
    Status,
    is_public_holiday,
    validate,
)


def en_table(schedule):
    """Week table in English: labels are bokmål message ids translated by Django's gettext."""
    from django.utils import translation

    with translation.override("en"):
        return schedule.week_table("en", gettext=translation.gettext)


def at(y, mo, d, h=0, mi=0, fold=0):
    return datetime(y, mo, d, h, mi, tzinfo=OSLO, fold=fold)


def real(a, b):
    """Elapsed real time (aware datetimes sharing a tzinfo subtract as wall clock)."""
    return timedelta(seconds=b.timestamp() - a.timestamp())


def T(dt):
    """POSIX timestamp. Aware datetimes sharing a tzinfo compare by wall clock, ignoring
    fold, so comparisons around the autumn fall-back must use timestamps."""
    return dt.timestamp()


def shift(dt, **kw):
    """dt + timedelta(**kw) in real (UTC) time; same-tzinfo arithmetic would be wall time."""
    return (dt.astimezone(UTC) + timedelta(**kw)).astimezone(OSLO)


def weekly(rules, holidays="closed", seasons=None):
    spec = {"kind": "weekly", "holidays": holidays, "rules": rules}
    if seasons is not None:
        spec["seasons"] = seasons
    return spec


ALL_DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]

KIRKENS_SOS_CHAT = weekly(
    [
        {"days": ["mo", "tu"], "open": "18:30", "close": "22:30"},
        {"days": ["we", "th", "fr"], "open": "18:30", "close": "01:30"},
        {"days": ["sa", "su"], "open": "14:30", "close": "01:30"},
    ],
    holidays="as_weekday",
)
MANNSTELEFONEN = weekly([{"days": ["mo", "tu", "we", "th"], "open": "17:00", "close": "20:00"}], "closed")
VO_LINJEN_CHAT = weekly(
    [{"days": ["mo", "tu", "we", "th", "fr"], "open": "09:00", "close": "20:00"}], "as_weekday"
)
KORS_PA_HALSEN_SEASON = weekly(
    [],
    "closed",
    seasons=[
        {
            "label": {"nb": "Sommer", "en": "Summer"},
            "from": "2026-06-22",
            "to": "2026-08-14",
            "rules": [{"days": ALL_DAYS, "open": "16:00", "close": "22:00"}],
        }
    ],
)
NORTHERN_SAMI = weekly([{"days": ["we"], "open": "18:00", "close": "21:00", "week_parity": "even"}], "closed")


# --------------------------------------------------------------------------- holidays


def test_public_holidays():
    assert is_public_holiday(date(2026, 5, 14))  # Kristi himmelfartsdag (Thursday)
    assert is_public_holiday(date(2026, 4, 6))  # 2. påskedag
    assert is_public_holiday(date(2026, 4, 5))  # 1. påskedag is a holiday although a Sunday
    assert is_public_holiday(date(2026, 5, 17))  # Grunnlovsdag, a Sunday in 2026
    assert is_public_holiday(date(2026, 12, 25))
    assert not is_public_holiday(date(2026, 5, 10))  # ordinary Sunday
    assert not is_public_holiday(date(2026, 12, 24))  # julaften is not a public holiday
    assert not is_public_holiday(date(2026, 5, 13))


def test_holidays_library_parameter():
    # The parameter really is called include_sundays in holidays 0.109.
    with_sundays = holidays_lib.Norway(years=2026, include_sundays=True)
    assert date(2026, 5, 10) in with_sundays
    assert date(2026, 5, 10) not in holidays_lib.Norway(years=2026, include_sundays=False)


# --------------------------------------------------------------------------- seed cases


def test_kirkens_sos_past_midnight():
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    # 2026-05-07 is a Thursday: 00:30 is inside Wednesday's 18:30-01:30 period.
    st_ = s.status(at(2026, 5, 7, 0, 30))
    assert st_ == Status(True, at(2026, 5, 7, 1, 30), None)
    assert st_.closes_at.tzinfo is OSLO
    # Closing instant is closed; next opening is Thursday 18:30.
    assert s.status(at(2026, 5, 7, 1, 30)) == Status(False, None, at(2026, 5, 7, 18, 30))
    # Opening instant is open.
    assert s.status(at(2026, 5, 7, 18, 30)).open is True
    assert s.status(at(2026, 5, 7, 18, 29)).opens_at == at(2026, 5, 7, 18, 30)
    # Monday 22:30 closes for the night (Mon-Tue rule does not pass midnight).
    assert s.status(at(2026, 5, 4, 22, 0)).closes_at == at(2026, 5, 4, 22, 30)
    assert s.status(at(2026, 5, 4, 23, 0)) == Status(False, None, at(2026, 5, 5, 18, 30))
    # Sunday 14:30 until Monday 01:30.
    assert s.status(at(2026, 5, 11, 1, 0)) == Status(True, at(2026, 5, 11, 1, 30), None)
    assert s.status(at(2026, 5, 10, 14, 30)).closes_at == at(2026, 5, 11, 1, 30)


def test_always_open():
    s = Schedule.from_spec({"kind": "always"})
    assert s.always_open and s.known
    assert s.status(at(2026, 12, 25, 3, 0)) == Status(True, None, None)
    start, end = at(2026, 1, 1), at(2026, 1, 2)
    assert s.periods(start, end) == [(start, end)]
    assert s.week_table() == [("Alle dager", "Hele døgnet")]
    assert en_table(s) == [("Every day", "Open 24 hours")]


def test_mannstelefonen_closed_on_holidays():
    s = Schedule.from_spec(MANNSTELEFONEN)
    # Kristi himmelfartsdag 2026-05-14 (Thursday): closed; next opening Monday 18th.
    assert s.status(at(2026, 5, 14, 18, 0)) == Status(False, None, at(2026, 5, 18, 17, 0))
    # The day before is a normal Wednesday.
    assert s.status(at(2026, 5, 13, 18, 0)) == Status(True, at(2026, 5, 13, 20, 0), None)
    # Wednesday after closing: Thursday is skipped.
    assert s.status(at(2026, 5, 13, 20, 0)).opens_at == at(2026, 5, 18, 17, 0)
    # Easter: skjærtorsdag 2 Apr and 2. påskedag 6 Apr closed -> opens Tuesday 7 Apr.
    assert s.status(at(2026, 4, 6, 18, 0)) == Status(False, None, at(2026, 4, 7, 17, 0))
    assert s.status(at(2026, 4, 1, 20, 0)).opens_at == at(2026, 4, 7, 17, 0)
    assert s.week_table()[-1] == ("Helligdager", "Stengt")


def test_vo_linjen_open_on_weekday_holidays():
    s = Schedule.from_spec(VO_LINJEN_CHAT)
    assert s.status(at(2026, 5, 14, 12, 0)) == Status(True, at(2026, 5, 14, 20, 0), None)
    assert s.status(at(2026, 4, 6, 9, 0)).open is True  # 2. påskedag, Monday
    assert s.status(at(2026, 5, 17, 12, 0)).open is False  # Sunday holiday: no weekday rule
    assert s.status(at(2026, 5, 17, 12, 0)).opens_at == at(2026, 5, 18, 9, 0)
    assert ("Helligdager", "Som vanlige ukedager") in s.week_table()
    assert ("Public holidays", "As on ordinary weekdays") in en_table(s)


def test_seasonal_kors_pa_halsen():
    s = Schedule.from_spec(KORS_PA_HALSEN_SEASON)
    assert s.status(at(2026, 6, 21, 17, 0)) == Status(False, None, at(2026, 6, 22, 16, 0))
    assert s.status(at(2026, 6, 22, 16, 0)) == Status(True, at(2026, 6, 22, 22, 0), None)
    assert s.status(at(2026, 8, 14, 21, 59)).open is True  # last day inclusive
    assert s.status(at(2026, 8, 15, 17, 0)).open is False
    # After the season, nothing opens within the horizon.
    assert s.status(at(2026, 8, 15, 17, 0)) == Status(False, None, None)
    # Far before the season: found with a long horizon, not with the default one.
    assert s.status(at(2026, 5, 1, 12, 0)).opens_at is None
    assert s.status(at(2026, 5, 1, 12, 0), horizon=timedelta(days=120)).opens_at == at(2026, 6, 22, 16, 0)
    rows = s.week_table()
    assert rows[0] == ("Mandag", "Stengt")
    assert rows[-1] == ("Sommer (22.06.2026–14.08.2026)", "Alle dager 16:00–22:00")
    assert en_table(s)[-1] == ("Summer (22 Jun 2026 – 14 Aug 2026)", "Every day 16:00–22:00")


def test_season_replaces_normal_rules():
    spec = weekly(
        [{"days": ALL_DAYS, "open": "09:00", "close": "12:00"}],
        "closed",
        seasons=[
            {
                "label": {"nb": "Jul"},
                "from": "2026-12-19",
                "to": "2027-01-03",
                "rules": [
                    {"days": ["mo", "tu", "we", "th", "fr"], "open": "16:00", "close": "22:00"},
                    {"days": ["ph"], "open": "12:00", "close": "14:00"},
                ],
            }
        ],
    )
    s = Schedule.from_spec(spec)
    assert s.status(at(2026, 12, 18, 10, 0)).open is True
    assert s.status(at(2026, 12, 21, 10, 0)).open is False  # Monday in season: no morning
    assert s.status(at(2026, 12, 21, 16, 0)).open is True
    assert s.status(at(2026, 12, 19, 16, 0)).open is False  # Saturday in season
    assert s.status(at(2026, 12, 25, 12, 30)).open is True  # season ph rule
    assert s.status(at(2026, 12, 25, 16, 30)).open is False  # holiday closed
    assert s.status(at(2027, 1, 4, 10, 0)).open is True  # back to normal
    assert s.week_table()[-1] == (
        "Jul (19.12.2026–03.01.2027)",
        "Mandag–fredag 16:00–22:00; helligdager: 12:00–14:00",
    )
    # Seasons fall back to nb labels in other languages.
    assert s.week_table("se")[0][0] == "Mandag"


def test_northern_sami_even_weeks():
    s = Schedule.from_spec(NORTHERN_SAMI)
    # 2026-05-06 is a Wednesday in ISO week 19 (odd), 2026-05-13 in week 20 (even).
    assert date(2026, 5, 6).isocalendar()[1] == 19
    assert s.status(at(2026, 5, 6, 19, 0)) == Status(False, None, at(2026, 5, 13, 18, 0))
    assert s.status(at(2026, 5, 13, 19, 0)) == Status(True, at(2026, 5, 13, 21, 0), None)
    assert s.status(at(2026, 5, 13, 21, 0)).opens_at == at(2026, 5, 27, 18, 0)
    assert ("Onsdag", "18:00–21:00 (partallsuker)") in s.week_table()
    assert ("Wednesday", "18:00–21:00 (even weeks)") in en_table(s)
    assert ("Torsdag", "Stengt") in s.week_table()


def test_week_parity_uses_iso_week_of_start_day_across_year_end():
    # 2026-12-31 is Thursday of ISO week 53 (odd); 2027-01-01 is Friday of 2026-W53 too.
    spec = weekly(
        [{"days": ["th", "fr"], "open": "22:00", "close": "02:00", "week_parity": "odd"}], "as_weekday"
    )
    s = Schedule.from_spec(spec)
    assert date(2027, 1, 1).isocalendar()[:2] == (2026, 53)
    assert s.status(at(2027, 1, 1, 23, 0)).open is True
    # ISO week 1 of 2027 is odd too, so Thursday 7 and Friday 8 Jan are open; week 2 is even.
    assert s.status(at(2027, 1, 7, 23, 0)).open is True
    assert s.status(at(2027, 1, 8, 23, 0)).open is True
    assert s.status(at(2027, 1, 14, 23, 0)).open is False


def test_unknown_kind():
    s = Schedule.from_spec({"kind": "unknown", "note": {"nb": "Varierer", "en": "Varies"}})
    assert not s.known and not s.always_open
    assert s.status(at(2026, 5, 6, 12, 0)) == Status(None, None, None)
    assert s.periods(at(2026, 5, 6), at(2026, 5, 7)) == []
    assert s.week_table() == [("Åpningstider", "Varierer")]
    assert en_table(s) == [("Opening hours", "Varies")]
    assert s.week_table("fr") == [("Åpningstider", "Varierer")]
    assert en_table(Schedule.from_spec({"kind": "unknown"})) == [("Opening hours", "Not known")]


def test_holidays_unknown_policy():
    s = Schedule.from_spec(
        weekly([{"days": ["mo", "tu", "we", "th"], "open": "17:00", "close": "20:00"}], "unknown")
    )
    # Kristi himmelfartsdag: the weekday rule would have applied 17-20 -> unknown.
    assert s.status(at(2026, 5, 14, 18, 0)) == Status(None, None, None)
    assert s.status(at(2026, 5, 14, 17, 0)).open is None
    # Outside those hours it is closed either way.
    assert s.status(at(2026, 5, 14, 20, 0)) == Status(False, None, at(2026, 5, 18, 17, 0))
    # Before the unknown window: closed, next known opening Monday, unknown window flagged.
    st_ = s.status(at(2026, 5, 14, 10, 0))
    assert st_ == Status(False, None, at(2026, 5, 18, 17, 0), at(2026, 5, 14, 17, 0))
    assert s.status(at(2026, 5, 13, 20, 0)).unknown_from == at(2026, 5, 14, 17, 0)
    # A Sunday holiday with no Sunday rule is simply closed.
    assert s.status(at(2026, 5, 17, 18, 0)).open is False
    # Unknown windows are not part of periods().
    assert s.periods(at(2026, 5, 14), at(2026, 5, 15)) == []
    assert ("Helligdager", "Ikke kjent") in s.week_table()
    assert ("Public holidays", "Not known") in en_table(s)


def test_holidays_unknown_with_ph_rule_and_overnight():
    s = Schedule.from_spec(
        weekly(
            [
                {"days": ["we", "th"], "open": "18:00", "close": "02:00"},
                {"days": ["ph"], "open": "12:00", "close": "19:00"},
            ],
            "unknown",
        )
    )
    # Wednesday's period runs into the holiday Thursday: known open, closes 02:00.
    assert s.status(at(2026, 5, 14, 1, 0)) == Status(True, at(2026, 5, 14, 2, 0), None)
    # ph rule is known open; it ends where the unknown weekday window takes over.
    assert s.status(at(2026, 5, 14, 18, 30)) == Status(True, at(2026, 5, 14, 19, 0), None)
    assert s.status(at(2026, 5, 14, 19, 0)).open is None
    assert s.status(at(2026, 5, 15, 1, 0)).open is None  # past midnight of the unknown period
    assert s.status(at(2026, 5, 15, 2, 0)).open is False
    assert ("Helligdager", "12:00–19:00, ellers ikke kjent") in s.week_table()


def test_overnight_period_runs_into_holiday():
    # Holiday policy "closed", but Wednesday 13 May's period runs into Kristi himmelfartsdag.
    s = Schedule.from_spec(weekly([{"days": ALL_DAYS, "open": "20:00", "close": "03:00"}], "closed"))
    assert s.status(at(2026, 5, 14, 2, 0)) == Status(True, at(2026, 5, 14, 3, 0), None)
    assert s.status(at(2026, 5, 14, 20, 0)) == Status(False, None, at(2026, 5, 15, 20, 0))


def test_merging_adjacent_periods():
    s = Schedule.from_spec(
        weekly(
            [
                {"days": ["su"], "open": "14:00", "close": "22:00"},
                {"days": ["su"], "open": "22:00", "close": "24:00"},
                {"days": ["mo"], "open": "00:00", "close": "02:00"},
                {"days": ["mo"], "open": "01:00", "close": "03:00"},
            ],
            "as_weekday",
        )
    )
    assert s.status(at(2026, 5, 10, 15, 0)) == Status(True, at(2026, 5, 11, 3, 0), None)
    assert s.periods(at(2026, 5, 10, 23, 0), at(2026, 5, 10, 23, 30)) == [
        (at(2026, 5, 10, 14, 0), at(2026, 5, 11, 3, 0))
    ]


def test_full_week_weekly_spec_is_open_through_horizon():
    s = Schedule.from_spec(weekly([{"days": ALL_DAYS, "open": "00:00", "close": "24:00"}], "as_weekday"))
    assert s.status(at(2026, 5, 10, 15, 0)) == Status(True, None, None)
    assert s.status(at(2026, 5, 10, 15, 0), horizon=timedelta(days=1)) == Status(True, None, None)
    assert ("Mandag", "Hele døgnet") in s.week_table()


def test_24_hour_period_open_equals_close():
    s = Schedule.from_spec(weekly([{"days": ["fr"], "open": "18:00", "close": "18:00"}], "closed"))
    assert s.status(at(2026, 5, 9, 17, 59)) == Status(True, at(2026, 5, 9, 18, 0), None)
    assert ("Fredag", "18:00–18:00 (neste dag)") in s.week_table()


def test_midnight_closing_forms_are_equal():
    a = Schedule.from_spec(weekly([{"days": ["mo"], "open": "18:00", "close": "00:00"}], "closed"))
    b = Schedule.from_spec(weekly([{"days": ["mo"], "open": "18:00", "close": "24:00"}], "closed"))
    for s in (a, b):
        assert s.status(at(2026, 5, 4, 23, 59)).closes_at == at(2026, 5, 5, 0, 0)
        assert s.status(at(2026, 5, 5, 0, 0)).open is False
        assert s.week_table()[0] == ("Mandag", "18:00–24:00")


def test_kirkens_week_table():
    rows = Schedule.from_spec(KIRKENS_SOS_CHAT).week_table()
    assert rows[:3] == [("Mandag", "18:30–22:30"), ("Tirsdag", "18:30–22:30"), ("Onsdag", "18:30–01:30")]
    assert rows[6] == ("Søndag", "14:30–01:30")
    assert rows[7] == ("Helligdager", "Som vanlige ukedager")
    assert len(rows) == 8


# --------------------------------------------------------------------------- DST


def test_dst_spring_forward_nonexistent_close_resolves_to_transition():
    # 2026-03-29: clocks go 02:00 -> 03:00. Saturday's 18:00-02:30 ends at the transition,
    # 03:00 CEST (01:00 UTC), the first instant whose wall clock is not before 02:30.
    s = Schedule.from_spec(weekly([{"days": ["sa"], "open": "18:00", "close": "02:30"}], "closed"))
    st_ = s.status(at(2026, 3, 29, 1, 30))
    assert st_.open is True
    assert st_.closes_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert st_.closes_at.strftime("%H:%M %Z") == "03:00 CEST"
    assert s.status(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)).open is True
    assert s.status(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).open is False
    ((start, end),) = s.periods(at(2026, 3, 28, 12), at(2026, 3, 29, 12))
    assert real(start, end) == timedelta(hours=8)  # real time: half an hour short of 8.5 h


def test_dst_spring_forward_nonexistent_open():
    s = Schedule.from_spec(
        weekly(
            [
                {"days": ["su"], "open": "02:30", "close": "05:00"},
                {"days": ["sa"], "open": "02:15", "close": "02:45"},
            ],
            "closed",
        )
    )
    # Opening inside the gap starts at 03:00 CEST.
    assert s.status(at(2026, 3, 29, 1, 0)).opens_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert s.status(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).open is True
    # A normal Sunday 02:30 still means 02:30 (5 April is Easter Sunday, closed).
    assert s.status(at(2026, 4, 5, 1, 0)).opens_at == at(2026, 4, 11, 2, 15)
    assert s.status(at(2026, 4, 12, 1, 0)).opens_at == at(2026, 4, 12, 2, 30)
    # A period entirely inside the gap would be empty; nothing with start == end appears.
    for a, b in s.periods(at(2026, 3, 27), at(2026, 3, 31)):
        assert T(a) < T(b)


def test_dst_spring_forward_empty_period_inside_gap():
    s = Schedule.from_spec(weekly([{"days": ["su"], "open": "02:15", "close": "02:45"}], "as_weekday"))
    assert s.periods(at(2026, 3, 28), at(2026, 3, 30)) == []
    assert s.status(at(2026, 3, 29, 1, 0)).opens_at == at(2026, 4, 5, 2, 15)


def test_dst_autumn_fall_back_period_is_longer():
    # 2026-10-25: clocks go 03:00 -> 02:00. 00:30-02:30 closes at the *second* 02:30.
    s = Schedule.from_spec(weekly([{"days": ["su"], "open": "00:30", "close": "02:30"}], "closed"))
    ((start, end),) = s.periods(at(2026, 10, 24), at(2026, 10, 26))
    assert real(start, end) == timedelta(hours=3)
    assert end - start == timedelta(hours=2)  # Python's same-tzinfo arithmetic is wall time!
    assert end == at(2026, 10, 25, 2, 30, fold=1)
    # (PEP 495: a fold-dependent time never compares equal across time zones; use timestamps.)
    assert end.timestamp() == datetime(2026, 10, 25, 1, 30, tzinfo=UTC).timestamp()
    first_0230 = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    st_ = s.status(first_0230)
    assert st_.open is True and st_.closes_at == end and st_.closes_at.fold == 1
    assert s.status(datetime(2026, 10, 25, 1, 10, tzinfo=UTC)).open is True  # 02:10 CET
    assert s.status(end).open is False


def test_dst_autumn_overnight_past_midnight():
    # Saturday 24 Oct 2026 22:00 to Sunday 03:00: 6 h of real time on the fall-back night.
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    st_ = s.status(at(2026, 10, 25, 1, 0))
    assert st_ == Status(True, at(2026, 10, 25, 1, 30), None)
    ((start, end),) = [p for p in s.periods(at(2026, 10, 24, 12), at(2026, 10, 24, 20))]
    assert real(start, end) == timedelta(hours=11)  # 14:30 -> 01:30, no ambiguity at 01:30
    s2 = Schedule.from_spec(weekly([{"days": ["sa"], "open": "22:00", "close": "03:00"}], "closed"))
    ((start, end),) = s2.periods(at(2026, 10, 24, 12), at(2026, 10, 25, 12))
    assert real(start, end) == timedelta(hours=6)


def test_dst_spring_overnight_kirkens():
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    # Saturday 28 Mar 14:30 -> Sunday 01:30 (before the gap): 11 h as usual.
    assert s.status(at(2026, 3, 29, 1, 0)).closes_at == at(2026, 3, 29, 1, 30)
    # Sunday 29 Mar 14:30 (CEST) -> Monday 01:30.
    assert s.status(at(2026, 3, 29, 12, 0)).opens_at == at(2026, 3, 29, 14, 30)
    assert at(2026, 3, 29, 14, 30).utcoffset() == timedelta(hours=2)


# --------------------------------------------------------------------------- API details


def test_naive_datetime_rejected():
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    with pytest.raises(ValueError, match="timezone-aware"):
        s.status(datetime(2026, 5, 7, 0, 30))
    with pytest.raises(ValueError, match="timezone-aware"):
        s.periods(datetime(2026, 5, 7), at(2026, 5, 8))
    with pytest.raises(ValueError):
        Schedule.from_spec({"kind": "always"}).status(datetime(2026, 5, 7))


def test_other_timezones_accepted():
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    assert s.status(datetime(2026, 5, 6, 22, 30, tzinfo=UTC)).closes_at == at(2026, 5, 7, 1, 30)


def test_from_spec_cached_and_immutable():
    a = Schedule.from_spec(KIRKENS_SOS_CHAT)
    b = Schedule.from_spec(dict(KIRKENS_SOS_CHAT))
    assert a is b and a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.always_open = True
    assert Schedule(KIRKENS_SOS_CHAT) == a


def test_periods_window():
    s = Schedule.from_spec(KIRKENS_SOS_CHAT)
    ps = s.periods(at(2026, 5, 4), at(2026, 5, 11))  # Monday to Monday
    assert ps[0] == (at(2026, 5, 3, 14, 30), at(2026, 5, 4, 1, 30))  # Sunday's, unclipped
    assert ps[-1] == (at(2026, 5, 10, 14, 30), at(2026, 5, 11, 1, 30))
    assert len(ps) == 8
    assert s.periods(at(2026, 5, 5), at(2026, 5, 5)) == []


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "sometimes"}, "kind: 'sometimes' is not one of 'always', 'unknown', 'weekly'"),
        ({}, "kind: missing"),
        ("always", "hours spec must be an object"),
        ({"kind": "weekly", "rules": []}, "missing required key 'holidays'"),
        ({"kind": "weekly", "holidays": "maybe", "rules": []}, "holidays: 'maybe' is not one of"),
        ({"kind": "weekly", "holidays": "closed"}, "missing required key 'rules'"),
        (
            weekly(
                [
                    {"days": ["mo"], "open": "09:00", "close": "10:00"},
                    {"days": ["xx"], "open": "09:00", "close": "10:00"},
                ]
            ),
            "rules[1].days[0]: 'xx' is not a day code",
        ),
        (
            weekly([{"days": [], "open": "09:00", "close": "10:00"}]),
            "rules[0].days: must be a non-empty list",
        ),
        (
            weekly([{"days": ["mo", "mo"], "open": "09:00", "close": "10:00"}]),
            "rules[0].days[1]: day 'mo' is listed twice",
        ),
        (
            weekly(
                [{"days": ["mo"], "open": "09:00", "close": "10:00"}] * 2
                + [{"days": ["tu"], "open": "25:00", "close": "10:00"}]
            ),
            "rules[2].open: '25:00' is not a time HH:MM",
        ),
        (
            weekly([{"days": ["mo"], "open": "9:00", "close": "10:00"}]),
            "rules[0].open: '9:00' is not a time HH:MM",
        ),
        (
            weekly([{"days": ["mo"], "open": "24:00", "close": "10:00"}]),
            "rules[0].open: '24:00' is not a time HH:MM",
        ),
        (
            weekly([{"days": ["mo"], "open": "09:00", "close": "10:60"}]),
            "rules[0].close: '10:60' is not a time",
        ),
        (weekly([{"days": ["mo"], "open": "09:00", "close": 10}]), "rules[0].close: 10 is not a time"),
        (weekly([{"days": ["mo"], "open": "09:00"}]), "rules[0]: missing required key 'close'"),
        (
            weekly([{"days": ["mo"], "open": "09:00", "close": "10:00", "week_parity": "2"}]),
            "rules[0].week_parity: '2'",
        ),
        (
            weekly([{"days": ["mo"], "open": "09:00", "close": "10:00", "parity": "even"}]),
            "rules[0]: unexpected key 'parity'",
        ),
        (
            weekly(
                [], seasons=[{"label": {"nb": "x"}, "from": "2026-12-20", "to": "2026-12-19", "rules": []}]
            ),
            "seasons[0]: from '2026-12-20' is after to '2026-12-19'",
        ),
        (
            weekly(
                [], seasons=[{"label": {"nb": "x"}, "from": "2026-02-30", "to": "2026-12-19", "rules": []}]
            ),
            "seasons[0].from: '2026-02-30' is not a date YYYY-MM-DD",
        ),
        (
            weekly(
                [], seasons=[{"label": {"en": "x"}, "from": "2026-01-01", "to": "2026-12-19", "rules": []}]
            ),
            "seasons[0].label: must have an 'nb' text",
        ),
        (
            weekly(
                [],
                seasons=[
                    {"label": {"nb": "a"}, "from": "2026-01-01", "to": "2026-01-10", "rules": []},
                    {"label": {"nb": "b"}, "from": "2026-01-10", "to": "2026-01-20", "rules": []},
                ],
            ),
            "seasons[1]: dates overlap seasons[0]",
        ),
        (
            weekly(
                [],
                seasons=[
                    {
                        "label": {"nb": "x"},
                        "from": "2026-01-01",
                        "to": "2026-01-02",
                        "rules": [{"days": ["mo"], "open": "x", "close": "10:00"}],
                    }
                ],
            ),
            "seasons[0].rules[0].open: 'x' is not a time HH:MM",
        ),
        ({"kind": "always", "rules": []}, "unexpected key 'rules'"),
    ],
)
def test_validation_errors(spec, message):
    with pytest.raises(HoursSpecError) as excinfo:
        validate(spec)
    assert message in str(excinfo.value)
    with pytest.raises(HoursSpecError):
        Schedule.from_spec(spec)
    assert isinstance(excinfo.value, ValueError)


def test_valid_specs_pass():
    for spec in (KIRKENS_SOS_CHAT, MANNSTELEFONEN, VO_LINJEN_CHAT, KORS_PA_HALSEN_SEASON, NORTHERN_SAMI):
        validate(spec)
    validate({"kind": "always"})
    validate({"kind": "unknown", "note": {"nb": "Varierer", "en": "Varies"}})
    validate(weekly([{"days": ["ph"], "open": "00:00", "close": "24:00"}], "unknown"))


# --------------------------------------------------------------------------- properties

_TIMES = [f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 1440, 30)]
_DST_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]
_SPECIAL_DAYS = _DST_DAYS + [
    date(2026, 4, 2),
    date(2026, 4, 6),
    date(2026, 5, 14),
    date(2026, 5, 17),
    date(2026, 12, 25),
    date(2027, 1, 1),
]

rule_st = st.fixed_dictionaries(
    {
        "days": st.lists(st.sampled_from(ALL_DAYS + ["ph"]), min_size=1, max_size=8, unique=True),
        "open": st.sampled_from(_TIMES),
        "close": st.sampled_from(_TIMES + ["24:00"]),
    },
    optional={"week_parity": st.sampled_from(["even", "odd"])},
)


@st.composite
def spec_st(draw):
    kind = draw(st.sampled_from(["weekly"] * 8 + ["always", "unknown"]))
    if kind != "weekly":
        return {"kind": kind}
    spec = {
        "kind": "weekly",
        "holidays": draw(st.sampled_from(["closed", "as_weekday", "unknown"])),
        "rules": draw(st.lists(rule_st, max_size=4)),
    }
    n = draw(st.integers(0, 2))
    if n:
        base = date(2026, 1, 1).toordinal()
        cuts = sorted(draw(st.lists(st.integers(0, 730), min_size=2 * n, max_size=2 * n, unique=True)))
        spec["seasons"] = [
            {
                "label": {"nb": f"S{i}"},
                "from": date.fromordinal(base + cuts[2 * i]).isoformat(),
                "to": date.fromordinal(base + cuts[2 * i + 1]).isoformat(),
                "rules": draw(st.lists(rule_st, max_size=3)),
            }
            for i in range(n)
        ]
    return spec


@st.composite
def instant_st(draw):
    """Random instants in 2026-2027, biased to boundaries, DST nights and holidays."""
    how = draw(st.integers(0, 2))
    if how == 0:
        ts = draw(
            st.integers(
                int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()),
                int(datetime(2027, 12, 31, tzinfo=UTC).timestamp()),
            )
        )
        return datetime.fromtimestamp(ts, OSLO)
    if how == 1:
        d = draw(st.sampled_from(_SPECIAL_DAYS))
    else:
        d = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 729)))
    minute = draw(st.integers(0, 47)) * 30
    fold = draw(st.integers(0, 1))
    local = datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=OSLO, fold=fold)
    # Normalise (non-existent wall times) through UTC.
    return local.astimezone(UTC).astimezone(OSLO)


def _ref_wall(d: date, minute: int, is_end: bool) -> float:
    """Reference for wall time -> instant by brute force over UTC minutes."""
    d = d + timedelta(days=minute // 1440)
    minute %= 1440
    target = datetime(d.year, d.month, d.day, minute // 60, minute % 60)
    guess = datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(minutes=minute - 180)
    hits, later = [], None
    for i in range(6 * 60 + 1):
        u = guess + timedelta(minutes=i)
        wall = u.astimezone(OSLO).replace(tzinfo=None)
        if wall == target:
            hits.append(u)
        elif wall > target and later is None:
            later = u
    if hits:
        return (hits[-1] if is_end else hits[0]).timestamp()
    return later.timestamp()


@functools.lru_cache
def _ref_holidays(year):
    return holidays_lib.Norway(years=year, include_sundays=False)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _ref_open(spec: dict, instant: datetime) -> bool | None:
    """Straightforward reference implementation of status().open."""
    if spec["kind"] == "always":
        return True
    if spec["kind"] == "unknown":
        return None
    t = instant.timestamp()
    local_day = instant.astimezone(OSLO).date()
    unknown = False
    for d in (local_day - timedelta(days=1), local_day):
        rules = spec["rules"]
        for season in spec.get("seasons", []):
            if date.fromisoformat(season["from"]) <= d <= date.fromisoformat(season["to"]):
                rules = season["rules"]
        holiday = d in _ref_holidays(d.year)
        code = ALL_DAYS[d.weekday()]
        for rule in rules:
            parity = rule.get("week_parity")
            if parity and (d.isocalendar()[1] % 2 == 0) != (parity == "even"):
                continue
            o, c = _minutes(rule["open"]), 1440 if rule["close"] == "24:00" else _minutes(rule["close"])
            if c <= o:
                c += 1440
            inside = _ref_wall(d, o, False) <= t < _ref_wall(d, c, True)
            if not inside:
                continue
            if "ph" in rule["days"] and holiday:
                return True
            if code in rule["days"]:
                if not holiday or spec["holidays"] == "as_weekday":
                    return True
                if spec["holidays"] == "unknown":
                    unknown = True
    return None if unknown else False


# HOURS_MAX_EXAMPLES=5000 for a deeper local run.
_PROP = settings(
    max_examples=int(os.environ.get("HOURS_MAX_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_PROP
@given(spec_st(), instant_st())
def test_property_status_matches_reference(spec, instant):
    validate(spec)
    assert Schedule.from_spec(spec).status(instant).open is _ref_open(spec, instant)


@_PROP
@given(spec_st(), instant_st())
def test_property_opens_at_and_closes_at(spec, instant):
    s = Schedule.from_spec(spec)
    st_ = s.status(instant)
    if st_.opens_at is not None:
        assert st_.open is False
        assert T(st_.opens_at) > T(instant)
        assert real(instant, st_.opens_at) <= timedelta(days=14)
        assert s.status(st_.opens_at).open is True
        assert _ref_open(spec, st_.opens_at) is True
        # Nothing opens in between: just before opens_at it is not open.
        assert s.status(shift(st_.opens_at, seconds=-1)).open is not True
    if st_.open is True and st_.closes_at is not None:
        assert T(st_.closes_at) > T(instant)
        assert s.status(st_.closes_at).open is not True
        assert _ref_open(spec, st_.closes_at) is not True
        assert s.status(shift(st_.closes_at, seconds=-1)).open is True
    if st_.unknown_from is not None:
        assert st_.open is False and T(st_.unknown_from) > T(instant)
        assert st_.opens_at is None or T(st_.unknown_from) < T(st_.opens_at)
        assert s.status(st_.unknown_from).open is None
    for value in (st_.opens_at, st_.closes_at, st_.unknown_from):
        assert value is None or value.tzinfo is OSLO
    if st_.open is not False:
        assert st_.opens_at is None


@_PROP
@given(spec_st(), instant_st())
def test_property_periods_agree_with_status(spec, instant):
    s = Schedule.from_spec(spec)
    ps = s.periods(shift(instant, days=-2), shift(instant, days=2))
    for a, b in ps:
        assert T(a) < T(b)
    for (_a1, b1), (a2, _b2) in itertools.pairwise(ps):
        assert T(b1) < T(a2)  # merged: no touching or overlapping neighbours
    inside = [p for p in ps if T(p[0]) <= T(instant) < T(p[1])]
    st_ = s.status(instant)
    assert (st_.open is True) == bool(inside)
    if inside and st_.closes_at is not None and not s.always_open:
        assert T(st_.closes_at) == T(inside[0][1])
    if st_.opens_at is not None and T(st_.opens_at) < T(shift(instant, days=2)):
        assert T(st_.opens_at) == min(T(a) for a, _b in ps if T(a) > T(instant))


@_PROP
@given(spec_st(), instant_st())
def test_property_periods_boundaries(spec, instant):
    s = Schedule.from_spec(spec)
    assume(not s.always_open)  # always: the window itself is returned
    end = shift(instant, days=1)
    for a, b in s.periods(instant, end):
        assert s.status(a).open is True
        # Stretches are followed up to 14 days beyond the window, then cut.
        if T(b) <= T(shift(end, days=14)):
            assert s.status(b).open is not True
        if T(a) >= T(shift(instant, days=-14)):
            assert s.status(shift(a, seconds=-1)).open is not True


@settings(max_examples=100, deadline=None)
@given(spec_st(), st.sampled_from(["nb", "en", "se"]))
def test_property_week_table_renders(spec, language):
    rows = Schedule.from_spec(spec).week_table(language)
    assert rows and all(isinstance(k, str) and isinstance(v, str) and k and v for k, v in rows)


# ----------------------------------------------------------------------------- uncertain seasons
KORS_UNCERTAIN = {
    "kind": "weekly",
    "holidays": "as_weekday",
    "rules": [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "open": "14:00", "close": "22:00"}],
    "uncertain_seasons": [
        {"label": {"nb": "Juleferie", "en": "Christmas holiday"}, "from": "12-18", "to": "01-03",
         "rules": [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "open": "16:00", "close": "22:00"}],
         "source": "003: 16-22 in the Christmas holiday, dates not given"},
    ],
}


def test_uncertain_season_reads_usikkert_not_open():
    s = Schedule.from_spec(KORS_UNCERTAIN)
    mid_christmas = s.status(at(2026, 12, 28, 15, 0))
    assert mid_christmas.open is None and mid_christmas.uncertain  # "usikkert", not "Åpen"
    assert s.status(at(2027, 1, 2, 15, 0)).uncertain  # the window wraps over New Year
    assert s.status(at(2026, 12, 28, 17, 0)).open is True  # open under both sets of hours
    assert s.status(at(2026, 12, 28, 23, 0)).open is False
    assert s.status(at(2026, 11, 28, 15, 0)) == Status(True, at(2026, 11, 28, 22, 0), None)  # outside: normal hours
    assert "usikkert" in s.week_table()[-1][1]


def test_uncertain_season_validation():
    bad = {**KORS_UNCERTAIN, "uncertain_seasons": [{**KORS_UNCERTAIN["uncertain_seasons"][0], "from": "2026-12-18"}]}
    with pytest.raises(HoursSpecError, match="MM-DD"):
        validate(bad)
