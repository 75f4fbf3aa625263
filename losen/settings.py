"""Django settings for Losen. Every value comes from `losen.config.read(os.environ)`."""

import os
import sys

from django.conf.locale import LANG_INFO

from losen import config as _config

try:
    CONFIG = _config.read(os.environ)
except _config.ConfigError as exc:
    # One clear line, no traceback: the command-line entry point catches this too.
    sys.stderr.write(f"losen: configuration error: {exc}\n")
    raise SystemExit(2) from None

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
LOSEN_ENV = CONFIG.env
DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
DATA_DIR = CONFIG.data_dir
LOSEN_QUICK_EXIT_URL = CONFIG.quick_exit_url
LOSEN_PERSONAL_DATA_KEY = CONFIG.personal_data_key
# Read and checked in losen.config at start-up; code reads them here, never from os.environ.
LOSEN_SEALED_CONNECTION_KEY = CONFIG.sealed_connection_key  # a valid Fernet key, or None
LOSEN_NAVIGATOR_SEMANTIC = CONFIG.navigator_semantic
LOSEN_HSDS_SCHEMA_DIR = CONFIG.hsds_schema_dir
LOSEN_RATE_LIMIT_SCALE = CONFIG.rate_limit_scale

INSTALLED_APPS = [
    "losen.core",
    "losen.accounts",
    "losen.audit",
    "losen.directory",
    "losen.stats",
    "losen.volunteers",
    "losen.rota",
    "losen.navigator",
    "losen.chat",
    "losen.letters",
    "losen.groups",
    "losen.forum",
    "losen.cases",
    "losen.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "channels",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "losen.core.middleware.ProblemJsonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "losen.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "losen.accounts.middleware.StaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "losen.core.middleware.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "losen.urls"
ASGI_APPLICATION = "losen.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "losen.core.context_processors.losen",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CONFIG.redis_url:
    # Redis pub/sub: a group send is one PUBLISH and a process receives on one subscribed
    # connection, where the list-based layer spends four or five Redis round trips per message.
    # Nothing is kept for a socket that is not there: a reconnecting client replays from its
    # last sequence number (`hello`). Pub/sub channels are not per database, so the prefix
    # carries the database number: two deployments on one Redis never hear each other.
    from urllib.parse import parse_qs, urlparse

    _redis = urlparse(CONFIG.redis_url)
    _redis_db = (_redis.path.strip("/") or parse_qs(_redis.query).get("db", ["0"])[0]) or "0"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [CONFIG.redis_url], "prefix": f"losen.db{_redis_db}."},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CONFIG.redis_url}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Staff sign-in: argon2, mandatory TOTP, sessions that end.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
SESSION_COOKIE_AGE = 12 * 60 * 60  # one long night shift
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "losen_staff"
SESSION_COOKIE_SECURE = LOSEN_ENV == "production"
CSRF_COOKIE_SECURE = LOSEN_ENV == "production"
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = "Losen"
LOSEN_SIGNIN_MAX_FAILURES = 5  # per user name and client, then a lock (see accounts.signin)
LOSEN_SIGNIN_LOCK_SECONDS = 15 * 60
LOSEN_SIGNIN_SLOWDOWN_AFTER = 10  # failures per user name within an hour, from any clients
LOSEN_SIGNIN_SLOWDOWN_MAX_SECONDS = 60

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # nothing leaves for other sites; forms keep their Origin
X_FRAME_OPTIONS = "DENY"
# HTTPS: behind a reverse proxy, LOSEN_PROXY_SSL_HEADER names the header that says the client
# used HTTPS (production default X-Forwarded-Proto: https). Production redirects plain HTTP to
# HTTPS (LOSEN_SSL_REDIRECT) and tells browsers to stay on HTTPS for a year (HSTS).
SECURE_PROXY_SSL_HEADER = CONFIG.proxy_ssl_header
SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]  # the load balancer's probe may use plain HTTP
if LOSEN_ENV == "production":
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # the operator's other hosts are not ours to pin
# Content Security Policy through Django's own middleware: nothing loads from another origin.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# Languages: bokmål is the source language. Django lacks the Sami languages; register them
# so that switching works and untranslated strings fall back to bokmål.
LANG_INFO.update(
    {
        "se": {"bidi": False, "code": "se", "name": "Northern Sami", "name_local": "Davvisámegiella"},
        "smj": {"bidi": False, "code": "smj", "name": "Lule Sami", "name_local": "Julevsámegiella"},
        "sma": {"bidi": False, "code": "sma", "name": "South Sami", "name_local": "Åarjelsaemien gïele"},
    }
)
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
    ("se", "Davvisámegiella"),
    ("smj", "Julevsámegiella"),
    ("sma", "Åarjelsaemien gïele"),
]
LANGUAGE_COOKIE_NAME = "losen_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [os.path.join(BASE_DIR, "locale")]
FORMAT_MODULE_PATH = ["losen.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = LOSEN_ENV != "production"

# Logging never includes a help seeker's address or user agent: the ASGI server's access log
# is off (see losen.cli) and Django's request logger only names the path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "losen": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
