"""The plain rules: deadlines (midnight, DST), the inbox order, claims, flags, retention."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from losen.letters import rules

OSLO = ZoneInfo("Europe/Oslo")
UTC = ZoneInfo("UTC")


def elapsed(a, b):
    """Real time between two aware datetimes (same-zone subtraction in Python is wall-clock)."""
    return b.astimezone(UTC) - a.astimezone(UTC)


def oslo(*args):
    return datetime(*args, tzinfo=OSLO)


def test_answer_by_is_24_real_hours_later_in_oslo_time():
    assert rules.answer_by(oslo(2026, 12, 3, 14, 5), 24) == oslo(2026, 12, 4, 14, 5)


def test_answer_by_across_midnight():
    got = rules.answer_by(oslo(2026, 12, 3, 23, 30), 2)
    assert got == oslo(2026, 12, 4, 1, 30) and got.tzinfo is not None


def test_answer_by_48_hours_across_new_year():
    assert rules.answer_by(oslo(2026, 12, 31, 22, 0), 48) == oslo(2027, 1, 2, 22, 0)


def test_answer_by_across_spring_forward_counts_real_hours():
    # Sunday 29 March 2026 02:00 CET -> 03:00 CEST: 24 real hours end at 15:05 on the clock
    received = oslo(2026, 3, 28, 14, 5)
    got = rules.answer_by(received, 24)
    assert elapsed(received, got) == timedelta(hours=24)
    assert (got.hour, got.minute, got.day) == (15, 5, 29)
    assert got.utcoffset() == timedelta(hours=2)


def test_answer_by_across_fall_back_counts_real_hours():
    # Sunday 25 October 2026 03:00 CEST -> 02:00 CET: 24 real hours end at 13:05 on the clock
    received = oslo(2026, 10, 24, 14, 5)
    got = rules.answer_by(received, 24)
    assert elapsed(received, got) == timedelta(hours=24)
    assert (got.hour, got.day) == (13, 25)
    assert got.utcoffset() == timedelta(hours=1)


def test_answer_by_inside_the_repeated_hour():
    first = datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC"))  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("UTC"))  # 02:30 CET
    assert elapsed(rules.answer_by(first, 1), rules.answer_by(second, 1)) == timedelta(hours=1)


def test_answer_by_refuses_naive_times_and_no_hours():
    with pytest.raises(ValueError):
        rules.answer_by(datetime(2026, 1, 1, 12, 0), 24)
    with pytest.raises(ValueError):
        rules.answer_by(oslo(2026, 1, 1, 12, 0), 0)


@settings(deadline=None)  # a shared machine: no wall-clock limits in tests
@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(ZoneInfo("UTC"))), st.integers(1, 24 * 14))
def test_answer_by_is_always_exactly_the_promised_elapsed_time(received, hours):
    assert elapsed(received, rules.answer_by(received, hours)) == timedelta(hours=hours)


def test_remaining_counts_down_and_marks_overdue():
    now = oslo(2026, 12, 3, 12, 0)
    assert rules.remaining(oslo(2026, 12, 3, 15, 12), now) == {"overdue": False, "hours": 3, "minutes": 12, "seconds": 11520}
    late = rules.remaining(oslo(2026, 12, 3, 10, 55), now)
    assert late["overdue"] and (late["hours"], late["minutes"]) == (1, 5)


def item(i, risk=False, language="nb", hours=0):
    return rules.Item(i, risk, language, oslo(2026, 12, 3, 12, 0) + timedelta(hours=hours))


def test_inbox_order_risk_first_then_deadline():
    items = [item(1, hours=1), item(2, risk=True, hours=20), item(3, hours=-2), item(4, risk=True, hours=5)]
    assert [i.id for i in rules.order(items)] == [4, 2, 3, 1]


def test_sami_threads_come_first_only_for_responders_with_that_language():
    items = [item(1, hours=1), item(2, language="se", hours=10), item(3, risk=True, hours=12), item(4, language="sma", hours=3)]
    assert [i.id for i in rules.order(items, languages=["nb"])] == [3, 1, 4, 2]
    assert [i.id for i in rules.order(items, languages=["nb", "se"])] == [3, 2, 1, 4]
    assert [i.id for i in rules.order(items, languages=["sma", "se"])] == [3, 4, 2, 1]


def test_claim_rules():
    now = oslo(2026, 12, 3, 12, 0)
    assert rules.claim_free(None, None, now, 7)
    assert not rules.claim_free(5, now + timedelta(minutes=10), now, 7)
    assert rules.claim_free(5, now - timedelta(seconds=1), now, 7)
    assert rules.claim_free(7, now + timedelta(minutes=10), now, 7)


def test_flag_two_hours_before_the_deadline_when_nobody_holds_it():
    now = oslo(2026, 12, 3, 12, 0)
    assert not rules.needs_flag("waiting", now + timedelta(hours=2, minutes=1), None, now)
    assert rules.needs_flag("waiting", now + timedelta(hours=2), None, now)
    assert rules.needs_flag("waiting", now - timedelta(hours=1), None, now)
    assert not rules.needs_flag("waiting", now + timedelta(hours=1), now + timedelta(minutes=5), now)
    assert not rules.needs_flag("answered", now + timedelta(hours=1), None, now)


def test_deletion_n_days_after_the_answer_was_read():
    t0 = oslo(2026, 1, 1, 12, 0)
    answer, read = t0 + timedelta(hours=3), t0 + timedelta(days=1)
    assert rules.deletion_due(answer, answer, read, 30) == read + timedelta(days=30)


def test_deletion_60_days_after_the_last_message_if_never_picked_up():
    t0 = oslo(2026, 1, 1, 12, 0)
    assert rules.deletion_due(t0, None, None, 30) == t0 + timedelta(days=60)  # never answered
    answer = t0 + timedelta(hours=3)
    assert rules.deletion_due(answer, answer, None, 30) == answer + timedelta(days=60)  # answered, never read


def test_a_new_message_after_reading_keeps_the_thread_for_its_answer():
    t0 = oslo(2026, 1, 1, 12, 0)
    answer, read, wrote = t0 + timedelta(hours=3), t0 + timedelta(days=1), t0 + timedelta(days=40)
    assert rules.deletion_due(wrote, answer, read, 30) == wrote + timedelta(days=60)
