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


# --- issue 9, finding 8: every setting read and checked here, at start-up ----------------------


def test_sealed_connection_key_must_be_a_fernet_key():
    from cryptography.fernet import Fernet

    with pytest.raises(config.ConfigError, match="LOSEN_SEALED_CONNECTION_KEY"):
        config.read({"LOSEN_SEALED_CONNECTION_KEY": "not-a-key"})
    key = Fernet.generate_key().decode()
    assert config.read({"LOSEN_SEALED_CONNECTION_KEY": f" {key} "}).sealed_connection_key == key
    assert config.read({}).sealed_connection_key is None


def test_a_malformed_sealed_connection_key_stops_the_start_not_a_help_seeker(tmp_path):
    env = {**os.environ, "LOSEN_SEALED_CONNECTION_KEY": "abc", "LOSEN_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "losen", "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("losen: configuration error: LOSEN_SEALED_CONNECTION_KEY")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"LOSEN_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "LOSEN_PROXY_SSL_HEADER"),
        ({"LOSEN_PROXY_SSL_HEADER": "X Forwarded: https"}, "LOSEN_PROXY_SSL_HEADER"),
        ({"LOSEN_SSL_REDIRECT": "sometimes"}, "LOSEN_SSL_REDIRECT"),
        ({"LOSEN_NAVIGATOR_SEMANTIC": "perhaps"}, "LOSEN_NAVIGATOR_SEMANTIC"),
        ({"LOSEN_RATE_LIMIT_SCALE": "0.5"}, "LOSEN_RATE_LIMIT_SCALE"),
        ({"LOSEN_RATE_LIMIT_SCALE": "lots"}, "LOSEN_RATE_LIMIT_SCALE"),
        ({"LOSEN_RATE_LIMIT_SCALE": "nan"}, "LOSEN_RATE_LIMIT_SCALE"),
        ({"LOSEN_HSDS_SCHEMA_DIR": "/nonexistent/hsds"}, "LOSEN_HSDS_SCHEMA_DIR"),
        ({"LOSEN_CSRF_TRUSTED_ORIGINS": "hjelp.example.no"}, "LOSEN_CSRF_TRUSTED_ORIGINS"),
        (
            {"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "s" * 50, "LOSEN_ALLOWED_HOSTS": "x.no", "LOSEN_RATE_LIMIT_SCALE": "100", "LOSEN_PERSONAL_DATA_KEY": "a" * 43 + "="},
            "LOSEN_RATE_LIMIT_SCALE",
        ),
    ],
)
def test_more_bad_settings_are_refused(environ, message):
    with pytest.raises(config.ConfigError, match=message):
        config.read(environ)


def test_https_settings():
    prod = {"LOSEN_ENV": "production", "LOSEN_SECRET_KEY": "s" * 50, "LOSEN_ALLOWED_HOSTS": "x.no", "LOSEN_PERSONAL_DATA_KEY": "a" * 43 + "="}
    cfg = config.read(prod)
    assert cfg.proxy_ssl_header == ("HTTP_X_FORWARDED_PROTO", "https") and cfg.ssl_redirect
    cfg = config.read({**prod, "LOSEN_PROXY_SSL_HEADER": "X-Forwarded-Ssl: on"})
    assert cfg.proxy_ssl_header == ("HTTP_X_FORWARDED_SSL", "on")
    assert config.read({**prod, "LOSEN_PROXY_SSL_HEADER": "off"}).proxy_ssl_header is None
    demo = config.read({})
    assert demo.proxy_ssl_header is None and not demo.ssl_redirect


def test_settings_are_read_nowhere_else():
    """Outside config (and the entry points that hand os.environ to it) no module reads the
    environment. The chat app is checked by its own tests."""
    import re
    from pathlib import Path

    root = Path(config.__file__).resolve().parent
    allowed = {"config.py", "settings.py", "cli.py", "asgi.py", "conftest.py"}
    reads = re.compile(r"os\.environ\.get\(|os\.environ\[|os\.getenv\(|environ\.get\(\"LOSEN")
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if path.name in allowed or "tests" in rel.parts or rel.parts[0] == "chat":
            continue
        if reads.search(path.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == []
