"""Privacy, retention and duty to avert: no address or user agent anywhere after a full chat,
transcripts deleted after the retention period unless held, redaction at once."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.chat import actions
from losen.chat.models import ChatService, Conversation, DutyToAvert, Message, Transfer
from losen.stats.models import Contact
from losen.chat.tests.test_live import cookie_for, expect, run, staff_socket, visitor_socket
from losen.conftest import sign_in

UA = "LosenTestAgent/7.7 (unik-nettleser-streng)"
IP = "127.0.0.1"


def all_text_values():
    """Every text-like value in every table of the database."""
    found = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            for col in connection.introspection.get_table_description(cur, table):
                cur.execute(f'SELECT "{col.name}" FROM "{table}"')
                for (value,) in cur.fetchall():
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("latin-1")
                    if isinstance(value, (str, dict, list)):
                        found.append((table, col.name, str(value)))
    return found


@pytest.mark.django_db(transaction=True)
def test_no_address_or_user_agent_is_stored_or_logged_after_a_full_chat(chat, caplog):
    caplog.set_level(logging.DEBUG)
    seeker = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=UA, HTTP_X_FORWARDED_FOR=IP)
    response = seeker.post("/chat/kirkens-sos/", {"age": "16-18", "opening": "hei, jeg har det tungt"})
    conv = Conversation.objects.get()
    seeker.get(response["Location"])
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.leader, chat.ks_org, [chat.ks], leader=True)
    cookie = cookie_for(chat.volunteer)

    async def scenario():
        v = visitor_socket(conv)
        assert (await v.connect())[0]
        await v.send_json_to({"type": "hello", "last_seq": 0})
        s = staff_socket(cookie)
        assert (await s.connect())[0]
        await s.send_json_to({"type": "take_next"})
        await expect(s, lambda f: f["type"] == "assigned")
        await v.send_json_to({"type": "msg", "client_id": "a", "text": "det er vanskelig hjemme"})
        await expect(s, lambda f: f["type"] == "msg" and f["sender"] == "visitor" and f["client_id"] == "a")
        await s.send_json_to({"type": "msg", "conversation": conv.pk, "client_id": "b", "text": "Dette høres krevende ut."})
        await expect(v, lambda f: f["type"] == "msg" and f["client_id"] == "b")
        await v.send_json_to({"type": "typing"})
        await v.disconnect()
        await s.disconnect()

    run(scenario)
    volunteer = sign_in(Client(REMOTE_ADDR="10.9.9.9"), chat.volunteer)
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/vaktleder/")
    seeker.post(f"/chat/samtale/{conv.token}/send/", {"text": "takk", "client_id": "c"})
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/registrer/", {"topics": ["loneliness"], "outcome": "supported"})
    seeker.post(f"/chat/samtale/{conv.token}/tilbakemelding/", {"helped": "yes"})
    seeker.get(f"/chat/samtale/{conv.token}/")
    assert Conversation.objects.get(pk=conv.pk).state == Conversation.ENDED

    leaks = [(t, c) for t, c, v in all_text_values() if IP in v or UA in v or "unik-nettleser" in v]
    assert leaks == []
    logged = "\n".join(r.getMessage() + str(getattr(r, "args", "")) for r in caplog.records)
    assert IP not in logged and "unik-nettleser" not in logged
    assert caplog.text.count(IP) == 0


@pytest.mark.django_db
def test_retention_deletes_transcripts_and_keeps_the_anonymous_record(chat):
    ChatService.objects.filter(pk=chat.ks.pk).update(retention_hours=0)
    chat.ks.refresh_from_db()
    conv = actions.start(chat.ks, {"age": "16-18"}, opening_text="zz7-privat-tekst")
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.volunteer2, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    actions.store_message(conv.pk, "responder", "zz7-svar", "r1", author_id=chat.volunteer.pk)
    actions.propose_transfer(conv, chat.volunteer, "zz7-overlevering", to_user=chat.volunteer2)
    conv.refresh_from_db()
    actions.end(conv, "responder")
    kept = actions.start(chat.ks, {})  # still queued: not touched
    call_command("purge_chats", verbosity=0)
    assert not Conversation.objects.filter(pk=conv.pk).exists()
    assert not Message.objects.exists() or not Message.objects.filter(text__contains="zz7").exists()
    assert not Transfer.objects.exists()
    everything = "\n".join(v for _t, _c, v in all_text_values())
    assert "zz7-privat" not in everything and "zz7-overlevering" not in everything and "zz7-svar" not in everything
    record = Contact.objects.get(service=chat.ks.service, outcome="answered")
    assert record.age_band == "16-18" and record.handle_seconds is not None
    assert Conversation.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_retention_period_is_respected(chat):
    conv = actions.start(chat.ks, {})
    actions.abandon(conv)
    assert actions.purge()["deleted"] == 0  # 72 hours by default
    assert actions.purge(timezone.now() + timedelta(hours=73))["deleted"] == 1
    assert Contact.objects.get().outcome == "abandoned_queue"


@pytest.mark.django_db
def test_stale_queued_chats_are_abandoned_and_counted(chat):
    conv = actions.start(chat.ks, {})
    Conversation.objects.filter(pk=conv.pk).update(last_seen=timezone.now() - timedelta(minutes=10))
    assert actions.end_stale()["abandoned"] == 1
    record = Contact.objects.get()
    assert record.outcome == "abandoned_queue" and record.wait_seconds >= 0


@pytest.mark.django_db
def test_duty_to_avert_holds_the_transcript_until_a_coordinator_releases_it(chat, staff_client):
    ChatService.objects.filter(pk=chat.ks.pk).update(retention_hours=0)
    conv = actions.start(chat.ks, {})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    actions.store_message(conv.pk, "visitor", "noe alvorlig", "v1")
    volunteer, leader, coordinator = staff_client(chat.volunteer), staff_client(chat.leader), staff_client(chat.coordinator)
    volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/avvergingsplikt/")
    duty = DutyToAvert.objects.get()
    assert duty.state == DutyToAvert.RAISED
    conv.refresh_from_db()
    actions.end(conv, "responder")
    assert actions.purge()["held"] == 1 and Conversation.objects.filter(pk=conv.pk).exists()
    # a volunteer cannot confirm; the shift leader can
    assert volunteer.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/bekreft/").status_code == 403
    page = leader.get("/chat/vakt/kirkens-sos/avvergingsplikt/").content.decode()
    assert "lagrer ingen tilkoblingsadresse" in volunteer.get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").content.decode()
    assert "Bekreft" in page
    leader.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/bekreft/", {"answer": "confirm"})
    assert DutyToAvert.objects.get().state == DutyToAvert.CONFIRMED
    assert actions.purge()["held"] == 1
    assert leader.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/frigi/").status_code == 403
    coordinator.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/frigi/")
    assert DutyToAvert.objects.get().state == DutyToAvert.RELEASED
    assert actions.purge()["deleted"] == 1
    assert not Conversation.objects.exists()
    duty = DutyToAvert.objects.get()
    assert duty.conversation is None and duty.raised_by == chat.volunteer and duty.released_by == chat.coordinator
    path = list(AuditEvent.objects.filter(action__startswith="duty_to_avert").order_by("at", "id").values_list("action", flat=True))
    assert path == ["duty_to_avert_raised", "duty_to_avert_list_viewed", "duty_to_avert_confirmed", "duty_to_avert_released"]


@pytest.mark.django_db
def test_sealed_connection_address_needs_two_people(chat, staff_client, settings):
    from cryptography.fernet import Fernet

    settings.LOSEN_SEALED_CONNECTION_KEY = Fernet.generate_key()
    ChatService.objects.filter(pk=chat.ks.pk).update(sealed_connection_retention=True)
    seeker = Client(REMOTE_ADDR="192.0.2.44")
    seeker.post("/chat/kirkens-sos/", {})
    conv = Conversation.objects.get()
    assert conv.sealed_address and b"192.0.2.44" not in bytes(conv.sealed_address)
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    conv.refresh_from_db()
    duty = actions.raise_duty(conv, chat.volunteer)
    actions.confirm_duty(duty, chat.leader, True)
    leader, coordinator = staff_client(chat.leader), staff_client(chat.coordinator)
    # the coordinator alone cannot open it
    assert "192.0.2.44" not in coordinator.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/apne/", follow=True).content.decode()
    leader.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/be-om-apning/")
    opened = coordinator.post(f"/chat/vakt/kirkens-sos/avvergingsplikt/{duty.pk}/apne/").content.decode()
    assert "192.0.2.44" in opened
    event = AuditEvent.objects.get(action="sealed_address_opened")
    assert event.actor == chat.coordinator and event.detail["requested_by"] == chat.leader.pk


@pytest.mark.django_db
def test_without_sealed_retention_no_address_is_kept(chat):
    Client(REMOTE_ADDR="192.0.2.44").post("/chat/kirkens-sos/", {})
    assert Conversation.objects.get().sealed_address is None


@pytest.mark.django_db
def test_identifying_message_is_redacted_at_once(chat, staff_client):
    conv = actions.start(chat.ks, {})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    m, _ = actions.store_message(conv.pk, "visitor", "Jeg heter Kari Nordmann og bor i Storgata 1", "v1")
    msg = Message.objects.get(conversation=conv, seq=m["seq"])
    staff_client(chat.volunteer).post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/melding/{msg.pk}/fjern/")
    msg.refresh_from_db()
    assert msg.redacted and msg.text == ""
    assert "Kari" not in Client().get(f"/chat/samtale/{conv.token}/").content.decode()
    event = AuditEvent.objects.get(action="chat_message_redacted")
    assert "Kari" not in str(event.detail)
