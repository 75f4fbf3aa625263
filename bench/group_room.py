"""Group room bench: R online rooms of P participants, each writing one message every --interval
seconds, through two uvicorn processes sharing one Redis and one PostgreSQL, against the chat
bench's bare `websockets` relay (bench/relay_baseline.py, P sockets per room) in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/group_room.py --rooms 50 --participants 12 --seconds 60 [--lexicon-only]

Participants of a room alternate between the two processes, so every message crosses Redis.
Every message goes through the crisis detector (as in production) and is persisted before it is
acknowledged and fanned out. Latency is from the sender's send() to each other participant's
receipt (fan-out), measured in this process.

Each of --runs runs (default 3) uses fresh rooms: the Losen phase, then the relay phase with the
same clients and pattern. Per phase: messages sent (written to the socket; a send that raised is
`send_failed`, not sent), messages the server refused with an error frame, deliveries expected
(sent x other participants), delivered, `lost` = expected - delivered after a 20 s drain, and
p50/p90/p99/max, and the servers' CPU time per message sent (a figure the machine's load does
not skew much; the relay's for comparison). `client_lag_*` is this process's own event-loop lag: if it is high the clients,
not the servers, are the bottleneck (the relay phase shows the same). The report gives median,
min and max over the runs and every run. `--lexicon-only` runs the servers with
LOSEN_NAVIGATOR_SEMANTIC=0. Prints one JSON object. Creates its own database (--database,
default losen_bench_groups) and drops it afterwards; LOSEN_BENCH_PORTS=first-last keeps the
servers' ports in a range (bench/_servers.py).
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _servers import Bench, cpu_ms, log, pct, start_relay, start_servers, stop, wait_up  # noqa: E402

TEXTS = [
    "Hei alle sammen, i dag har vært en grei dag",
    "Jeg kjenner meg igjen i det du skriver",
    "Takk for at du deler, det betyr mye",
    "Hos oss er det mye krangling hjemme for tiden",
    "Jeg prøvde å gå en tur i går, det hjalp litt",
    "Hva gjør dere når det blir for mye?",
]


class Stats:
    def __init__(self):
        self.sent = {}  # client id -> (send time, receivers expected)
        self.latencies = []
        self.got = {}  # client id -> receivers that got it
        self.duplicates = 0
        self.errors = {}
        self.send_failed = 0  # send() raised: never left this process, not counted as sent
        self.rejected = set()  # the server answered with an error frame for this client id
        self.lag = []  # this process's event-loop lag samples (ms): can the clients keep up?
        self.cpu_s = 0.0
        self.server_cpu_ms = 0.0  # the server processes' CPU time over the phase and its drain

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def received(self, client_id, receiver):
        entry = self.sent.get(client_id)
        if entry is None:
            return
        seen = self.got.setdefault(client_id, set())
        if receiver in seen:
            self.duplicates += 1
            return
        seen.add(receiver)
        self.latencies.append((time.monotonic() - entry[0]) * 1000)

    def expected(self):
        return sum(n for _t, n in self.sent.values())

    def delivered(self):
        return sum(len(v) for v in self.got.values())


async def pattern(stats, senders, seconds, interval, receivers_each):
    stop = time.monotonic() + seconds

    async def one(i, send):
        await asyncio.sleep(random.random() * interval)
        n = 0
        while time.monotonic() < stop:
            cid = f"{i}-{n}"
            stats.sent[cid] = (time.monotonic(), receivers_each)
            try:
                await send(cid, random.choice(TEXTS) + f" ({n})")
            except Exception as exc:
                stats.error(f"send:{type(exc).__name__}")
                stats.send_failed += 1
                stats.sent.pop(cid, None)
            n += 1
            await asyncio.sleep(interval)

    await asyncio.gather(*(one(i, s) for i, s in enumerate(senders)))


async def drain(stats, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and stats.delivered() < stats.expected():
        await asyncio.sleep(0.2)


async def loop_lag(stats, tick=0.05):
    """How late this process's event loop wakes up: if the clients cannot keep up, the latency
    they measure is their own, and the report says so (client_lag_*)."""
    while True:
        t = time.monotonic()
        await asyncio.sleep(tick)
        stats.lag.append((time.monotonic() - t - tick) * 1000)


async def run_rooms(urls, rooms, seconds, interval, relay=None, server_pids=()):
    """`rooms`: [(session id, [tokens])] for Losen, or [(room id, [sides])] for the relay."""
    import websockets

    stats = Stats()
    sem = asyncio.Semaphore(40)
    sockets, tasks, senders = [], [], []

    async def reader(ws, me):
        try:
            async for raw in ws:
                frame = json.loads(raw)
                if frame.get("type") == "msg" and frame.get("client_id") and not frame["client_id"].startswith(f"{me}-"):
                    stats.received(frame["client_id"], me)
                elif frame.get("type") == "error":
                    stats.error(f"frame:{frame.get('code')}")
                    if frame.get("client_id"):
                        stats.rejected.add(frame["client_id"])
        except websockets.ConnectionClosed as exc:
            stats.error(f"closed:{exc.rcvd.code if exc.rcvd else 'none'}")

    async def open_one(r, j, member, idx):
        async with sem:
            if relay:
                ws = await websockets.connect(f"{relay}/room/{r}/{member}", open_timeout=60, max_queue=None, ping_interval=None)
            else:
                url = urls[j % 2]
                ws = await websockets.connect(url.replace("http", "ws") + f"/ws/grupper/rom/{r}/{member}/", origin=url, open_timeout=60, max_queue=None, ping_interval=None)
                await ws.send(json.dumps({"type": "hello", "last_seq": 0}))
                async with asyncio.timeout(60):
                    while json.loads(await ws.recv()).get("type") != "replayed":
                        pass
        sockets.append(ws)
        tasks.append(asyncio.create_task(reader(ws, idx)))

        async def send(cid, text, ws=ws, idx=idx):
            await ws.send(json.dumps({"type": "msg", "client_id": f"{idx}-{cid}", "text": text}))

        senders.append((idx, send))

    jobs = []
    idx = 0
    for r, members in rooms:
        for j, member in enumerate(members):
            jobs.append(open_one(r, j, member, idx))
            idx += 1
    await asyncio.gather(*jobs)
    log(f"{'relay' if relay else 'losen'}: {len(sockets)} sockets connected")
    await asyncio.sleep(2)
    per_room = len(rooms[0][1]) - 1

    async def stamped(idx, send, cid, text):
        key = f"{idx}-{cid}"
        stats.sent[key] = stats.sent.pop(cid)
        try:
            await send(cid, text)
        except Exception:
            stats.sent.pop(key, None)
            raise

    lagger = asyncio.create_task(loop_lag(stats))
    cpu0, server0 = time.process_time(), cpu_ms(server_pids)
    await pattern(stats, [lambda cid, text, idx=idx, send=send: stamped(idx, send, cid, text) for idx, send in senders], seconds, interval, per_room)
    stats.cpu_s = time.process_time() - cpu0
    await drain(stats)
    stats.server_cpu_ms = cpu_ms(server_pids) - server0
    lagger.cancel()
    for ws in sockets:
        await ws.close()
    for t in tasks:
        t.cancel()
    return stats


def get(d, path):
    for key in path.split("."):
        d = d.get(key) if isinstance(d, dict) else None
    return d


def summary(stats):
    """One phase of one run: what was sent, delivered and lost, and the latency distribution."""
    expected, delivered = stats.expected(), stats.delivered()
    rejected_deliveries = sum(stats.sent[c][1] for c in stats.rejected if c in stats.sent)
    return {
        "messages_sent": len(stats.sent),
        "send_failed": stats.send_failed,
        "rejected_by_server": len(stats.rejected),
        "deliveries_expected": expected,
        "delivered": delivered,
        "lost": expected - delivered,
        "lost_of_rejected": rejected_deliveries,
        "duplicates": stats.duplicates,
        "errors": stats.errors,
        "p50_ms": round(pct(stats.latencies, 0.5), 1) if stats.latencies else None,
        "p90_ms": round(pct(stats.latencies, 0.9), 1) if stats.latencies else None,
        "p99_ms": round(pct(stats.latencies, 0.99), 1) if stats.latencies else None,
        "max_ms": round(max(stats.latencies), 1) if stats.latencies else None,
        "client_lag_p99_ms": round(pct(stats.lag, 0.99), 1) if stats.lag else None,
        "client_lag_max_ms": round(max(stats.lag), 1) if stats.lag else None,
        "client_cpu_s": round(stats.cpu_s, 1),
        "server_cpu_ms_per_message": round(stats.server_cpu_ms / len(stats.sent), 2) if stats.sent else None,
    }


def setup_rooms(n_rooms, n_participants, run=0):
    """Create the rooms with Django directly (the bench database): one series and one live
    session per room, two leaders, participants who accepted the ground rules."""
    import django

    django.setup()
    from django.db import connections

    from losen.accounts import roles
    from losen.accounts.models import Membership, Organisation, User
    from losen.directory.models import Service
    from losen.groups import actions
    from losen.groups.models import Series, Session
    from django.utils import timezone

    service = Service.objects.get(slug="nks-veiledningssenter")
    org = Organisation.objects.get(slug="nks-veiledningssenter")
    leaders = []
    for name in ("bench-leder-a", "bench-leder-b"):
        user, _ = User.objects.get_or_create(username=name)
        Membership.objects.get_or_create(user=user, organisation=org, role=roles.VOLUNTEER)
        leaders.append(user)
    rooms = []
    for r in range(n_rooms):
        series = Series.objects.create(service=service, title=f"Bench {run}.{r}", format=Series.ONLINE, capacity=n_participants, leaders_needed=2, listed=False)
        session = Session.objects.create(series=series, starts_at=timezone.now())
        session.leaders.set(leaders)
        tokens = []
        for i in range(n_participants):
            p, token, _code = actions.apply(series, f"P{i}")
            actions.accept_rules(p)
            tokens.append(token)
        actions.start(session, leaders[0])
        rooms.append((session.pk, tokens))
    connections.close_all()
    return rooms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--participants", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--lexicon-only", action="store_true", help="servers run the crisis detector without its embedding layer")
    parser.add_argument("--runs", type=int, default=3, help="runs (fresh rooms each, Losen then the relay); the report gives median, min and max")
    parser.add_argument("--database", default="losen_bench_groups")
    parser.add_argument("--keep-logs", action="store_true", help="keep the uvicorn logs (a temporary folder)")
    args = parser.parse_args()

    bench = Bench("group_room", args.database, args.keep_logs, {"LOSEN_NAVIGATOR_SEMANTIC": "0"} if args.lexicon_only else None)
    procs = []
    try:
        with bench.database_with_demo():
            os.environ.update({k: bench.env[k] for k in ("DATABASE_URL", "REDIS_URL", "LOSEN_ENV", "LOSEN_DATA_DIR")}, DJANGO_SETTINGS_MODULE="losen.settings")
            rooms = setup_rooms(args.rooms, args.participants)
            log("bench database ready")
            procs, urls = start_servers(bench.env, bench.workdir, "groups")
            relay, relay_port = start_relay()
            procs.append(relay)
            wait_up(urls, relay_port)
            log(f"server pids {[p.pid for p in procs[:2]]}, relay pid {relay.pid}")
            print(json.dumps(measure(args, rooms, urls, procs, relay_port)))
    finally:
        stop(procs)
        import redis as redis_lib

        r = redis_lib.Redis.from_url(bench.redis)
        for key in r.scan_iter("asgi:group:groups.*", count=1000):
            r.delete(key)


def measure(args, rooms, urls, procs, relay_port):
    """Every run: fresh rooms (after the first), the Losen phase, then the relay phase."""
    runs = []
    for run in range(args.runs):
        if run:
            rooms = setup_rooms(args.rooms, args.participants, run)
        stats = asyncio.run(run_rooms(urls, rooms, args.seconds, args.interval, server_pids=[p.pid for p in procs[:2]]))
        relay_rooms = [(f"{run}.{r}", [f"p{i}" for i in range(args.participants)]) for r in range(args.rooms)]
        base = asyncio.run(run_rooms(urls, relay_rooms, args.seconds, args.interval, relay=f"ws://127.0.0.1:{relay_port}", server_pids=[procs[2].pid]))
        one = {"losen": summary(stats), "relay": summary(base), "loadavg_1m": round(os.getloadavg()[0], 2)}
        p99, base_p99 = one["losen"]["p99_ms"], one["relay"]["p99_ms"]
        one["ratio_p99"] = round(p99 / base_p99, 2) if p99 and base_p99 else None
        log(f"run {run + 1}/{args.runs}: {json.dumps(one)}")
        runs.append(one)

    def spread(path):
        values = [v for v in (get(r, path) for r in runs) if v is not None]
        if not values:
            return None
        return {"median": round(statistics.median(values), 1), "min": round(min(values), 1), "max": round(max(values), 1)}

    return {
        "rooms": args.rooms,
        "participants": args.participants,
        "seconds": args.seconds,
        "interval_s": args.interval,
        "detector": "lexicon" if args.lexicon_only else "lexicon+semantic",
        "runs": args.runs,
        "lost": spread("losen.lost"),
        "p50_ms": spread("losen.p50_ms"),
        "p99_ms": spread("losen.p99_ms"),
        "baseline_lost": spread("relay.lost"),
        "baseline_p99_ms": spread("relay.p99_ms"),
        "ratio_p99": spread("ratio_p99"),
        "client_lag_p99_ms": spread("losen.client_lag_p99_ms"),
        "server_cpu_ms_per_message": spread("losen.server_cpu_ms_per_message"),
        "baseline_cpu_ms_per_message": spread("relay.server_cpu_ms_per_message"),
        "target_met": all(r["losen"]["lost"] == 0 and (r["losen"]["p99_ms"] or 1e9) <= 250 for r in runs),
        "per_run": runs,
        "processes": 2,
        "cpus": os.cpu_count(),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    main()
