"""The chat over WebSockets (in-process, through the real ASGI application): delivery,
acknowledgement after persisting, idempotent resend, replay on reconnect, typing, live queue."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from losen.core.tests.ws import WebsocketCommunicator
from django.test import Client

from losen.chat import actions
from losen.chat.actions import fastpath
from losen.chat.consumers import hub
from losen.chat.models import Conversation, Message
from losen.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

UA = b"LosenTestAgent/7.7 (unik-nettleser-streng)"


def app():
    from losen.asgi import application

    return application


def visitor_socket(conv):
    return WebsocketCommunicator(
        app(), f"/ws/chat/{conv.token}/", headers=[(b"origin", b"http://testserver"), (b"user-agent", UA), (b"x-forwarded-for", b"127.0.0.1")]
    )


def cookie_for(user):
    client = sign_in(Client(), user)
    return f"losen_staff={client.cookies['losen_staff'].value}".encode()


def staff_socket(cookie, org="kirkens-sos"):
    return WebsocketCommunicator(app(), f"/ws/chat/vakt/{org}/", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)])


async def expect(comm, predicate, timeout=5):
    """Read frames until one matches (frames that do not match are skipped)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    skipped = []
    while True:
        try:
            frame = await comm.receive_json_from(timeout=max(0.05, deadline - loop.time()))
        except (TimeoutError, asyncio.TimeoutError):
            raise AssertionError(f"no matching frame; skipped {skipped}") from None
        if predicate(frame):
            return frame
        skipped.append(frame)


def run(coro_fn):
    async def wrapper():
        try:
            await coro_fn()
        finally:
            for task in hub.tasks:
                task.cancel()
            hub.loop = None
            await fastpath.pool.close()

    async_to_sync(wrapper)()


def test_visitor_and_responder_exchange_messages_live(chat):
    conv = actions.start(chat.ks, {"age": "16-18"})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    cookie = cookie_for(chat.volunteer)

    async def scenario():
        v = visitor_socket(conv)
        assert (await v.connect())[0]
        await v.send_json_to({"type": "hello", "last_seq": 0})
        assert (await expect(v, lambda f: f["type"] == "state"))["state"] == "queued"
        queue = await expect(v, lambda f: f["type"] == "queue")
        assert queue["position"] == 1 and queue["estimate"]["known"]  # a free slot: soon

        s = staff_socket(cookie)
        assert (await s.connect())[0]
        await s.send_json_to({"type": "take_next"})
        assigned = await expect(s, lambda f: f["type"] == "assigned")
        assert assigned["conversation"]["id"] == conv.pk and assigned["conversation"]["answers"] == {"age": "16-18"}
        answered = await expect(v, lambda f: f["type"] == "msg" and f["kind"] == "event")
        assert answered["text"] == "answered" and answered["state"] == "active"

        await v.send_json_to({"type": "msg", "client_id": "c1", "text": "<script>x</script> hei"})
        ack = await expect(v, lambda f: f["type"] == "ack")
        assert ack["client_id"] == "c1"
        # persisted before the acknowledgement
        assert await database_sync_to_async(Message.objects.filter(conversation=conv, client_id="c1").exists)()
        got = await expect(s, lambda f: f["type"] == "msg" and f["sender"] == "visitor")
        assert got["text"] == "<script>x</script> hei" and got["seq"] == ack["seq"]

        # the same client id again (a resend after a dropped network) is acknowledged, not duplicated
        await v.send_json_to({"type": "msg", "client_id": "c1", "text": "<script>x</script> hei"})
        assert (await expect(v, lambda f: f["type"] == "ack"))["seq"] == ack["seq"]

        await s.send_json_to({"type": "typing", "conversation": conv.pk})
        assert (await expect(v, lambda f: f["type"] == "typing"))["who"] == "staff"
        await s.send_json_to({"type": "msg", "conversation": conv.pk, "client_id": "r1", "text": "Hva trenger du nå?"})
        await expect(s, lambda f: f["type"] == "ack")
        reply = await expect(v, lambda f: f["type"] == "msg" and f["sender"] == "responder")
        await v.send_json_to({"type": "delivered", "seq": reply["seq"]})
        assert (await expect(s, lambda f: f["type"] == "delivered"))["by"] == "visitor"

        # the visitor's network drops; a message is sent meanwhile; they come back with last_seq
        await v.disconnect()
        await s.send_json_to({"type": "msg", "conversation": conv.pk, "client_id": "r2", "text": "Er du der?"})
        await expect(s, lambda f: f["type"] == "ack" and f["client_id"] == "r2")
        v2 = visitor_socket(conv)
        assert (await v2.connect())[0]
        await v2.send_json_to({"type": "hello", "last_seq": reply["seq"]})
        replayed = []
        while True:
            frame = await v2.receive_json_from(timeout=5)
            if frame["type"] == "replayed":
                break
            if frame["type"] == "msg":
                replayed.append(frame["text"])
        assert replayed == ["Er du der?"]
        await v2.disconnect()
        await s.disconnect()

    run(scenario)
    texts = list(Message.objects.filter(conversation=conv, kind="text").order_by("seq").values_list("text", flat=True))
    assert texts == ["<script>x</script> hei", "Hva trenger du nå?", "Er du der?"]


def test_leader_notes_reach_staff_only(chat):
    conv = actions.start(chat.ks, {})
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    cookies = cookie_for(chat.volunteer), cookie_for(chat.leader)

    async def scenario():
        v, s, leader = visitor_socket(conv), staff_socket(cookies[0]), staff_socket(cookies[1])
        for c in (v, s, leader):
            assert (await c.connect())[0]
        await leader.send_json_to({"type": "watch", "conversation": conv.pk, "last_seq": 0})
        await expect(leader, lambda f: f["type"] == "replayed")
        await leader.send_json_to({"type": "note", "conversation": conv.pk, "client_id": "n1", "text": "Spør om plan"})
        note = await expect(s, lambda f: f["type"] == "msg" and f["kind"] == "note")
        assert note["text"] == "Spør om plan"
        # a leader who has not joined cannot write to the visitor
        await leader.send_json_to({"type": "msg", "conversation": conv.pk, "client_id": "x1", "text": "hei"})
        assert (await expect(leader, lambda f: f["type"] == "error"))["code"] == "closed"
        await v.send_json_to({"type": "hello", "last_seq": 0})
        frames = []
        while True:
            f = await v.receive_json_from(timeout=5)
            if f["type"] == "replayed":
                break
            frames.append(f)
        assert not any(f.get("kind") == "note" for f in frames)
        for c in (v, s, leader):
            await c.disconnect()

    run(scenario)


def test_staff_socket_needs_a_verified_second_factor_and_the_organisation(chat):
    rk_cookie = cookie_for(chat.rk_volunteer)

    async def scenario():
        client = Client()
        await database_sync_to_async(client.force_login)(chat.volunteer)  # password only
        cookie = f"losen_staff={client.cookies['losen_staff'].value}".encode()
        comm = WebsocketCommunicator(app(), "/ws/chat/vakt/kirkens-sos/", headers=[(b"origin", b"http://testserver"), (b"cookie", cookie)])
        connected, code = await comm.connect()
        assert not connected
        other = staff_socket(rk_cookie, org="kirkens-sos")
        connected, code = await other.connect()
        assert not connected
        anon = WebsocketCommunicator(app(), "/ws/chat/vakt/kirkens-sos/", headers=[(b"origin", b"http://testserver")])
        assert not (await anon.connect())[0]

    run(scenario)


def test_unknown_token_is_refused(chat):
    async def scenario():
        comm = WebsocketCommunicator(app(), "/ws/chat/00000000-0000-4000-8000-000000000000/", headers=[(b"origin", b"http://testserver")])
        connected, _ = await comm.connect()
        assert not connected

    run(scenario)


def test_crisis_language_in_a_queued_message_moves_the_chat_up(chat):
    calm = actions.start(chat.ks, {})
    conv = actions.start(chat.ks, {})

    async def scenario():
        v = visitor_socket(conv)
        assert (await v.connect())[0]
        await v.send_json_to({"type": "hello", "last_seq": 0})
        assert (await expect(v, lambda f: f["type"] == "queue"))["position"] == 2
        await v.send_json_to({"type": "msg", "client_id": "q1", "text": "jeg vil ta livet mitt i kveld"})
        await expect(v, lambda f: f["type"] == "ack")
        assert (await expect(v, lambda f: f["type"] == "queue" and f["position"] == 1))["position"] == 1
        await v.disconnect()

    run(scenario)
    assert Conversation.objects.get(pk=conv.pk).risk
    assert not Conversation.objects.get(pk=calm.pk).risk


def test_consumers_run_with_django_async_safety_check(tmp_path):
    """Only a browser test turns Django's async-safety check off, and only while it runs: a
    consumer that calls the database from the event loop fails here, not in production."""
    import os

    from django.core.exceptions import SynchronousOnlyOperation

    from losen.chat.tests.servers import Stack

    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ

    async def blocking():
        Conversation.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        async_to_sync(blocking)()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in Stack(tmp_path).env  # servers never inherit it
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
