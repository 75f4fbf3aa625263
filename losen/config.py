"""Configuration from environment variables, checked before Django starts.

Plain Python: `read(environ)` returns a `Config` or raises `ConfigError` with one line a
person can act on. Demo defaults are safe on a laptop; `LOSEN_ENV=production` refuses to
start with the demo secret key, DEBUG on, or no ALLOWED_HOSTS.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEMO_SECRET_KEY = "losen-demo-secret-key-not-for-production"
ENVIRONMENTS = ("demo", "test", "production")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    env: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    data_dir: Path
    database: dict
    redis_url: str | None
    quick_exit_url: str
    csrf_trusted_origins: list[str]
    personal_data_key: bytes  # Fernet key for volunteers' and cases' special categories
    sealed_connection_key: str | None = None
    navigator_semantic: bool = True
    hsds_schema_dir: Path | None = None
    proxy_ssl_header: tuple[str, str] | None = None
    ssl_redirect: bool = False
    rate_limit_scale: float = 1.0


def _flag(environ, name, default):
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use true or false)")


def _database(environ, data_dir: Path) -> dict:
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "losen.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "sqlite"):
        raise ConfigError(
            f"DATABASE_URL has scheme {parsed.scheme or '(none)'!r}; use postgres://user@host:port/name"
        )
    import dj_database_url

    try:
        db = dj_database_url.parse(url)
    except Exception as exc:  # the library raises several types for malformed URLs
        raise ConfigError(f"DATABASE_URL is malformed: {exc}") from None
    if parsed.scheme != "sqlite":
        # Under ASGI every request runs in a thread of its own, so persistent per-thread
        # connections are never reused and pile up (PostgreSQL refused new clients at 1,000
        # chats). A connection pool per process shares a few connections instead.
        db["CONN_MAX_AGE"] = 0
        db.setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 20, "timeout": 20}
        if not parsed.hostname or not db.get("NAME"):
            raise ConfigError("DATABASE_URL must name a host and a database, e.g. postgres://postgres@127.0.0.1:5432/losen")
        try:
            parsed.port
        except ValueError:
            raise ConfigError("DATABASE_URL has a port that is not a number") from None
    return db


def _fernet_key(environ) -> str | None:
    """LOSEN_SEALED_CONNECTION_KEY: a Fernet key (32 url-safe base64-encoded bytes), or unset."""
    raw = environ.get("LOSEN_SEALED_CONNECTION_KEY", "").strip()
    if not raw:
        return None
    from cryptography.fernet import Fernet

    try:
        Fernet(raw.encode())
    except (ValueError, TypeError):
        raise ConfigError(
            "LOSEN_SEALED_CONNECTION_KEY is not a Fernet key (32 url-safe base64 bytes); create one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None
    return raw


def _proxy_ssl_header(environ, production: bool) -> tuple[str, str] | None:
    """LOSEN_PROXY_SSL_HEADER="X-Forwarded-Proto: https": the header (and value) by which the
    reverse proxy in front of Losen says the client used HTTPS. Production default is that one;
    `off` for none (Losen terminates TLS itself). Set it only if the proxy strips the header
    from clients' requests."""
    raw = environ.get("LOSEN_PROXY_SSL_HEADER", "").strip()
    if not raw:
        raw = "X-Forwarded-Proto: https" if production else "off"
    if raw.lower() in ("off", "none", "false", "0", "no"):
        return None
    name, sep, value = raw.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not value or not name or not all(c.isalnum() or c == "-" for c in name):
        raise ConfigError(f"LOSEN_PROXY_SSL_HEADER={raw!r} must look like 'X-Forwarded-Proto: https' (or off)")
    return ("HTTP_" + name.upper().replace("-", "_"), value)


def _scale(environ) -> float:
    raw = environ.get("LOSEN_RATE_LIMIT_SCALE", "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 1.0 <= value <= 100_000 or value != value:
        raise ConfigError(f"LOSEN_RATE_LIMIT_SCALE={raw!r} must be a number from 1 (normal) to 100000")
    return value


def read(environ) -> Config:
    env = environ.get("LOSEN_ENV", "demo").strip() or "demo"
    if env not in ENVIRONMENTS:
        raise ConfigError(f"LOSEN_ENV={env!r} is not one of {', '.join(ENVIRONMENTS)}")
    production = env == "production"
    debug = _flag(environ, "LOSEN_DEBUG", default=False)
    secret_key = environ.get("LOSEN_SECRET_KEY", "") or DEMO_SECRET_KEY
    hosts = [h.strip() for h in environ.get("LOSEN_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if production:
        if secret_key == DEMO_SECRET_KEY or len(secret_key) < 40:
            raise ConfigError("LOSEN_ENV=production needs LOSEN_SECRET_KEY: at least 40 random characters, not the demo key")
        if debug:
            raise ConfigError("LOSEN_ENV=production refuses LOSEN_DEBUG=true")
        if not hosts:
            raise ConfigError("LOSEN_ENV=production needs LOSEN_ALLOWED_HOSTS (comma-separated host names)")
    else:
        hosts = hosts or ["127.0.0.1", "localhost", "testserver", "[::1]"]
    data_dir = Path(environ.get("LOSEN_DATA_DIR", "") or Path.cwd() / "var").resolve()
    redis_url = environ.get("REDIS_URL", "").strip() or None
    if redis_url and urlparse(redis_url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"REDIS_URL must start with redis:// or rediss://, got {redis_url.split(':')[0]!r}")
    quick_exit_url = environ.get("LOSEN_QUICK_EXIT_URL", "").strip() or "https://www.yr.no/"
    if urlparse(quick_exit_url).scheme not in ("http", "https"):
        raise ConfigError("LOSEN_QUICK_EXIT_URL must be an http(s) address")
    origins = [o.strip() for o in environ.get("LOSEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
    personal_data_key = _personal_data_key(environ, production, secret_key)
    for origin in origins:
        if urlparse(origin).scheme not in ("http", "https") or not urlparse(origin).netloc:
            raise ConfigError(f"LOSEN_CSRF_TRUSTED_ORIGINS: {origin!r} is not an origin such as https://hjelp.example.no")
    schema_dir = environ.get("LOSEN_HSDS_SCHEMA_DIR", "").strip()
    if schema_dir and not (Path(schema_dir) / "service.json").is_file():
        raise ConfigError(f"LOSEN_HSDS_SCHEMA_DIR={schema_dir!r} does not hold the compiled HSDS 3.0 schemas (no service.json)")
    scale = _scale(environ)
    if production and scale != 1.0:
        raise ConfigError("LOSEN_ENV=production refuses LOSEN_RATE_LIMIT_SCALE: it is for test runs only")
    return Config(
        env=env,
        debug=debug,
        secret_key=secret_key,
        allowed_hosts=hosts,
        data_dir=data_dir,
        database=_database(environ, data_dir),
        redis_url=redis_url,
        quick_exit_url=quick_exit_url,
        csrf_trusted_origins=origins,
        personal_data_key=personal_data_key,
        sealed_connection_key=_fernet_key(environ),
        navigator_semantic=_flag(environ, "LOSEN_NAVIGATOR_SEMANTIC", default=True),
        hsds_schema_dir=Path(schema_dir).resolve() if schema_dir else None,
        proxy_ssl_header=_proxy_ssl_header(environ, production),
        ssl_redirect=_flag(environ, "LOSEN_SSL_REDIRECT", default=production),
        rate_limit_scale=scale,
    )


def _personal_data_key(environ, production: bool, secret_key: str) -> bytes:
    """LOSEN_PERSONAL_DATA_KEY: a Fernet key kept outside the database. Required in production;
    elsewhere a key derived from the (demo) secret key, so demo and tests need no set-up."""
    import base64
    import hashlib

    raw = environ.get("LOSEN_PERSONAL_DATA_KEY", "").strip()
    if not raw:
        if production:
            raise ConfigError("LOSEN_ENV=production needs LOSEN_PERSONAL_DATA_KEY (a Fernet key: 32 url-safe base64 bytes)")
        return base64.urlsafe_b64encode(hashlib.sha256(("personal-data:" + secret_key).encode()).digest())
    try:
        if len(base64.urlsafe_b64decode(raw.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ConfigError("LOSEN_PERSONAL_DATA_KEY is not a Fernet key (32 url-safe base64-encoded bytes)") from None
    return raw.encode()
