"""Real servers for the multi-process and browser tests: uvicorn subprocesses on their own
database (a fresh PostgreSQL database when DATABASE_URL is PostgreSQL, else an SQLite file),
prepared with `losen demo --no-serve` and `losen chat_demo`."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import httpx

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/" + name))


def admin(url: str, sql: str):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


class Stack:
    def __init__(self, workdir: Path, postgres_url: str | None = None, redis_url: str | None = None, extra_env=None):
        self.workdir = Path(workdir)
        self.postgres_url, self.redis_url = postgres_url, redis_url
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
        self.env.update({"LOSEN_ENV": "test", "LOSEN_DATA_DIR": str(self.workdir / "data"), "PYTHONUNBUFFERED": "1"})
        self.env.update(extra_env or {})
        self.dbname = None
        if postgres_url:
            self.dbname = f"losen_t_{uuid.uuid4().hex[:10]}"
            admin(postgres_url, f'CREATE DATABASE "{self.dbname}"')
            self.env["DATABASE_URL"] = with_database(postgres_url, self.dbname)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.servers = {}
        self.logs = []

    def losen(self, *args) -> str:
        out = subprocess.run([sys.executable, "-m", "losen.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError(f"losen {' '.join(args)} failed: {out.stderr[-2000:]}")
        return out.stdout

    def prepare(self, *chat_args) -> dict:
        self.losen("demo", "--no-serve")
        return json.loads(self.losen("chat_demo", *chat_args).strip().splitlines()[-1])

    def start(self, name: str) -> str:
        port = free_port()
        log = open(self.workdir / f"{name}.log", "w")
        self.logs.append(self.workdir / f"{name}.log")
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "losen.asgi:application", "--host", "127.0.0.1", "--port", str(port),
             "--no-access-log", "--lifespan", "off", "--log-level", "info"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError((self.workdir / f"{name}.log").read_text()[-3000:])
            try:
                if httpx.get(url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{name} did not start")
        self.servers[name] = (proc, url)
        return url

    def kill(self, name: str):
        proc, _ = self.servers.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def query(self, sql: str, params=()):
        if self.dbname:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"]) as conn:
                return conn.execute(sql, params).fetchall()
        import sqlite3

        with sqlite3.connect(self.workdir / "data" / "losen.sqlite3") as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def text_values(self):
        """Every text value in every table (for privacy checks)."""
        if self.dbname:
            rows = self.query(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema='public' "
                "AND data_type IN ('text','character varying','jsonb','bytea')"
            )
        else:
            rows = []
            for (table,) in self.query("SELECT name FROM sqlite_master WHERE type='table'"):
                rows += [(table, c[1]) for c in self.query(f'PRAGMA table_info("{table}")')]
        found = []
        for table, column in rows:
            for (value,) in self.query(f'SELECT "{column}" FROM "{table}"'):
                if isinstance(value, (bytes, memoryview)):
                    value = bytes(value).decode("latin-1")
                if value is not None:
                    found.append((table, column, str(value)))
        return found

    def close(self):
        for name in list(self.servers):
            proc, _ = self.servers.pop(name)
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.dbname:
            admin(self.postgres_url, f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
