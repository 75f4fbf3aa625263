"""Rate limits that identify nobody, shared by every process through Django's cache.

The key is an HMAC of the client address with a random salt that changes every hour. The salt
lives only in the cache (Redis when `REDIS_URL` is set, so all processes share it and the
limits hold across them; process memory otherwise) and expires with its hour; neither the
address nor the salt is stored in the database or logged. Counters are fixed windows
(`cache.add` + `cache.incr`, atomic in Redis) that expire with their window.

`LOSEN_RATE_LIMIT_SCALE` raises every limit for test runs such as the API fuzzing in CI.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache

SALT_PREFIX = "losen:rl-salt:"
HOUR = 3600


def _salt(now: float) -> bytes:
    """The salt of the current hour, the same in every process sharing the cache."""
    key = f"{SALT_PREFIX}{int(now // HOUR)}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(32), timeout=2 * HOUR)  # the first process wins
        salt = cache.get(key)
    return (salt or secrets.token_hex(32)).encode()


def client_key(client: str, *parts: str, now: float | None = None) -> str:
    """HMAC of the client address (and e.g. a user name) with the hourly salt, as hex."""
    now = time.time() if now is None else now
    message = "\x00".join((client, *parts)).encode("utf-8", "surrogatepass")
    # The secret key joins the salt, so reading the cache alone cannot test guessed addresses.
    key = settings.SECRET_KEY.encode() + _salt(now)
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


class RateLimiter:
    def __init__(self, name: str, limit: int, window_seconds: int, clock=time.time):
        self.name = name
        self.limit = limit
        self.window = int(window_seconds)
        self.clock = clock

    def _window_key(self, client: str, now: float) -> tuple[str, int]:
        window = int(now // self.window)
        return f"losen:rl:{self.name}:{client_key(client, now=now)}:{window}", window

    def wait(self, client: str) -> float:
        """Seconds until `client` may go on (0 if now), without counting a request. For limits
        that count only failures: check `wait()` first, `hit()` on each failure."""
        now = self.clock()
        key, window = self._window_key(client, now)
        if (cache.get(key) or 0) >= self.limit * settings.LOSEN_RATE_LIMIT_SCALE:
            return max(1.0, (window + 1) * self.window - now)
        return 0.0

    def hit(self, client: str) -> float:
        """Count one request; return 0 if allowed, else seconds until the next is allowed."""
        now = self.clock()
        key, window = self._window_key(client, now)
        cache.add(key, 0, timeout=self.window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=self.window + 5)
            count = 1
        if count > self.limit * settings.LOSEN_RATE_LIMIT_SCALE:
            return max(1.0, (window + 1) * self.window - now)
        return 0.0


def client_of(request) -> str:
    """The connection's address, used only as input to the HMAC above."""
    return request.META.get("REMOTE_ADDR") or "unknown"
