from datetime import timedelta

import pytest
from django.utils import timezone

from losen.conftest import sign_in
from losen.rota import actions
from losen.rota.models import Alert, Assignment, SwapRequest
from losen.rota.tests.conftest import local
from losen.volunteers import actions as vactions, stages
from losen.volunteers.models import Module, Volunteer


@pytest.mark.django_db
def test_sign_up_rules(orgs, volunteer, shift, leader, coordinator):
    kari, ola, per = volunteer("kari"), volunteer("ola"), volunteer("per")
    # at 10:00 local time, so that a shift four hours later is on the same day whenever this runs
    in_three_days = timezone.localdate() + timedelta(days=3)
    s = shift(min_responders=2, at=local(in_three_days.year, in_three_days.month, in_three_days.day, 10, 0))
    actions.sign_up(s, kari)
    with pytest.raises(actions.RotaError):
        actions.sign_up(s, kari)  # twice
    actions.sign_up(s, ola)
    with pytest.raises(actions.RotaError, match="full"):
        actions.sign_up(s, per)
    with pytest.raises(actions.RotaError):
        actions.sign_up(s, per, role=Assignment.LEADER)  # not a leader
    actions.sign_up(s, leader, role=Assignment.LEADER)
    same_day = shift(at=s.starts_at + timedelta(hours=4), hours=1)
    with pytest.raises(actions.RotaError, match="dagen"):
        actions.sign_up(same_day, kari)
    with pytest.raises(actions.RotaError):
        actions.sign_up(shift(starts_in=timedelta(hours=-1)), per)  # started
    trainee = volunteer("ny", stage=stages.TRAINING)
    with pytest.raises(actions.RotaError):
        actions.sign_up(shift(starts_in=timedelta(days=9)), trainee)


@pytest.mark.django_db
def test_required_training_for_a_shift(orgs, volunteer, shift, coordinator):
    kari = volunteer("kari")
    module = Module.objects.create(organisation=orgs["a"], code="chat", name="Chat: tre kvelder")
    s = shift()
    s.required_modules.add(module)
    with pytest.raises(actions.RotaError, match="opplæring"):
        actions.sign_up(s, kari)
    vactions.record_completion(kari, module, timezone.localdate(), coordinator)
    actions.sign_up(s, kari)


@pytest.mark.django_db
def test_cancelling_less_than_48_hours_before_alerts_the_coordinator(orgs, volunteer, shift):
    kari = volunteer("kari")
    early = actions.sign_up(shift(starts_in=timedelta(days=5)), kari)
    assert actions.cancel(early, kari) is None
    late = actions.sign_up(shift(starts_in=timedelta(hours=30)), kari)
    alert = actions.cancel(late, kari)
    assert alert.kind == Alert.LATE_CANCEL and alert.hours_before == 29
    assert not Assignment.objects.filter(user=kari).exists()


@pytest.mark.django_db
def test_a_swap_needs_approval(orgs, volunteer, shift, leader, client):
    kari, ola = volunteer("kari"), volunteer("ola")
    a = actions.sign_up(shift(), kari)
    sign_in(client, kari)
    client.post(f"/vakter/plass/{a.pk}/bytt/", {"to_user": ola.pk})
    swap = SwapRequest.objects.get()
    a.refresh_from_db()
    assert a.user == kari and swap.state == SwapRequest.PENDING  # nothing moves before approval
    client.logout()
    sign_in(client, leader)
    assert "ola" in client.get("/vakter/org/org-a/oppfolging/").content.decode()
    client.post(f"/vakter/org/org-a/oppfolging/bytte/{swap.pk}/", {"answer": "approve"})
    a.refresh_from_db()
    swap.refresh_from_db()
    assert a.user == ola and a.source == Assignment.SWAP and swap.state == SwapRequest.APPROVED and swap.decided_by == leader


@pytest.mark.django_db
def test_offboarding_hands_future_shifts_back(orgs, volunteer, shift, coordinator, django_capture_on_commit_callbacks):
    kari = volunteer("kari")
    actions.sign_up(shift(), kari)
    with django_capture_on_commit_callbacks(execute=True):
        vactions.move(Volunteer.objects.get(user=kari), stages.ENDED, coordinator)
    assert not Assignment.objects.filter(user=kari).exists()
    assert Alert.objects.get().kind == Alert.HANDED_BACK


@pytest.mark.django_db
def test_sign_up_page_flow(orgs, volunteer, shift, client):
    kari = volunteer("kari")
    s = shift()
    sign_in(client, kari)
    page = client.get("/vakter/").content.decode()
    assert "Meld meg på" in page
    client.post(f"/vakter/vakt/{s.pk}/meld-pa/")
    assert Assignment.objects.filter(shift=s, user=kari).exists()
    other = shift()
    other.organisation = orgs["b"]
    other.save()
    assert client.post(f"/vakter/vakt/{other.pk}/meld-pa/").status_code == 404


@pytest.mark.django_db
def test_availability_form_keeps_input_on_error(orgs, volunteer, client):
    kari = volunteer("kari")
    sign_in(client, kari)
    client.post("/vakter/org/org-a/tilgjengelighet/", {"org-a-weekdays": ["0", "4"], "org-a-shifts_per_month": "2", "org-a-max_per_month": "3", "org-a-dates_off": "2026-12-24"})
    a = kari.rota_availability.get()
    assert a.weekdays == [0, 4] and a.dates_off == ["2026-12-24"]
    response = client.post("/vakter/org/org-a/tilgjengelighet/", {"org-a-weekdays": ["1"], "org-a-shifts_per_month": "2", "org-a-max_per_month": "3", "org-a-dates_off": "julaften"})
    assert response.status_code == 200 and 'value="julaften"' in response.content.decode()
    assert kari.rota_availability.get().weekdays == [0, 4]
