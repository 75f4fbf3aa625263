"""Two ASGI processes behind one Redis and one PostgreSQL serve one queue. A visitor on
process A and a responder on process B talk; process A is killed, the visitor reconnects to
B, and no message is lost or duplicated."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
import json
import os
import re

import httpx
import pytest

from losen.chat.tests.servers import Stack

PG = os.environ.get("DATABASE_URL", "")
REDIS = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (PG.startswith(("postgres://", "postgresql://")) and REDIS),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: several processes share the queue through them (.ci/run sets both)",
)


@pytest.fixture
def stack(tmp_path):
    s = Stack(tmp_path, postgres_url=PG, redis_url=REDIS)
    try:
        yield s
    finally:
        s.close()


def ws_url(http_url, path):
    return "ws://" + http_url.split("://", 1)[1] + path


async def connect(http_url, path, cookie=None):
    import websockets

    headers = {"Cookie": cookie} if cookie else None
    return await websockets.connect(ws_url(http_url, path), origin=http_url.replace("http://", "http://"), additional_headers=headers, open_timeout=10)


async def until(ws, predicate, timeout=10):
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            if predicate(frame):
                return frame


def test_two_processes_one_queue_and_failover(stack):
    info = stack.prepare("--always", "--on-duty", "--sessions")
    a, b = stack.start("a"), stack.start("b")
    cookie = "losen_staff=" + info["sessions"]["ks-frivillig"]
    start = httpx.post(a + "/chat/kirkens-sos/", data={"age": "16-18"}, follow_redirects=False)
    assert start.status_code == 302
    token = re.search(r"/chat/samtale/([0-9a-f-]+)/", start.headers["location"]).group(1)

    async def scenario():
        visitor = await connect(a, f"/ws/chat/{token}/")
        await visitor.send(json.dumps({"type": "hello", "last_seq": 0}))
        queued = await until(visitor, lambda f: f["type"] == "queue")
        assert queued["position"] == 1

        responder = await connect(b, "/ws/chat/vakt/kirkens-sos/", cookie)
        await responder.send(json.dumps({"type": "take_next"}))
        assigned = await until(responder, lambda f: f["type"] == "assigned")
        conv = assigned["conversation"]["id"]
        await until(visitor, lambda f: f["type"] == "msg" and f["text"] == "answered")  # B -> A through Redis

        seen_by_visitor = {}
        for i in range(5):
            await visitor.send(json.dumps({"type": "msg", "client_id": f"v{i}", "text": f"besøkende {i}"}))
            await until(visitor, lambda f: f["type"] == "ack" and f["client_id"] == f"v{i}")
            got = await until(responder, lambda f: f["type"] == "msg" and f.get("client_id") == f"v{i}")
            assert got["text"] == f"besøkende {i}"
            await responder.send(json.dumps({"type": "msg", "conversation": conv, "client_id": f"r{i}", "text": f"svar {i}"}))
            m = await until(visitor, lambda f: f["type"] == "msg" and f.get("client_id") == f"r{i}")
            seen_by_visitor[m["seq"]] = m["text"]
        last_seq = max(seen_by_visitor)

        # the visitor sends one more message and process A dies before the visitor sees an ack
        await visitor.send(json.dumps({"type": "msg", "client_id": "v-inflight", "text": "midt i bruddet"}))
        await asyncio.sleep(0.5)
        stack.kill("a")
        # while the visitor is away the responder writes twice
        for i in (5, 6):
            await responder.send(json.dumps({"type": "msg", "conversation": conv, "client_id": f"r{i}", "text": f"svar {i}"}))
            await until(responder, lambda f: f["type"] == "ack" and f["client_id"] == f"r{i}")

        # the browser reconnects (to the other process) with the last seen number and resends
        # what was not acknowledged
        visitor2 = await connect(b, f"/ws/chat/{token}/")
        await visitor2.send(json.dumps({"type": "hello", "last_seq": last_seq}))
        await visitor2.send(json.dumps({"type": "msg", "client_id": "v-inflight", "text": "midt i bruddet"}))
        replayed = []
        async with asyncio.timeout(10):
            while True:
                f = json.loads(await visitor2.recv())
                if f["type"] == "msg" and f["kind"] == "text" and f["sender"] == "responder":
                    replayed.append(f["text"])
                if f["type"] == "ack" and f["client_id"] == "v-inflight":
                    break
        assert replayed == ["svar 5", "svar 6"]
        await visitor2.send(json.dumps({"type": "msg", "client_id": "v-after", "text": "er tilbake"}))
        got = await until(responder, lambda f: f["type"] == "msg" and f.get("client_id") == "v-after")
        assert got["text"] == "er tilbake"
        await visitor2.close()
        await responder.close()

    # in a thread of its own: Playwright's sync API may hold an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()
    rows = stack.query("SELECT sender, text, client_id FROM chat_message WHERE kind = 'text' ORDER BY seq")
    texts = [r[1] for r in rows]
    expected_visitor = [f"besøkende {i}" for i in range(5)] + ["midt i bruddet", "er tilbake"]
    expected_responder = [f"svar {i}" for i in range(7)]
    assert [t for s, t, c in rows if s == "visitor"] == expected_visitor
    assert [t for s, t, c in rows if s == "responder"] == expected_responder
    assert len(texts) == len(set(c for _s, _t, c in rows)) == 14  # none lost, none twice
    # and neither process logged the client's address
    for log in stack.logs:
        text = log.read_text()
        assert "127.0.0.1:" not in re.sub(r"http://127\.0\.0\.1:\d+", "", text)
        assert token not in text
