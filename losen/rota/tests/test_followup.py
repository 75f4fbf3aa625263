"""After the shift: check-in from the console's signal, debrief requests and offers, strain."""

from datetime import timedelta

import pytest
from django.utils import timezone

from losen.conftest import sign_in
from losen.rota import queries, signals
from losen.rota.models import CheckIn, Debrief


@pytest.mark.django_db
def test_going_off_duty_opens_the_checkin_and_yes_creates_a_debrief(orgs, volunteer, coordinator, client):
    kari = volunteer("kari")
    now = timezone.now()
    signals.went_off_duty.send(sender=None, user=kari, organisation=orgs["a"], channel="chat", started_at=now - timedelta(hours=3), ended_at=now)
    checkin = CheckIn.objects.get(user=kari)
    assert checkin.channel == "chat" and checkin.answered_at is None
    sign_in(client, kari)
    page = client.get("/vakter/innsjekk/").content.decode()
    assert "Hvor tung var vakten?" in page
    response = client.post("/vakter/innsjekk/", {"heaviness": "3"})  # one answer missing: nothing lost
    assert response.status_code == 200 and 'value="3" id="id_heaviness_2" required checked' in response.content.decode()
    client.post("/vakter/innsjekk/", {"heaviness": "3", "wants_talk": "yes"})
    checkin.refresh_from_db()
    assert checkin.heaviness == 3 and checkin.wants_talk is True
    debrief = Debrief.objects.get(user=kari)
    assert debrief.reason == Debrief.ASKED and debrief.due_at > timezone.now() + timedelta(hours=23)
    client.logout()
    sign_in(client, coordinator)
    page = client.get("/vakter/org/org-a/oppfolging/").content.decode()
    assert "kari: Ba om en samtale etter vakt" in page


@pytest.mark.django_db
def test_no_talk_wanted_creates_no_debrief(orgs, volunteer, client):
    kari = volunteer("kari")
    sign_in(client, kari)
    client.post("/vakter/innsjekk/", {"heaviness": "1", "wants_talk": "no", "org": "org-a"})
    assert CheckIn.objects.get(user=kari).answered_at and not Debrief.objects.exists()


@pytest.mark.django_db
def test_a_concluded_risk_chat_offers_a_debrief_automatically(orgs, volunteer):
    kari = volunteer("kari")
    signals.heavy_contact_concluded.send(sender=None, user=kari, organisation=orgs["a"], kind="suicide_risk")
    signals.heavy_contact_concluded.send(sender=None, user=kari, organisation=orgs["a"], kind="duty_to_avert")
    assert set(Debrief.objects.values_list("reason", flat=True)) == {Debrief.SUICIDE_RISK, Debrief.DUTY_TO_AVERT}


@pytest.mark.django_db
def test_strain_signal_only_for_coordinators(orgs, volunteer, leader, coordinator, client):
    from losen.rota import actions

    kari = volunteer("kari")
    for h in (3, 4, 3):
        actions.answer_checkin(actions.open_checkin(kari, orgs["a"]), h, False)
    ola = volunteer("ola")
    for _ in range(3):
        actions.heavy_contact(ola, orgs["a"], "suicide_risk")
    found = {s["user"].username: s["reasons"] for s in queries.strain_signals(orgs["a"])}
    assert found == {"kari": ["Flere tunge vakter på rad"], "ola": ["Flere samtaler med risiko siste uke"]}
    sign_in(client, leader)
    assert "Flere tunge vakter på rad" not in client.get("/vakter/org/org-a/oppfolging/").content.decode()
    client.logout()
    sign_in(client, coordinator)
    assert "Flere tunge vakter på rad" in client.get("/vakter/org/org-a/oppfolging/").content.decode()


def test_strain_rules():
    from losen.rota import strain

    assert strain.reasons([3, 3, 4, 1], 0) == ["Flere tunge vakter på rad"]
    assert strain.reasons([3, 1, 4], 2) == []
    assert strain.reasons([], 3) == ["Flere samtaler med risiko siste uke"]
