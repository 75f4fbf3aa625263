"""The chat over plain HTTP: a help seeker without JavaScript, and the staff console."""

import re
import uuid

import pytest
from django.test import Client

from losen.audit.models import AuditEvent
from losen.chat import actions
from losen.chat import engine, limits
from losen.chat.models import ChatService, Conversation, Escalation, Message, Transfer
from losen.stats.models import Contact

pytestmark = pytest.mark.django_db

UA = "LosenTestAgent/7.7 (unik-nettleser-streng)"


def visitor():
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT=UA)


def start_chat(client, slug="kirkens-sos", **answers):
    response = client.post(f"/chat/{slug}/", answers)
    assert response.status_code == 302, response.content[:500]
    token = re.search(r"/chat/samtale/([0-9a-f-]+)/", response["Location"]).group(1)
    return Conversation.objects.get(token=token), response


def test_start_page_asks_optional_questions_and_sets_no_cookie(chat):
    page = visitor().get("/chat/kirkens-sos/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hvor gammel er du?" in html and "Har du kontaktet oss før?" in html
    assert "csrfmiddlewaretoken" not in html
    assert not page.cookies


def test_visitor_without_javascript_queues_and_sees_position(chat):
    client = visitor()
    conv, response = start_chat(client, age="16-18", before="no", opening="")
    assert conv.state == Conversation.QUEUED and conv.first_time is True and conv.answers == {"age": "16-18", "before": "no"}
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Du er nummer 1 i køen." in html
    assert "Vi kan ikke si hvor lenge du må vente" in html  # nobody on duty: honest "unknown"
    assert 'http-equiv="refresh"' in html and "Oppdater" in html
    record = Contact.objects.get(pk=conv.contact_id)
    assert record.first_contact is True and record.age_band == "16-18" and record.channel == "chat"
    assert record.received_hour.minute == 0 and record.outcome == "open"


def test_only_bands_are_kept_from_the_answers(chat):
    assert visitor().post("/chat/kirkens-sos/", {"age": "17"}).status_code == 200  # not a band: asked again
    assert engine.clean_answers(chat.ks, {"age": "17", "gender": "boy_man", "county": "oslo", "before": "maybe"}) == {"gender": "boy_man", "county": "oslo"}
    assert engine.clean_answers(chat.kph, {"gender": "boy_man", "age": "16-18"}) == {"age": "16-18"}  # not asked there


def test_closed_chat_says_when_it_opens_and_lists_alternatives(chat):
    ChatService.objects.filter(pk=chat.ks.pk).update(hours=ChatService.HOURS_STAFFED)
    page = visitor().get("/chat/kirkens-sos/")
    html = page.content.decode()
    assert "chatten er stengt nå" in html
    assert "Ring 113" in html
    assert visitor().post("/chat/kirkens-sos/", {}).status_code == 200  # no conversation made
    assert not Conversation.objects.exists()


def test_daily_limit_cookie_holds_no_identifier(chat):
    client = visitor()
    _, first = start_chat(client)
    value = first.cookies[limits.COOKIE].value
    assert first.cookies[limits.COOKIE]["samesite"] == "Strict"
    other = visitor()
    _, second = start_chat(other)
    assert second.cookies[limits.COOKIE].value == value  # the same for everyone with one chat today
    start_chat(client)
    page = client.post("/chat/kirkens-sos/", {})
    assert page.status_code == 200 and "per person per dag" in page.content.decode()
    assert Conversation.objects.count() == 3


def test_start_refuses_a_post_from_another_site(chat):
    response = visitor().post("/chat/kirkens-sos/", {}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403


def test_leaving_the_queue_is_recorded_as_abandoned_with_wait(chat):
    client = visitor()
    conv, _ = start_chat(client)
    client.post(f"/chat/samtale/{conv.token}/avslutt/", {"confirm": "yes"})
    conv.refresh_from_db()
    assert conv.state == Conversation.ABANDONED
    record = Contact.objects.get(pk=conv.contact_id)
    assert record.outcome == "abandoned_queue" and record.wait_seconds is not None


def test_crisis_words_in_the_opening_message_put_the_chat_first(chat):
    calm, _ = start_chat(visitor(), opening="Jeg lurer på noe med skolen")
    risky, _ = start_chat(visitor(), opening="jeg vil ikke leve mer, jeg har pillene klare")
    risky.refresh_from_db()
    assert risky.risk and risky.risk_reasons
    snapshot = engine.queue_snapshot(chat.ks.pk)
    assert snapshot["positions"][risky.pk]["position"] == 1
    assert snapshot["positions"][calm.pk]["position"] == 2
    assert Contact.objects.get(pk=risky.contact_id).risk == "acute"


def test_full_chat_over_http_without_javascript(chat, staff_client):
    seeker = visitor()
    conv, _ = start_chat(seeker, age="13-15", before="no")
    volunteer = staff_client(chat.volunteer)
    assert volunteer.get("/chat/vakt/kirkens-sos/").status_code == 200
    volunteer.post("/chat/vakt/kirkens-sos/vakt/", {"services": [chat.ks.pk]})
    taken = volunteer.post("/chat/vakt/kirkens-sos/neste/")
    assert taken.status_code == 302 and taken["Location"].endswith(f"/samtale/{conv.pk}/")
    page = volunteer.get(taken["Location"]).content.decode()
    assert "13–15 år" in page and "Hva trenger du nå?" in page and "Har personen en plan?" in page
    assert AuditEvent.objects.filter(action="chat_transcript_opened", target_id=str(conv.pk)).exists()

    cid = uuid.uuid4().hex
    seeker.post(f"/chat/samtale/{conv.token}/send/", {"text": "<b>hei</b> jeg har det vondt", "client_id": cid})
    seeker.post(f"/chat/samtale/{conv.token}/send/", {"text": "<b>hei</b> jeg har det vondt", "client_id": cid})  # double submit
    assert Message.objects.filter(conversation=conv, sender="visitor").count() == 1
    html = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "&lt;b&gt;hei&lt;/b&gt;" in html and "<b>hei</b>" not in html
    assert "En samtalepartner er her nå." in html

    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/send/", {"text": "Takk for at du deler dette.", "client_id": "r1"})
    assert "Takk for at du deler dette." in seeker.get(f"/chat/samtale/{conv.token}/").content.decode()

    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/risiko/", {"plan": "no", "preparations": "no", "means": "unknown"})
    conv.refresh_from_db()
    assert conv.risk_check == {"plan": "no", "preparations": "no", "means": "unknown"}

    volunteer.post(
        f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/registrer/",
        {"topics": ["loneliness", "mental_health"], "referrals": ["mental-helse-ungdom-chat"], "outcome": "referred"},
    )
    conv.refresh_from_db()
    assert conv.state == Conversation.ENDED
    record = Contact.objects.get(pk=conv.contact_id)
    assert record.topics == ["loneliness", "mental_health"] and record.wrap_up == "referred" and record.outcome == "answered"
    assert record.handle_seconds is not None and record.wait_seconds is not None

    page = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "Fikk du hjelp av samtalen?" in page
    seeker.post(f"/chat/samtale/{conv.token}/tilbakemelding/", {"helped": "yes", "again": "maybe"})
    assert Contact.objects.get(pk=record.pk).feedback == {"helped": "yes", "again": "maybe"}


def test_feedback_can_be_switched_off(chat, staff_client):
    ChatService.objects.filter(pk=chat.ks.pk).update(feedback_enabled=False)
    seeker = visitor()
    conv, _ = start_chat(seeker)
    volunteer = staff_client(chat.volunteer)
    volunteer.post("/chat/vakt/kirkens-sos/vakt/", {})
    volunteer.post("/chat/vakt/kirkens-sos/neste/")
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/avslutt/")
    page = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "Fikk du hjelp" not in page


def test_take_next_respects_capacity_and_order(chat, staff_client):
    a, _ = start_chat(visitor())
    b, _ = start_chat(visitor(), before="no")  # first-time contacts go first
    c, _ = start_chat(visitor())
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    assert actions.take_next(chat.volunteer, chat.ks_org).pk == b.pk
    assert actions.take_next(chat.volunteer, chat.ks_org).pk == a.pk
    assert actions.take_next(chat.volunteer, chat.ks_org) is None  # max 2 at once
    assert Conversation.objects.get(pk=c.pk).state == Conversation.QUEUED


def test_take_next_after_losing_the_race_takes_the_next_chat(chat, monkeypatch):
    """Two responders press "take next" together and both pick the same chat: the one whose
    update finds it taken gets the next chat by the same rules, not "nothing"."""
    from losen.chat.actions import queueing

    a, _ = start_chat(visitor(), before="no")
    b, _ = start_chat(visitor())
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.volunteer2, chat.ks_org, [chat.ks])
    stale = queueing.waiting_items([chat.ks.pk])  # what the second responder read, before the first took `a`
    assert actions.take_next(chat.volunteer, chat.ks_org).pk == a.pk
    monkeypatch.setattr(queueing, "waiting_items", lambda _ids: stale)
    assert actions.take_next(chat.volunteer2, chat.ks_org).pk == b.pk
    assert actions.take_next(chat.volunteer2, chat.ks_org) is None  # nothing left: no endless retry


def test_weights_between_two_services_of_one_organisation(chat):
    from losen.accounts.models import Organisation
    from losen.directory.models import Service

    org = Organisation.objects.get(slug="bla-kors-kristiansand")
    mob = ChatService.objects.create(service=Service.objects.get(slug="snakkommobbing"), enabled=True, hours="always", weight=2, max_concurrent=50)
    psy = ChatService.objects.create(service=Service.objects.get(slug="snakkompsyken"), enabled=True, hours="always", weight=1, max_concurrent=50)
    for _ in range(6):
        start_chat(visitor(), slug="snakkommobbing")
        start_chat(visitor(), slug="snakkompsyken")
    from losen.accounts import roles
    from losen.conftest import make_staff

    responder = make_staff("bk-vol", roles.VOLUNTEER, org)
    actions.go_on_duty(responder, org, [mob, psy])
    taken = [actions.take_next(responder, org).service_id for _ in range(6)]
    assert taken.count(mob.pk) == 4 and taken.count(psy.pk) == 2


def test_leader_reorders_with_a_reason_that_is_audited(chat, staff_client):
    a, _ = start_chat(visitor())
    b, _ = start_chat(visitor())
    leader = staff_client(chat.leader)
    assert b"Hele k" in leader.get("/chat/vakt/kirkens-sos/ko/").content
    assert leader.post(f"/chat/vakt/kirkens-sos/ko/{b.pk}/flytt/", {"to": "front", "reason": ""}).status_code == 302
    assert Conversation.objects.get(pk=b.pk).manual_rank is None  # a reason is required
    leader.post(f"/chat/vakt/kirkens-sos/ko/{b.pk}/flytt/", {"to": "front", "reason": "Kjent risiko fra tidligere"})
    assert engine.queue_snapshot(chat.ks.pk)["positions"][b.pk]["position"] == 1
    event = AuditEvent.objects.get(action="chat_queue_reordered")
    assert event.detail["reason"] == "Kjent risiko fra tidligere" and event.target_id == str(b.pk)
    volunteer = staff_client(chat.volunteer)
    assert volunteer.get("/chat/vakt/kirkens-sos/ko/").status_code == 403  # no cherry-picking


def test_escalation_note_join_and_debrief(chat, staff_client):
    conv, _ = start_chat(visitor())
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.leader, chat.ks_org, [chat.ks], leader=True)
    actions.take_next(chat.volunteer, chat.ks_org)
    volunteer, leader = staff_client(chat.volunteer), staff_client(chat.leader)
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/vaktleder/")
    assert Escalation.objects.filter(conversation=conv, state=Escalation.OPEN).exists()
    panel = leader.get("/chat/vakt/kirkens-sos/status/").content.decode()
    assert f"samtale {conv.pk}" in panel
    leader.get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/")
    leader.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/send/", {"text": "Spør om plan", "client_id": "n1", "note": "1"})
    note = Message.objects.get(conversation=conv, client_id="n1")
    assert note.kind == Message.NOTE
    seeker_page = Client().get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "Spør om plan" not in seeker_page  # notes are for the responder only
    leader.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/bli-med/")
    assert "Vaktlederen er med i samtalen nå." in Client().get(f"/chat/samtale/{conv.token}/").content.decode()
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/vaktleder/", {"kind": "debrief"})
    assert Escalation.objects.filter(kind=Escalation.DEBRIEF).count() == 1
    audited = set(AuditEvent.objects.filter(target_id=str(conv.pk)).values_list("action", flat=True))
    assert {"chat_escalated", "chat_transcript_opened", "chat_leader_joined", "chat_debrief_requested"} <= audited
    # a volunteer who is not the responder cannot read it
    assert staff_client(chat.volunteer2).get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").status_code == 404


def test_warm_transfer_to_another_service_with_consent(chat, staff_client):
    seeker = visitor()
    conv, _ = start_chat(seeker)
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.rk_volunteer, chat.rk_org, [chat.kph])
    actions.take_next(chat.volunteer, chat.ks_org)
    volunteer = staff_client(chat.volunteer)
    page = volunteer.get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").content.decode()
    assert f"service:{chat.kph.pk}" in page
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/overfor/", {"target": f"service:{chat.kph.pk}", "summary": "Ung, mobbet, trenger noen å snakke med i kveld."})
    transfer = Transfer.objects.get(conversation=conv)
    assert transfer.state == Transfer.AWAITING_CONSENT
    html = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "Er det greit for deg?" in html
    seeker.post(f"/chat/samtale/{conv.token}/samtykke/", {"transfer": transfer.pk, "answer": "yes"})
    transfer.refresh_from_db()
    assert transfer.state == Transfer.OFFERED
    rk = staff_client(chat.rk_volunteer)
    panel = rk.get("/chat/vakt/norges-rode-kors/status/").content.decode()
    assert "Ung, mobbet" in panel
    accepted = rk.post(f"/chat/vakt/norges-rode-kors/overforing/{transfer.pk}/", {"answer": "accept"})
    assert accepted.status_code == 302
    conv.refresh_from_db()
    assert conv.responder == chat.rk_volunteer and conv.service == chat.kph and conv.state == Conversation.ACTIVE
    assert "Ung, mobbet" in rk.get(accepted["Location"]).content.decode()  # the handover summary
    record = Contact.objects.get(pk=conv.contact_id)
    assert record.transfers == 1 and record.transferred_to == ["kors-pa-halsen"]
    # the sending organisation can no longer read it: the old page says where it went
    moved = volunteer.get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/")
    assert moved.status_code == 200 and "satt over til" in moved.content.decode() and "Ung, mobbet" not in moved.content.decode()


def test_refused_and_timed_out_transfers_return_to_the_sender(chat, staff_client):
    conv, _ = start_chat(visitor())
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.volunteer2, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    t = actions.propose_transfer(conv, chat.volunteer, "kort", to_user=chat.volunteer2)
    actions.visitor_consent(conv, t.pk, True)
    assert Conversation.objects.get(pk=conv.pk).state == Conversation.TRANSFERRED
    staff_client(chat.volunteer2).post(f"/chat/vakt/kirkens-sos/overforing/{t.pk}/", {"answer": "refuse"})
    conv.refresh_from_db()
    assert conv.state == Conversation.ACTIVE and conv.responder == chat.volunteer
    assert Transfer.objects.get(pk=t.pk).state == Transfer.REFUSED

    t2 = actions.propose_transfer(conv, chat.volunteer, "kort", to_user=chat.volunteer2)
    actions.visitor_consent(conv, t2.pk, True)
    from datetime import timedelta

    from django.utils import timezone

    assert actions.expire_transfers(timezone.now() + timedelta(seconds=chat.ks.transfer_timeout_seconds + 1)) == 1
    conv.refresh_from_db()
    assert conv.state == Conversation.ACTIVE and conv.responder == chat.volunteer
    assert Transfer.objects.get(pk=t2.pk).state == Transfer.TIMED_OUT

    t3 = actions.propose_transfer(conv, chat.volunteer, "kort", to_user=chat.volunteer2)
    actions.visitor_consent(conv, t3.pk, False)
    assert Transfer.objects.get(pk=t3.pk).state == Transfer.DECLINED
    assert Conversation.objects.get(pk=conv.pk).responder == chat.volunteer


def test_console_shows_colleagues_and_warns_without_a_leader(chat, staff_client):
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    panel = staff_client(chat.volunteer).get("/chat/vakt/kirkens-sos/status/").content.decode()
    assert "ks-vol" in panel and "Ingen vaktleder er på vakt" in panel
    actions.go_on_duty(chat.leader, chat.ks_org, [chat.ks], leader=True)
    panel = staff_client(chat.volunteer).get("/chat/vakt/kirkens-sos/status/").content.decode()
    assert "Ingen vaktleder er på vakt" not in panel


def test_staff_home_links(chat, staff_client):
    page = staff_client(chat.volunteer).get("/staff/").content.decode()
    assert "/chat/vakt/kirkens-sos/" in page


def test_public_status_api(chat):
    body = Client().get("/api/v1/chat/kirkens-sos/status").json()
    assert body["open"] is True and body["queue"] == 0 and body["estimate_for_new_chat"]["known"] is False
    assert Client().get("/api/v1/chat/nope/status").status_code == 404
