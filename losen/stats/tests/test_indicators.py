"""Each indicator's definition on hand-made records (runs on SQLite and PostgreSQL)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from losen.stats import actions, indicators, queries, report
from losen.stats.models import Contact, TriedWhileClosed

OSLO = ZoneInfo("Europe/Oslo")
O = Contact.Outcome


@pytest.fixture
def service(directory):
    from losen.directory.models import Service

    return Service.objects.get(slug="kirkens-sos")


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=OSLO)


def rec(service, channel="chat", outcome=O.ANSWERED, wait=None, handle=None, when=None, **kw):
    return actions.record_contact(organisation=service.organisation, service=service, channel=channel,
                                  received_at=when or at(2, 20, 17), outcome=outcome, wait_seconds=wait, handle_seconds=handle, **kw)


def scope(service, **kw):
    return queries.Scope(date(2026, 3, 1), date(2026, 4, 1), organisation_id=service.organisation_id, **kw)


def test_percentile_is_nearest_rank():
    assert indicators.percentile([(10, 1), (20, 1)], 0.5) == 10
    assert indicators.percentile([(10, 1), (20, 1), (30, 1)], 0.5) == 20
    assert indicators.percentile([(v, 1) for v in range(1, 11)], 0.9) == 9
    assert indicators.percentile([], 0.5) is None


def test_record_keeps_the_hour_not_the_minute(service):
    c = rec(service, when=at(2, 20, 47))
    assert c.received_hour == at(2, 20)
    with pytest.raises(TypeError):
        actions.record_contact(organisation=service.organisation, channel="chat", received_at=at(2, 20), ip_address="x")


def test_the_common_set_on_hand_made_records(service):
    for w in (10, 20, 30, 40, 50, 60):
        rec(service, wait=w, handle=600, first_contact=True)
    rec(service, outcome=O.ABANDONED_ANSWERED, wait=70, handle=0, first_contact=False)
    for w in (100, 200, 300, 400, 500):
        rec(service, outcome=O.ABANDONED_QUEUE, wait=w, first_contact=False)
    for _ in range(5):
        rec(service, outcome=O.CLOSED, wait=900)
    rec(service, outcome=O.OPEN)  # not ended: not counted
    for met in (True, True, True, True, False):
        rec(service, channel="message", wait=3600 * 30, handle=500, deadline_met=met)
    rec(service, channel="group", count=7)
    rec(service, channel="group", count=5)
    rec(service, channel="case", outcome=O.OPEN)
    rec(service, channel="case", outcome=O.ANSWERED)
    for _ in range(5):
        rec(service, channel="inquiry", wait=1000, handle=1200)
    for _ in range(6):
        actions.record_tried_while_closed(service, "chat", at(3, 1, 15))
    assert TriedWhileClosed.objects.get().count == 6

    values = report.summary(scope(service))["indicators"]
    # offered: 7 answered chats (incl. abandoned after answer) + 5 abandoned + 5 closed + 5 messages + 5 inquiries
    assert values["offered"] == 27
    assert values["answered"] == 17
    assert values["answer_rate"] == pytest.approx(17 / 27)
    assert values["abandoned_in_queue"] == 5
    assert values["not_served_closed"] == 5
    assert values["abandoned_after_answer"] is None and values["suppressed"]["abandoned_after_answer"]  # 1: "<5"
    # waits: live channels only (chat here): answered waits 10..70 -> median 40, p90 70
    assert values["wait_seconds_p50"] == 40
    assert values["wait_seconds_p90"] == 70
    assert values["abandon_wait_seconds_p50"] == 300
    assert values["abandon_wait_seconds_p90"] == 500
    # handle: 6×600 + 0 (chat) + 5×500 (messages) + 5×1200 (inquiries) over 17
    assert values["handle_seconds_mean"] == round((3600 + 0 + 2500 + 6000) / 17)
    assert values["tried_while_closed"] == 6
    assert values["first_contact_share"] == pytest.approx(6 / 12)
    assert values["deadline_met_share"] == pytest.approx(4 / 5)
    assert values["group_sessions"] is None and values["suppressed"]["group_sessions"]  # 2 -> "<5"
    assert values["group_attendance"] == 12
    assert values["cases_active"] is None and values["cases_closed"] is None  # 1 and 1
    assert values["inquiries"] == 5


def test_hour_by_weekday_and_week_trend(service):
    for _ in range(6):
        rec(service, when=at(2, 20, 5), wait=5)  # Monday 2 March 2026, 20:00 Oslo time
    rec(service, when=at(8, 23, 59), wait=5)  # Sunday
    grid = queries.heatmap(scope(service))
    assert grid[0][20] == 6 and grid[6][23] == 1
    weeks = queries.weekly(scope(service))
    together = queries.breakdowns(scope(service))
    assert together["heatmap"] == grid and together["weekly"] == weeks
    assert together["wait_minutes"] == queries.wait_minutes(scope(service))
    assert [(w["week"], w["offered"]) for w in weeks] == [(date(2026, 3, 2), 7)]


def test_who_drops_out_by_band(service):
    for _ in range(6):
        rec(service, wait=10, age_band="13-15")
    for _ in range(6):
        rec(service, outcome=O.ABANDONED_QUEUE, wait=100, age_band="13-15")
    for _ in range(7):
        rec(service, wait=10)
    who = report.who_drops_out(queries.who_drops_out(scope(service)), {})
    assert queries.breakdowns(scope(service))["who"] == queries.who_drops_out(scope(service))
    young = next(r for r in who["age_band"] if r["band"] == "13-15")
    assert young["offered"]["value"] == 12 and young["answer_rate"] == pytest.approx(0.5) and young["abandon_rate"] == pytest.approx(0.5)
    not_given = next(r for r in who["age_band"] if r["band"] == "")
    assert not_given["answered"]["value"] == 7


def test_dropout_curve():
    rows = indicators.dropout_curve({"answered": {0: 5, 2: 5}, "abandoned": {1: 10}, "closed": {}}, 20, max_minutes=3)
    assert rows[0] == {"minutes": 0, "still_waiting": 1.0, "gave_up": 0.0}
    assert rows[1]["still_waiting"] == pytest.approx(0.75) and rows[1]["gave_up"] == 0.0
    assert rows[2]["still_waiting"] == pytest.approx(0.25) and rows[2]["gave_up"] == pytest.approx(0.5)
    assert rows[3]["still_waiting"] == 0.0


def test_breakdowns_agree_with_the_total_and_hide_small_rows(service):
    for _ in range(20):
        rec(service, channel="chat", wait=10)
    for _ in range(3):
        rec(service, channel="phone", wait=10)
    data = report.summary(scope(service))
    assert data["by_channel"]["phone"]["offered"] is None and data["by_channel"]["phone"]["suppressed"]["offered"]
    # the total would give the phone figure away (23 - 20): it is hidden too
    assert data["indicators"]["offered"] is None or data["by_channel"]["chat"]["offered"] is None


def test_every_definition_is_translated_to_english():
    from django.utils import translation

    with translation.override("en"):
        from django.utils.translation import gettext

        missing = [i.key for i in indicators.INDICATORS if gettext(i.definition) == i.definition or gettext(i.label) == i.label]
    assert missing == []


def test_wait_percentiles_in_sql_follow_the_nearest_rank_definition(service):
    """The percentiles the database computes (all_counts: percentile_disc on PostgreSQL, a
    grouped histogram elsewhere) are `indicators.percentile` of the same waits, for the total,
    each live channel and each service: with ties, even and odd counts, one-record groups, a
    group with only abandoned waits, and records that do not count (other channels, no wait,
    closed, open)."""
    from losen.directory.models import Service

    other = Service.objects.exclude(pk=service.pk).exclude(organisation=None).first()
    made = [  # (service, channel, outcome, wait)
        *[(service, "chat", O.ANSWERED, w) for w in (5, 5, 5, 9, 12, 12, 40, 41)],  # even, ties
        (service, "chat", O.ABANDONED_ANSWERED, 12),
        *[(service, "chat", O.ABANDONED_QUEUE, w) for w in (30, 30, 31)],  # odd, ties
        (service, "phone", O.ANSWERED, 77),  # a one-record group
        *[(other, "phone", O.ABANDONED_QUEUE, w) for w in (3, 60, 60, 61)],  # only gave up
        (other, "chat", O.ANSWERED, 7),
        (service, "chat", O.ANSWERED, None), (service, "chat", O.CLOSED, 900), (service, "chat", O.OPEN, 1000),
        (service, "message", O.ANSWERED, 3600), (service, "inquiry", O.ANSWERED, 1),
    ]
    for svc, channel, outcome, wait in made:
        actions.record_contact(organisation=svc.organisation, service=svc, channel=channel, received_at=at(2, 20), outcome=outcome, wait_seconds=wait)

    def expected(keep):
        out = {}
        for key, (which, p) in queries.PERCENTILES.items():
            waits = [w for svc, channel, outcome, w in made if keep(svc, channel) and w is not None and channel in ("chat", "phone")
                     and outcome in ((O.ANSWERED, O.ABANDONED_ANSWERED) if which == "answered" else (O.ABANDONED_QUEUE,))]
            out[key] = indicators.percentile([(w, waits.count(w)) for w in set(waits)], p)
        return out

    def found(row):
        return {key: row[key] for key in queries.PERCENTILES}

    raw = queries.all_counts(queries.Scope(date(2026, 3, 1), date(2026, 4, 1)))
    assert found(raw["total"]) == expected(lambda svc, channel: True)
    assert found(raw["total"]) == {"wait_seconds_p50": 12, "wait_seconds_p90": 41, "abandon_wait_seconds_p50": 31, "abandon_wait_seconds_p90": 61}
    for channel in ("chat", "phone"):
        assert found(raw["channel"][channel]) == expected(lambda svc, ch: ch == channel)
    assert found(raw["channel"]["phone"])["wait_seconds_p50"] == 77 and found(raw["channel"]["phone"])["wait_seconds_p90"] == 77
    for svc in (service, other):
        assert found(raw["service"][svc.pk]) == expected(lambda s, ch: s == svc)
    assert found(raw["service"][other.pk])["abandon_wait_seconds_p50"] == 60
    for channel in ("message", "inquiry"):  # no live waits: no percentiles
        assert set(found(raw["channel"][channel]).values()) == {None}
    # the same numbers for one organisation's scope
    mine = queries.all_counts(scope(service))
    assert found(mine["service"][service.pk]) == expected(lambda s, ch: s == service)
    assert found(mine["total"]) == expected(lambda s, ch: s.organisation_id == service.organisation_id)
