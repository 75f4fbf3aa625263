"""The similarity layer's policy on room lines (losen/groups/screening.py): a bounded backlog
per room that drops the oldest waiting line, rooms in turn, the leaders' notice of skipped lines
(at once, then at most once per interval), and alerts only for lines over the threshold. The
lexicon's hold-back is not here: it runs before delivery on every line (test_room_live)."""

import asyncio
import threading

from losen.groups.screening import Screener


class Layer:
    def __init__(self):
        self.sent = []

    async def group_send(self, group, message):
        self.sent.append((group, message["audience"], message["event"]))


def test_backlog_policy_and_notices():
    gate, asked, now = threading.Event(), [], [1000.0]

    def similarity(texts):
        asked.append(list(texts))
        gate.wait(20)  # the worker is busy with the first line while the others arrive
        return [0.9 if "tung" in t else 0.1 for t in texts], 0.5

    screener = Screener(similarity=similarity, per_room=2, batch=1, notice_every=60, clock=lambda: now[0], sleep=lambda s: None)
    layer = Layer()

    async def body():
        def line(group, text):
            screener.submit(layer, group, text, {"type": "alert", "text": text})

        line("A", "a1 tung")
        for _ in range(200):  # the worker has taken a1 and waits at the gate
            if asked:
                break
            await asyncio.sleep(0.01)
        assert asked == [["a1 tung"]]
        line("A", "a2 tung")
        line("A", "a3")
        line("B", "b1 tung")
        line("A", "a4 tung")  # A's backlog is full (a2, a3): a2, the oldest waiting, is skipped
        await asyncio.sleep(0.05)
        assert layer.sent == [("A", "leaders", {"type": "screening", "skipped": 1})]  # at once, the first time
        line("A", "a5")  # a3 skipped: counted, not yet told (within the interval)
        await asyncio.sleep(0.05)
        assert len(layer.sent) == 1 and screener.backlog() == 3
        gate.set()
        for _ in range(300):
            if not screener.backlog() and len(asked) == 4:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        # one line per room in turn: B's line before A's second one; a2 and a3 never screened
        assert asked == [["a1 tung"], ["a4 tung"], ["b1 tung"], ["a5"]]
        alerts = [(g, e["text"]) for g, aud, e in layer.sent if e["type"] == "alert"]
        assert sorted(alerts) == [("A", "a1 tung"), ("A", "a4 tung"), ("B", "b1 tung")]
        assert all(aud == "leaders" for _g, aud, _e in layer.sent)
        now[0] += 61  # the interval has passed: the count not yet told goes out
        line("B", "b2")
        await asyncio.sleep(0.05)
        assert ("A", "leaders", {"type": "screening", "skipped": 1}) in layer.sent[1:]

    try:
        asyncio.run(body())
    finally:
        gate.set()


def test_round_robin_between_rooms():
    gate, asked = threading.Event(), []

    def similarity(texts):
        asked.append(list(texts))
        gate.wait(20)
        return [0.0] * len(texts), 0.5

    screener = Screener(similarity=similarity, per_room=10, batch=3, sleep=lambda s: None)
    layer = Layer()

    async def body():
        screener.submit(layer, "A", "first", {})
        for _ in range(200):
            if asked:
                break
            await asyncio.sleep(0.01)
        for text in ("a1", "a2", "a3", "a4"):
            screener.submit(layer, "A", text, {})
        screener.submit(layer, "B", "b1", {})
        screener.submit(layer, "C", "c1", {})
        gate.set()
        for _ in range(300):
            if not screener.backlog() and sum(map(len, asked)) == 7:
                break
            await asyncio.sleep(0.01)
        assert asked[1] == ["a1", "b1", "c1"] and asked[2:] == [["a2", "a3", "a4"]]

    try:
        asyncio.run(body())
    finally:
        gate.set()


def test_the_worker_keeps_to_its_cpu_share():
    """After each batch the worker sleeps busy x (engine threads / share - 1)."""
    from losen.navigator import semantic

    slept, done = [], threading.Event()

    def similarity(texts):
        import time

        time.sleep(0.02)
        return [0.0] * len(texts), 0.5

    def sleep(seconds):
        slept.append(seconds)
        done.set()

    screener = Screener(similarity=similarity, share=0.25, sleep=sleep)

    async def body():
        screener.submit(Layer(), "A", "line", {})
        await asyncio.get_running_loop().run_in_executor(None, done.wait, 10)

    asyncio.run(body())
    assert slept and slept[0] >= 0.02 * (semantic.THREADS / 0.25 - 1)
