from datetime import timedelta

import pytest
from icalendar import Calendar

from losen.conftest import sign_in
from losen.rota import actions, queries
from losen.rota.models import Assignment, CalendarToken, ShiftTemplate


@pytest.mark.django_db
def test_private_calendar_feed_with_a_revocable_token(orgs, volunteer, shift, client):
    kari = volunteer("kari")
    s = shift()
    actions.sign_up(s, kari)
    sign_in(client, kari)
    client.post("/vakter/kalender/", {"action": "new"})
    token = CalendarToken.objects.get(user=kari, revoked_at__isnull=True).token
    client.logout()
    response = client.get(f"/vakter/kalender/{token}/")
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(events) == 1 and "Kveldschat" in str(events[0]["summary"])
    assert events[0].decoded("dtstart") == s.starts_at
    assert not response.cookies
    sign_in(client, kari)
    client.post("/vakter/kalender/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/vakter/kalender/{token}/").status_code == 404


@pytest.mark.django_db
def test_gaps_board_shows_shifts_under_minimum_or_without_leader(orgs, volunteer, shift, leader, client):
    kari, ola = volunteer("kari"), volunteer("ola")
    full = shift(starts_in=timedelta(days=2))
    for u in (kari, ola):
        actions.sign_up(full, u)
    actions.sign_up(full, leader, role=Assignment.LEADER)
    no_leader = shift(starts_in=timedelta(days=3))
    for u in (kari, ola):
        actions.sign_up(no_leader, u)
    shift(starts_in=timedelta(days=4))  # empty
    shift(starts_in=timedelta(days=40))  # beyond four weeks
    board = queries.gaps_board(orgs["a"])
    rows = board[0]["rows"]
    assert [(r["under"], r["no_leader"]) for r in rows] == [(False, False), (False, True), (True, True)]
    assert board[0]["gaps"] == 2
    sign_in(client, leader)
    page = client.get("/vakter/org/org-a/").content.decode()
    assert page.count('class="gap"') == 2 and "Ingen vaktleder" in page


@pytest.mark.django_db
def test_templates_make_a_month_of_shifts_across_midnight(orgs, service, coordinator, client):
    sign_in(client, coordinator)
    client.post("/vakter/org/org-a/maler/", {
        "form": "template", "name": "Kveldschat", "service": str(service.pk), "channel": "chat", "weekdays": ["2", "3", "4"],
        "starts": "18:30", "ends": "01:30", "min_responders": "3", "leader_required": "on",
    })
    template = ShiftTemplate.objects.get()
    client.post("/vakter/org/org-a/maler/", {"form": "generate", "month": "2027-03-01"})
    shifts = list(template.shifts.all())
    assert len(shifts) == 13  # Wednesdays (5), Thursdays (4) and Fridays (4) in March 2027
    assert all(s.ends_at - s.starts_at == timedelta(hours=7) and s.min_responders == 3 for s in shifts)
    client.post("/vakter/org/org-a/maler/", {"form": "generate", "month": "2027-03-01"})
    assert template.shifts.count() == 13  # idempotent
