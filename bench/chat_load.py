"""Chat load bench: N concurrent chats through two uvicorn processes sharing one Redis and one
PostgreSQL, against a bare `websockets` relay with the same message pattern.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/chat_load.py --chats 1000 --seconds 60

Each chat is a visitor socket and a responder socket (a responder of its own with one slot),
on different processes so every message crosses Redis. After everyone is connected and every
chat is answered, and once the set-up's own traffic has drained (no frame for 2 s), each
side sends one message every --interval seconds (random phase) for --seconds. Latency is from the sender's send() to the other side's receipt, measured in this
process. `lost` = messages sent whose copy never reached the other side (after a drain).
Each of --runs runs (default 3) starts fresh server processes and fresh chats; the JSON object
printed at the end gives every run and the median, min and max over the runs (p99, lost, the
servers' CPU milliseconds per delivered message, the load average). Creates its own database
(--database, default losen_bench) and drops it afterwards.
"""

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _servers import Bench, cpu_ms, log, pct, start_relay, start_servers, stop, wait_up  # noqa: E402


class Stats:
    def __init__(self):
        self.sent = {}  # client id -> send time
        self.latencies = []
        self.delivered = set()
        self.duplicates = 0
        self.errors = {}
        self.timeline = []

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def got(self, client_id):
        t0 = self.sent.get(client_id)
        if t0 is None:
            return
        if client_id in self.delivered:
            self.duplicates += 1
            return
        self.delivered.add(client_id)
        self.latencies.append((time.monotonic() - t0) * 1000)
        self.timeline.append((t0, self.latencies[-1]))  # for p99_ms_by_10s


async def pattern(stats, send_fns, seconds, interval, tag):
    """Each side sends one message every `interval` s for `seconds`, random phase."""
    stop = time.monotonic() + seconds

    async def side(i, send):
        await asyncio.sleep(random.random() * interval)
        n = 0
        while time.monotonic() < stop:
            cid = f"{tag}-{i}-{n}"
            stats.sent[cid] = time.monotonic()
            try:
                await send(cid)
            except Exception as exc:
                stats.error(f"send:{type(exc).__name__}")
            n += 1
            await asyncio.sleep(interval)

    await asyncio.gather(*(side(i, s) for i, s in enumerate(send_fns)))


async def drain(stats, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(stats.delivered) < len(stats.sent):
        await asyncio.sleep(0.2)


# --- the chat -----------------------------------------------------------------------------------


async def run_chat(urls, sessions, n, seconds, interval, pids=()):
    import httpx
    import websockets

    stats = Stats()
    sem = asyncio.Semaphore(16)
    tokens = []
    # A new connection per start: a kept-alive connection that the server closes as idle (after
    # uvicorn's keep-alive timeout) just as the next POST goes out fails the whole run with
    # "Server disconnected without sending a response" (what stopped earlier 1,000-chat runs).
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=40, max_keepalive_connections=0))

    async def start(i):
        # every visitor is a different person with a cookie jar of their own (daily limits)
        async with sem:
            client = httpx.AsyncClient(timeout=60, transport=transport)  # not closed: that would close the shared pool
            r = await client.post(urls[i % 2] + "/chat/kirkens-sos/", data={})
            if r.status_code != 302:
                raise RuntimeError(f"start chat: {r.status_code} {r.text[:3000]}")
            tokens.append((i, re.search(r"/chat/samtale/([0-9a-f-]+)/", r.headers["location"]).group(1)))

    await asyncio.gather(*(start(i) for i in range(n)))
    await transport.aclose()
    log(f"chat: {n} chats queued")

    visitors, responders = {}, []
    conv_of_visitor = {}

    quiet = {"last": time.monotonic()}

    async def reader(ws, on_frame):
        try:
            async for raw in ws:
                quiet["last"] = time.monotonic()
                on_frame(json.loads(raw))
        except websockets.ConnectionClosed as exc:
            stats.error(f"closed:{exc.rcvd.code if exc.rcvd else 'none'}")

    def visitor_frame(frame):
        if frame.get("type") == "msg" and frame.get("sender") == "responder":
            stats.got(frame.get("client_id"))
        elif frame.get("type") == "error":
            stats.error(f"visitor:{frame.get('code')}")

    def responder_frame(frame):
        if frame.get("type") == "msg" and frame.get("sender") == "visitor":
            stats.got(frame.get("client_id"))
        elif frame.get("type") == "error":
            stats.error(f"responder:{frame.get('code')}")

    tasks = []

    async def open_visitor(i, token):
        url = urls[i % 2]
        async with sem:
            ws = await websockets.connect(url.replace("http", "ws") + f"/ws/chat/{token}/", origin=url, open_timeout=60, max_queue=None, ping_interval=None)
            await ws.send(json.dumps({"type": "hello", "last_seq": 0}))
            async with asyncio.timeout(60):
                while True:
                    f = json.loads(await ws.recv())
                    if f["type"] == "state":
                        conv_of_visitor[i] = f["conversation"]
                        break
        visitors[i] = ws
        tasks.append(asyncio.create_task(reader(ws, visitor_frame)))

    await asyncio.gather(*(open_visitor(i, t) for i, t in tokens))
    log("chat: visitors connected")

    names = sorted(k for k in sessions if k.startswith("bench-responder-"))[:n]
    by_conv = {}

    async def open_responder(j, name):
        url = urls[(j + 1) % 2]
        async with sem:
            ws = await websockets.connect(
                url.replace("http", "ws") + "/ws/chat/vakt/kirkens-sos/", origin=url, open_timeout=60, max_queue=None, ping_interval=None,
                additional_headers={"Cookie": f"losen_staff={sessions[name]}"},
            )
            await ws.send(json.dumps({"type": "take_next"}))
            async with asyncio.timeout(120):
                while True:
                    f = json.loads(await ws.recv())
                    if f["type"] == "assigned":
                        break
        if f["conversation"]:
            by_conv[f["conversation"]["id"]] = ws
        responders.append(ws)
        tasks.append(asyncio.create_task(reader(ws, responder_frame)))

    await asyncio.gather(*(open_responder(j, name) for j, name in enumerate(names)))
    log(f"chat: {len(by_conv)} chats answered; steady phase {seconds}s")
    # The set-up's own traffic (queue updates to every socket after each answer) drains before
    # the steady phase: wait until no frame has arrived for 2 s (at most 60 s).
    settle_until = time.monotonic() + 60
    while time.monotonic() < settle_until and time.monotonic() - quiet["last"] < 2:
        await asyncio.sleep(0.2)

    sends = []
    for i, ws in visitors.items():
        sends.append(lambda cid, ws=ws: ws.send(json.dumps({"type": "msg", "client_id": cid, "text": "hei " + cid})))
        conv = conv_of_visitor[i]
        rws = by_conv.get(conv)
        if rws is not None:
            sends.append(lambda cid, ws=rws, conv=conv: ws.send(json.dumps({"type": "msg", "conversation": conv, "client_id": cid, "text": "svar " + cid})))
    cpu0 = cpu_ms(pids)
    await pattern(stats, sends, seconds, interval, "c")
    await drain(stats)
    stats.cpu_ms = cpu_ms(pids) - cpu0
    if stats.timeline:  # p99 per 10 s of the steady phase, to see a trend or a spike
        t_start = min(t for t, _ in stats.timeline)
        buckets = {}
        for t, lat in stats.timeline:
            buckets.setdefault(int((t - t_start) // 10), []).append(lat)
        stats.p99_by_10s = [round(pct(buckets[b], 0.99), 1) for b in sorted(buckets)]
    for ws in list(visitors.values()) + responders:
        await ws.close()
    for t in tasks:
        t.cancel()
    return stats, len(by_conv)


# --- the bare relay ------------------------------------------------------------------------------


async def run_relay(url, n, seconds, interval, pids=()):
    import websockets

    stats = Stats()
    sem = asyncio.Semaphore(40)
    sockets, tasks = [], []

    async def reader(ws):
        try:
            async for raw in ws:
                stats.got(json.loads(raw).get("client_id"))
        except websockets.ConnectionClosed:
            pass

    async def open_pair(i):
        async with sem:
            a = await websockets.connect(f"{url}/room/{i}/a", open_timeout=60, max_queue=None, ping_interval=None)
            b = await websockets.connect(f"{url}/room/{i}/b", open_timeout=60, max_queue=None, ping_interval=None)
        sockets.extend([a, b])
        tasks.extend([asyncio.create_task(reader(a)), asyncio.create_task(reader(b))])

    await asyncio.gather(*(open_pair(i) for i in range(n)))
    await asyncio.sleep(1)
    sends = [lambda cid, ws=ws: ws.send(json.dumps({"type": "msg", "client_id": cid, "text": "hei " + cid})) for ws in sockets]
    cpu0 = cpu_ms(pids)
    await pattern(stats, sends, seconds, interval, "r")
    await drain(stats)
    stats.cpu_ms = cpu_ms(pids) - cpu0
    for ws in sockets:
        await ws.close()
    for t in tasks:
        t.cancel()
    return stats


# --- setting up and tearing down ------------------------------------------------------------------


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    data = sorted(values)
    mid = len(data) // 2
    median = data[mid] if len(data) % 2 else (data[mid - 1] + data[mid]) / 2
    return {"median": round(median, 3), "min": round(data[0], 3), "max": round(data[-1], 3)}


def one_run(args, chats, env, workdir, info, run, end_chats):
    """Fresh server processes and fresh chats; the relay with the same pattern right after."""
    procs, urls = start_servers(env, workdir, run)
    relay, relay_port = start_relay()
    try:
        wait_up(urls, relay_port)
        for p in procs:
            log(f"run {run}: server pid {p.pid}")
        stats, answered = asyncio.run(run_chat(urls, info["sessions"], chats, args.seconds, args.interval, [p.pid for p in procs]))
        stop(procs)
        base = asyncio.run(run_relay(f"ws://127.0.0.1:{relay_port}", chats, args.seconds, args.interval, [relay.pid]))
    finally:
        stop(procs + [relay])
        end_chats()
    p99, base_p99 = pct(stats.latencies, 0.99), pct(base.latencies, 0.99)
    result = {
        "answered": answered,
        "sent": len(stats.sent),
        "delivered": len(stats.delivered),
        "lost": len(stats.sent) - len(stats.delivered),
        "duplicates": stats.duplicates,
        "errors": stats.errors,
        "p50_ms": round(pct(stats.latencies, 0.5), 1) if stats.latencies else None,
        "p99_ms": round(p99, 1) if p99 is not None else None,
        "max_ms": round(max(stats.latencies), 1) if stats.latencies else None,
        # CPU of both server processes during the steady phase, per delivered message
        "cpu_ms_per_msg": round(stats.cpu_ms / len(stats.delivered), 3) if stats.delivered else None,
        "baseline_p50_ms": round(pct(base.latencies, 0.5), 1) if base.latencies else None,
        "baseline_p99_ms": round(base_p99, 1) if base_p99 is not None else None,
        "baseline_lost": len(base.sent) - len(base.delivered),
        "baseline_cpu_ms_per_msg": round(base.cpu_ms / len(base.delivered), 3) if base.delivered else None,
        "ratio_p99": round(p99 / base_p99, 2) if p99 and base_p99 else None,
        "p99_ms_by_10s": getattr(stats, "p99_by_10s", None),
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }
    log(f"{chats} chats, run {run}: {json.dumps(result)}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, nargs="+", default=[1000], help="one or more sizes, measured in turn on one set-up")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3, help="independent runs (fresh processes and chats); the summary is over these")
    parser.add_argument("--database", default="losen_bench")
    parser.add_argument("--keep-logs", action="store_true", help="keep the uvicorn logs (a temporary folder)")
    args = parser.parse_args()

    bench = Bench("chat_load", args.database, args.keep_logs)

    def end_chats():
        """Between runs: every chat of the run ends, so the responders are free again."""
        import psycopg

        with psycopg.connect(bench.url, autocommit=True) as conn:
            conn.execute("UPDATE chat_conversation SET state = 'ended', ended_at = now() WHERE state IN ('queued', 'active', 'transferred')")

    with bench.database_with_demo():
        info = json.loads(bench.losen("chat_demo", "--always", "--responders", str(max(args.chats)), "--capacity", "1", "--on-duty", "--sessions").strip().splitlines()[-1])
        log("bench database ready")
        keys = ("p50_ms", "p99_ms", "max_ms", "lost", "cpu_ms_per_msg", "baseline_p99_ms", "baseline_cpu_ms_per_msg", "ratio_p99", "loadavg_1m")
        sizes = []
        for chats in args.chats:
            runs = []
            for run in range(1, args.runs + 1):
                try:
                    runs.append(one_run(args, chats, bench.env, bench.workdir, info, run, end_chats))
                except Exception as exc:  # a run that does not complete is reported, not dropped
                    log(f"{chats} chats, run {run} failed: {exc!r}")
                    runs.append({"failed": f"{type(exc).__name__}: {exc}"[:300]})
            summary_ = {k: summary([r.get(k) for r in runs]) for k in keys}
            sizes.append({"chats": chats, "runs": len(runs), "failed_runs": sum("failed" in r for r in runs), "summary": summary_, "per_run": runs})
        result = {"seconds": args.seconds, "interval_s": args.interval, "processes": 2, "cpus": os.cpu_count(), "sizes": sizes}
        if len(sizes) > 1:
            by_size = sorted(sizes, key=lambda x: x["chats"])
            small, large = by_size[0]["summary"]["p99_ms"], by_size[-1]["summary"]["p99_ms"]
            if small and large and small["median"]:
                result["p99_growth"] = round(large["median"] / small["median"], 2)  # median p99 at the largest over the smallest size
        print(json.dumps(result))


if __name__ == "__main__":
    main()
