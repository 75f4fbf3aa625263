"""What the live benches (chat_load.py, group_room.py) share: a bench database with the demo
data, two uvicorn processes of Losen, the bare relay (relay_baseline.py), the servers' CPU time,
and the percentile they report.

Ports: set LOSEN_BENCH_PORTS=8700-8799 to keep every server the bench starts inside a range (a
shared machine); without it the OS picks free ports.
"""

import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
_taken: set[int] = set()


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def pct(values, q):
    if not values:
        return None
    data = sorted(values)
    return data[min(len(data) - 1, int(round(q * (len(data) - 1))))]


def free_port():
    """A free port, inside LOSEN_BENCH_PORTS (`first-last`) when it is set."""
    spec = os.environ.get("LOSEN_BENCH_PORTS", "")
    candidates = [0]
    if spec:
        first, last = (int(x) for x in spec.split("-"))
        candidates = [p for p in range(first, last + 1) if p not in _taken]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = s.getsockname()[1]
            _taken.add(port)
            return port
    raise RuntimeError(f"no free port in LOSEN_BENCH_PORTS={spec}")


def cpu_ms(pids):
    """User + system CPU milliseconds the processes have used so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total * 1000 / tick


def start_servers(env, workdir, tag):
    """Two uvicorn processes of Losen; returns (processes, base URLs)."""
    procs, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "losen.asgi:application", "--host", "127.0.0.1", "--port", str(port),
             "--no-access-log", "--ws-per-message-deflate", "false", "--log-level", "warning", "--backlog", "4096"],
            env=env, cwd=ROOT, stdout=open(workdir / f"{name}-{tag}.log", "w"), stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        urls.append(f"http://127.0.0.1:{port}")
    return procs, urls


def start_relay():
    """The bare relay; returns (process, port)."""
    port = free_port()
    return subprocess.Popen([sys.executable, str(ROOT / "bench" / "relay_baseline.py"), "--port", str(port)], cwd=ROOT), port


def stop(procs):
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def wait_up(urls, relay_port):
    import httpx

    deadline = time.monotonic() + 300  # a loaded machine takes its time to import and load the model
    for url in urls:
        while True:
            try:
                if httpx.get(url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start")
            time.sleep(0.3)
    while True:
        try:
            socket.create_connection(("127.0.0.1", relay_port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("relay did not start")
            time.sleep(0.2)


class Bench:
    """The bench's own PostgreSQL database (created fresh with the demo data, dropped at the end),
    the servers' environment and a temporary folder for their logs."""

    def __init__(self, name, database, keep_logs=False, extra_env=None):
        pg, self.redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
        if not pg.startswith(("postgres://", "postgresql://")) or not self.redis:
            sys.exit(f"{name} needs DATABASE_URL (PostgreSQL) and REDIS_URL")
        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        parsed = urlparse(pg)
        self.admin_url = urlunparse(parsed._replace(path="/postgres"))
        self.url = urlunparse(parsed._replace(path="/" + database))
        self.database, self.keep_logs = database, keep_logs
        self.workdir = Path(tempfile.mkdtemp(prefix=f"losen-{name}-"))
        self.env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
        self.env.update({"DATABASE_URL": self.url, "REDIS_URL": self.redis, "LOSEN_ENV": "test", "LOSEN_DATA_DIR": str(self.workdir), "PYTHONUNBUFFERED": "1"})
        self.env.update(extra_env or {})

    def admin(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def losen(self, *args):
        """`python -m losen.cli ...` against the bench database; returns its output."""
        out = subprocess.run([sys.executable, "-m", "losen.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"losen {' '.join(args)} failed:\n{out.stderr[-3000:]}")
        return out.stdout

    @contextlib.contextmanager
    def database_with_demo(self):
        self.admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{self.database}"')
        try:
            self.losen("demo", "--no-serve")
            yield self
        finally:
            self.admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            if self.keep_logs:
                log(f"server logs kept in {self.workdir}")
            else:
                shutil.rmtree(self.workdir, ignore_errors=True)
