"""The online room over WebSockets through the real ASGI application: first names only,
leaders marked, crisis hold with the alert to leaders, mute, side chat, hide, removal,
bad input answered with error events, replay by seq."""

import pytest
from channels.db import database_sync_to_async

from losen.groups import actions
from losen.groups.models import RoomMessage, Session
from losen.core.tests.ws import cookie_for, in_thread, sock, until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    people = []
    for name in ("Ada", "Bo", "Cyd"):
        p, token, _c = actions.apply(grp.online, name)
        actions.accept_rules(p)
        people.append((p, token))
    actions.start(grp.session, grp.leader1)
    grp.people = people
    grp.cookie1 = cookie_for(grp.leader1)
    grp.cookie_other = cookie_for(grp.coordinator)
    return grp


def test_room_live(live):
    in_thread(_room_live, live)


async def _join(live):
    """The first leader and Ada and Bo in the room, each past the replay."""
    sid = live.session.pk
    (_ada, ada_t), (_bo, bo_t), _ = live.people
    leader = sock(f"/ws/grupper/leder/{sid}/", live.cookie1)
    assert (await leader.connect())[0]
    a, b = sock(f"/ws/grupper/rom/{sid}/{ada_t}/"), sock(f"/ws/grupper/rom/{sid}/{bo_t}/")
    assert (await a.connect())[0] and (await b.connect())[0]
    for ws in (leader, a, b):
        await ws.send_json_to({"type": "hello", "last_seq": 0})
        await until(ws, "replayed")
    return leader, a, b


async def _room_live(live):
    sid = live.session.pk
    _ada, (bo, _bo_t), (_cyd, cyd_t) = live.people
    leader, a, b = await _join(live)

    # a plain message reaches everyone with the first name only
    await a.send_json_to({"type": "msg", "client_id": "a1", "text": "Hei, jeg heter Ada"})
    ack = await until(a, "ack")
    got = await until(b, "msg")
    assert got["name"] == "Ada" and got["text"] == "Hei, jeg heter Ada" and not got["leader"] and ack["seq"] == got["seq"]
    await until(leader, "msg")

    # leaders are marked as leaders
    await leader.send_json_to({"type": "msg", "client_id": "l1", "text": "Velkommen alle"})
    assert (await until(b, "msg"))["leader"] is True

    # the crisis detector: held back, the leader alerted, the writer told (crisis panel); others see nothing
    await b.send_json_to({"type": "msg", "client_id": "b1", "text": "jeg vil ikke leve mer, jeg har pillene klare"})
    held = await until(b, "held")
    alert = await until(leader, "alert", where=lambda f: not f.get("possible"))
    assert alert["message"]["text"].startswith("jeg vil ikke") and alert["name"] == "Bo"
    await a.send_json_to({"type": "msg", "client_id": "a2", "text": "ok"})
    nxt = await until(a, "ack")
    # Ada's next frame after her own ack is not Bo's held message
    assert nxt["seq"] > held["seq"]
    assert await database_sync_to_async(lambda: RoomMessage.objects.get(client_id="b1").held)()

    # mute: Bo can no longer write in the room, but can open a side chat with a leader
    await leader.send_json_to({"type": "mute", "participant": bo.pk, "muted": True})
    assert (await until(b, "muted"))["muted"] is True
    await b.send_json_to({"type": "msg", "client_id": "b2", "text": "hallo?"})
    assert (await until(b, "error"))["code"] == "muted"
    await b.send_json_to({"type": "side_open"})
    side = (await until(b, "side"))["side"]
    assert (await until(leader, "side_open"))["name"] == "Bo"
    await b.send_json_to({"type": "side_msg", "client_id": "b3", "text": "kan vi snakke?"})
    got = await until(leader, "msg", where=lambda f: f["side"])
    assert got["side"] == side and got["text"] == "kan vi snakke?"
    await leader.send_json_to({"type": "side_msg", "side": side, "client_id": "l2", "text": "Ja, jeg er her"})
    assert (await until(b, "msg", where=lambda f: f["leader"]))["text"] == "Ja, jeg er her"

    # hide a message: everyone is told, the text is gone for participants
    await leader.send_json_to({"type": "hide", "seq": ack["seq"]})
    assert (await until(a, "hidden"))["seq"] == ack["seq"]

    # bad input: error events, never an exception
    for bad in ({"type": "nope"}, {"type": "msg"}, {"type": "mute", "participant": "x"}, []):
        await a.send_json_to(bad)
        assert (await until(a, "error"))["type"] == "error"
    await a.send_input({"type": "websocket.receive", "text": "not json"})
    assert (await until(a, "error"))["code"] == "bad_frame"
    await a.send_input({"type": "websocket.receive", "text": "[" * 5000 + "]" * 5000})
    assert (await until(a, "error"))["code"] == "bad_frame"
    await a.send_json_to({"type": "mute", "participant": bo.pk})  # not a leader: unknown to a participant
    assert (await until(a, "error"))["code"] == "unknown_type"

    # replay by seq: a reconnecting participant gets what they missed, without Bo's held line
    c = sock(f"/ws/grupper/rom/{sid}/{cyd_t}/")
    assert (await c.connect())[0]
    await c.send_json_to({"type": "hello", "last_seq": 0})
    frames = []
    while True:
        f = await c.receive_json_from()
        if f["type"] == "replayed":
            break
        frames.append(f)
    texts = [f.get("text") for f in frames if f["type"] == "msg"]
    assert "Velkommen alle" in texts and not any("pillene" in (t or "") for t in texts) and "kan vi snakke?" not in texts
    assert "" in texts  # the hidden line, without its text

    # remove: Bo is told and the socket closes
    await leader.send_json_to({"type": "remove", "participant": bo.pk})
    assert (await until(b, "removed"))["participant"] == bo.pk

    # a stranger's token and a non-leader's cookie are refused
    assert not (await sock(f"/ws/grupper/rom/{sid}/00000000-0000-0000-0000-000000000000/").connect())[0]
    other = live.cookie_other
    assert not (await sock(f"/ws/grupper/leder/{sid}/", other).connect())[0]

    # the session ends: everyone told, the text deleted, attendance counted
    await leader.send_json_to({"type": "end"})
    assert (await until(a, "state"))["state"] == "ended"
    assert await database_sync_to_async(lambda: RoomMessage.objects.filter(session_id=sid).count())() == 0
    session = await database_sync_to_async(Session.objects.get)(pk=sid)
    assert session.state == "ended" and session.contact_id
    for ws in (a, c, leader):
        await ws.disconnect()


def test_similarity_layer_reads_after_delivery(live, monkeypatch):
    """Only the lexicon holds a room line back. The detector's similarity layer (slow: an
    embedding) reads a shown line after it is delivered, and a hit alerts the leaders ("possible");
    the line itself stays with everyone."""
    import threading

    from losen.navigator import crisis, semantic

    gate, asked = threading.Event(), []

    def probabilities(texts):
        asked.extend(texts)
        gate.wait(20)  # the similarity layer is busy until the line has been delivered
        return [0.99] * len(texts)

    monkeypatch.setitem(crisis._SEMANTIC, "on", True)
    monkeypatch.setattr(semantic, "probabilities", probabilities)
    monkeypatch.setattr(semantic, "threshold", lambda: 0.5)
    monkeypatch.setattr(semantic, "possible_threshold", lambda: 0.4)

    async def body():
        try:
            leader, a, b = await _join(live)
            await a.send_json_to({"type": "msg", "client_id": "a1", "text": "det har vært en tung uke for meg"})
            ack = await until(a, "ack")
            got = await until(b, "msg")  # delivered while the similarity layer has not answered
            assert got["text"] == "det har vært en tung uke for meg" and not ack["held"] and not got["held"]
            await until(leader, "msg")
            gate.set()
            alert = await until(leader, "alert", timeout=20)
            assert alert["possible"] is True and alert["seq"] == ack["seq"] and alert["name"] == "Ada"
            assert asked == ["det har vært en tung uke for meg"]
            # a line of one or two words is never read by the similarity layer
            await b.send_json_to({"type": "msg", "client_id": "b1", "text": "ok"})
            await until(a, "msg", where=lambda f: f["client_id"] == "b1")
            assert not await database_sync_to_async(lambda: RoomMessage.objects.get(client_id="a1").held)()
            for ws in (leader, a, b):
                await ws.disconnect()
            assert asked == ["det har vært en tung uke for meg"]
        finally:
            gate.set()

    in_thread(body)
