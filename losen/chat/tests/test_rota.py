"""The console asks rota before someone goes on chat duty, and tells rota when they go off."""

import pytest

from losen.chat import actions, engine
from losen.chat.models import Conversation, DutyRequest
from losen.rota import signals
from losen.rota.duty import DutyDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decide(monkeypatch):
    def set_decision(decision):
        monkeypatch.setattr("losen.rota.duty.check", lambda user, organisation, channel, now, service=None: decision)

    return set_decision


def test_without_a_shift_the_shift_leader_on_duty_approves(chat, staff_client, decide):
    actions.go_on_duty(chat.leader, chat.ks_org, [chat.ks], leader=True)
    decide(DutyDecision(allowed=False, needs_approval=True))
    volunteer = staff_client(chat.volunteer)
    page = volunteer.post("/chat/vakt/kirkens-sos/vakt/", {}, follow=True).content.decode()
    assert "Vaktlederen på vakt må godkjenne" in page and engine.current_duty(chat.volunteer, chat.ks_org) is None
    request = DutyRequest.objects.get(user=chat.volunteer)
    leader = staff_client(chat.leader)
    console = leader.get("/chat/vakt/kirkens-sos/").content.decode()
    assert "ks-vol" in console and f"/vakt/foresporsel/{request.pk}/" in console
    # a volunteer cannot approve, a leader not on duty cannot either
    assert staff_client(chat.volunteer2).post(f"/chat/vakt/kirkens-sos/vakt/foresporsel/{request.pk}/", {"answer": "approve"}).status_code == 403
    leader.post(f"/chat/vakt/kirkens-sos/vakt/foresporsel/{request.pk}/", {"answer": "approve"})
    assert engine.current_duty(chat.volunteer, chat.ks_org) is not None
    assert DutyRequest.objects.get(pk=request.pk).decided_by == chat.leader


def test_refused_by_rota_the_console_shows_the_reasons_and_missing_training(chat, staff_client, decide):
    decide(DutyDecision(allowed=False, reasons=("Du har ikke signert taushetserklæringen.",), missing_training=("Grunnkurs i samtalemetodikk",)))
    page = staff_client(chat.volunteer).post("/chat/vakt/kirkens-sos/vakt/", {}, follow=True).content.decode()
    assert "Du har ikke signert taushetserklæringen." in page and "Grunnkurs i samtalemetodikk" in page
    assert engine.current_duty(chat.volunteer, chat.ks_org) is None


def test_without_a_required_leader_nobody_takes_chats_and_the_console_says_why(chat, staff_client, decide):
    engine_conv = actions.start(chat.ks, {})
    decide(DutyDecision(allowed=True, leader_required=True, leader_present=False))
    volunteer = staff_client(chat.volunteer)
    volunteer.post("/chat/vakt/kirkens-sos/vakt/", {})
    console = volunteer.get("/chat/vakt/kirkens-sos/").content.decode()
    assert "krever at en vaktleder er på vakt" in console
    page = volunteer.post("/chat/vakt/kirkens-sos/neste/", follow=True).content.decode()
    assert "krever at en vaktleder er på vakt" in page
    assert Conversation.objects.get(pk=engine_conv.pk).state == Conversation.QUEUED
    decide(DutyDecision(allowed=True, leader_required=True, leader_present=True))
    assert actions.take_next(chat.volunteer, chat.ks_org).pk == engine_conv.pk


def test_going_off_duty_tells_rota_and_goes_to_the_check_in_if_there_is_one(chat, staff_client, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    signals.went_off_duty.connect(listener)
    try:
        volunteer = staff_client(chat.volunteer)
        volunteer.post("/chat/vakt/kirkens-sos/vakt/", {})
        with django_capture_on_commit_callbacks(execute=True):
            response = volunteer.post("/chat/vakt/kirkens-sos/vakt/", {"action": "off"})
    finally:
        signals.went_off_duty.disconnect(listener)
    assert heard and heard[0]["user"] == chat.volunteer and heard[0]["channel"] == "chat" and heard[0]["ended_at"] >= heard[0]["started_at"]
    from django.urls import NoReverseMatch, reverse

    try:
        expected = reverse("rota:checkin")
    except NoReverseMatch:
        expected = "/chat/vakt/kirkens-sos/"
    assert response["Location"] == expected


@pytest.mark.parametrize("kind", ["suicide_risk", "duty_to_avert"])
def test_a_heavy_chat_ending_offers_a_debrief(chat, kind, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    conv = actions.start(chat.ks, {})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    conv.refresh_from_db()
    if kind == "suicide_risk":
        actions.mark_risk_by_checklist(conv)
    else:
        actions.raise_duty(conv, chat.volunteer)
    conv.refresh_from_db()
    signals.heavy_contact_concluded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.end(conv, "responder")
    finally:
        signals.heavy_contact_concluded.disconnect(listener)
    assert heard == [{"signal": signals.heavy_contact_concluded, "user": chat.volunteer, "organisation": chat.ks_org, "kind": kind}]


def test_an_ordinary_chat_ending_sends_nothing(chat, django_capture_on_commit_callbacks):
    heard = []
    conv = actions.start(chat.ks, {})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    conv.refresh_from_db()
    receiver = lambda sender, **kw: heard.append(kw)  # noqa: E731
    signals.heavy_contact_concluded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.end(conv, "responder")
    finally:
        signals.heavy_contact_concluded.disconnect(receiver)
    assert heard == []
