"""The crisis detector's similarity layer on shown room lines, after delivery.

In a room only the lexicon holds a line back: it reads every line before the line is stored and
delivered (consumers.detect, about 1 ms of CPU), and nothing here delays or skips that. The
similarity layer (an embedding, some 30 ms of CPU a line with multilingual-e5-small on this
project's 2-core reference machine) can only flag a line that everyone already sees: the
leaders get a "possible" alert. A busy process cannot embed every line (50 rooms of 12 writing
every 5 s are 120 lines a second, some 3.5 cores of embedding), so this layer has a budget and
a bounded backlog, with this policy:

* **One worker thread per process**, started on first use. The embedding engine lets go of the
  interpreter lock while it works, so the event loop keeps running meanwhile.
* **A CPU budget**: after each batch the worker sleeps long enough that, on average, it uses at
  most ``SHARE`` of one core (counted as wall time x the engine's threads, an upper bound).
  The rest of the machine is for delivering the lines.
* **A bounded backlog, per room**: at most ``PER_ROOM`` lines wait per room, and rooms take
  turns (one line each per round), so a busy room cannot crowd a quiet one out. When a room's
  backlog is full its **oldest** waiting line leaves it unscreened by this layer (it has been
  read by the lexicon, like every line): the alerts that still come are about what is being
  said now.
* **Leaders are told**: a room whose lines were skipped gets a ``screening`` event to its
  leaders only, ``{"type": "screening", "skipped": n}`` (lines skipped since the last notice),
  at once for the first skipped line, then at most once every ``NOTICE_EVERY`` seconds while
  there are skipped lines not yet reported.

No text is logged or kept; a line is dropped from memory once it is read or skipped.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict, deque

log = logging.getLogger("losen.groups")

SHARE = 0.25  # of one core, per process
PER_ROOM = 8
BATCH = 4  # lines per call into the engine (holds the engine's lock for ~4 x 30 ms)
NOTICE_EVERY = 60.0  # seconds


def _similarity(texts):
    """The layer's probabilities and its alert threshold, or None when it is not available."""
    from losen.navigator import semantic

    probabilities = semantic.probabilities(texts)
    return None if probabilities is None else (probabilities, semantic.threshold())


def _engine_threads():
    from losen.navigator import semantic

    return semantic.THREADS


class Screener:
    """The process's similarity screening of room lines (see the module's policy)."""

    def __init__(self, *, similarity=_similarity, share=SHARE, per_room=PER_ROOM, batch=BATCH, notice_every=NOTICE_EVERY,
                 clock=time.monotonic, sleep=time.sleep):
        self.similarity, self.share, self.per_room, self.batch = similarity, share, per_room, batch
        self.notice_every, self.clock, self.sleep = notice_every, clock, sleep
        self._cond = threading.Condition()
        self._rooms: OrderedDict[str, deque] = OrderedDict()  # room group -> waiting (loop, layer, text, alert)
        self._skipped: dict[str, list] = {}  # room group -> [count, time of the last notice, loop, layer]
        self._thread: threading.Thread | None = None

    def submit(self, layer, group: str, text: str, alert: dict) -> None:
        """On the event loop, after the line is delivered: queue it for the similarity layer.
        `group` is the room's channel-layer group, `alert` the leaders' event if the layer fires."""
        loop = asyncio.get_running_loop()
        with self._cond:
            waiting = self._rooms.setdefault(group, deque())
            if len(waiting) >= self.per_room:
                waiting.popleft()
                entry = self._skipped.setdefault(group, [0, None, loop, layer])
                entry[0] += 1
                entry[2:] = [loop, layer]
            waiting.append((loop, layer, text, alert))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="losen-room-screen", daemon=True)
                self._thread.start()
            self._cond.notify()
        self._notify_skipped()

    def backlog(self) -> int:
        with self._cond:
            return sum(len(w) for w in self._rooms.values())

    def _take(self) -> list:
        """Up to `batch` lines, one per room in turn (under the lock)."""
        taken = []
        while self._rooms and len(taken) < self.batch:
            group, waiting = next(iter(self._rooms.items()))
            taken.append((group, *waiting.popleft()))
            if waiting:
                self._rooms.move_to_end(group)
            else:
                del self._rooms[group]
        return taken

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._rooms:
                    self._cond.wait(self.notice_every)
                    self._notify_skipped()  # the lock is re-entrant
                taken = self._take()
            started = time.perf_counter()
            try:
                found = self.similarity([text for _sid, _loop, _layer, text, _alert in taken])
            except Exception:  # never let the detector break a room; the log says so (without the text)
                log.exception("room screening failed")
                found = None
            if found is not None:
                probabilities, threshold = found
                for (group, loop, layer, _text, alert), p in zip(taken, probabilities):
                    if p is not None and p >= threshold:
                        self._send(loop, layer, group, alert)
            self._notify_skipped()
            busy = time.perf_counter() - started
            self.sleep(busy * max(0.0, _engine_threads() / self.share - 1))

    def _notify_skipped(self) -> None:
        """Tell the leaders of rooms with skipped lines, at most once per `notice_every`."""
        now = self.clock()
        due = []
        with self._cond:
            for group, entry in list(self._skipped.items()):
                count, last, loop, layer = entry
                if count and (last is None or now - last >= self.notice_every):
                    due.append((loop, layer, group, {"type": "screening", "skipped": count}))
                    entry[0], entry[1] = 0, now
                elif not count and now - last >= self.notice_every:
                    del self._skipped[group]
        for loop, layer, group, event in due:
            self._send(loop, layer, group, event)

    @staticmethod
    def _send(loop, layer, group, event) -> None:
        """To the room's leaders, on the event loop the line came from."""
        send = layer.group_send(group, {"type": "room.event", "event": event, "audience": "leaders"})
        try:
            asyncio.run_coroutine_threadsafe(send, loop)
        except RuntimeError:  # that event loop has closed (its process or test is over)
            send.close()


screener = Screener()
