"""Rate limits that identify nobody.

The key is an HMAC of the client address with a random salt that lives only in this process's
memory and changes every hour; neither the address nor the key is stored or logged. Limits are
per process, which is enough to stop a flood without keeping a trace of anyone.
"""

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, clock=time.monotonic):
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._hits: dict[bytes, deque] = {}
        self._lock = threading.Lock()
        self._salt = secrets.token_bytes(32)
        self._salt_born = clock()

    def _key(self, client: str) -> bytes:
        return hmac.new(self._salt, client.encode(), hashlib.sha256).digest()[:16]

    def wait(self, client: str) -> float:
        """Seconds until `client` may go on (0 if now), without counting a request. For limits
        that count only failures: check `wait()` first, `hit()` on each failure."""
        now = self.clock()
        with self._lock:
            if now - self._salt_born > 3600:
                return 0.0
            hits = self._hits.get(self._key(client))
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if hits is not None and len(hits) >= self.limit:
                return self.window - (now - hits[0])
            return 0.0

    def hit(self, client: str) -> float:
        """Count one request; return 0 if allowed, else seconds until the next is allowed."""
        now = self.clock()
        with self._lock:
            if now - self._salt_born > 3600:
                self._salt, self._salt_born, self._hits = secrets.token_bytes(32), now, {}
            hits = self._hits.setdefault(self._key(client), deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return self.window - (now - hits[0])
            hits.append(now)
            if len(self._hits) > 50_000:  # bound memory under a flood
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < self.window}
            return 0.0


def client_of(request) -> str:
    """The connection's address, used only as input to the in-memory HMAC above."""
    return request.META.get("REMOTE_ADDR") or "unknown"
