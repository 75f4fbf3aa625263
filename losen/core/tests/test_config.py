"""Configuration: safe demo defaults, refusal to run production unsafely, one clear line."""

import os
import subprocess
import sys

import pytest

from losen import config


def test_demo_defaults_use_sqlite_in_data_dir(tmp_path):
    cfg = config.read({"LOSEN_DATA_DIR": str(tmp_path)})
    assert cfg.env == "demo"
    assert cfg.database["ENGINE"] == "django.db.backends.sqlite3"
    assert cfg.database["NAME"] == str(tmp_path / "losen.sqlite3")
    assert cfg.redis_url is None
    assert not cfg.debug


def test_postgres_url_is_parsed():
    cfg = config.read({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"})
    assert cfg.database["ENGINE"] == "django.db.backends.postgresql"
    assert cfg.database["NAME"] == "test"
    assert cfg.database["HOST"] == "127.0.0.1"


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"LOSEN_ENV": "production", "LOSEN_ALLOWED_HOSTS": "x.no"}, "LOSEN_SECRET_KEY"),
        ({"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "k" * 50, "LOSEN_DEBUG": "true", "LOSEN_ALLOWED_HOSTS": "x.no"}, "DEBUG"),
        ({"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS"),
        ({"LOSEN_ENV": "staging"}, "LOSEN_ENV"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://u@host:port/db"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"LOSEN_DEBUG": "maybe"}, "LOSEN_DEBUG"),
    ],
)
def test_bad_configuration_is_refused_with_a_reason(environ, message):
    with pytest.raises(config.ConfigError, match=message):
        config.read(environ)


def test_production_with_everything_set_starts():
    key = "a" * 43 + "="
    cfg = config.read(
        {"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "s" * 50, "LOSEN_ALLOWED_HOSTS": "hjelp.example.no", "LOSEN_PERSONAL_DATA_KEY": key}
    )
    assert cfg.allowed_hosts == ["hjelp.example.no"]
    assert cfg.personal_data_key == key.encode()


def test_production_needs_a_personal_data_key_and_refuses_a_bad_one():
    base = {"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "s" * 50, "LOSEN_ALLOWED_HOSTS": "hjelp.example.no"}
    with pytest.raises(config.ConfigError, match="LOSEN_PERSONAL_DATA_KEY"):
        config.read(base)
    with pytest.raises(config.ConfigError, match="not a Fernet key"):
        config.read({**base, "LOSEN_PERSONAL_DATA_KEY": "short"})


def test_bad_database_url_fails_at_start_up_with_one_line(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://u@host:notaport/db", "LOSEN_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "losen", "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("losen: configuration error: DATABASE_URL")
    assert "Traceback" not in result.stderr
