"""Throttling of staff sign-in, so that guessing is slow and nobody can lock out someone else.

Two layers, neither keeping an address:

- **Lockout per user name and client.** After `LOSEN_SIGNIN_MAX_FAILURES` failures for one user
  name from one client, that pair is locked for `LOSEN_SIGNIN_LOCK_SECONDS`, doubling with each
  further failure. The pair is an HMAC of the address and the user name with the salted,
  hourly-rotated key of the rate limiter (`losen.core.ratelimit.client_key`), counted in the
  cache (Redis when set, shared by all processes). Someone typing a colleague's name five times
  locks only themselves.
- **Slow-down per user name.** After `LOSEN_SIGNIN_SLOWDOWN_AFTER` failures for an account
  within an hour, from any clients, a client that has *itself* failed for that name must wait
  a few seconds (doubling, at most `LOSEN_SIGNIN_SLOWDOWN_MAX_SECONDS`) after the account's last
  failure. A client that has not failed is never slowed: the volunteer on shift signs in at once
  while somebody elsewhere guesses. This count lives in the `SignInThrottle` table, one row per
  existing account (names that don't exist get no row).

A service admin's reset clears both for the account (`cleared`).
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from losen.accounts.models import SignInThrottle, User
from losen.core.ratelimit import client_key

WINDOW = 3600  # the slow-down forgets failures older than this


@dataclass(frozen=True)
class Wait:
    seconds: int = 0
    locked: bool = False  # True: lockout of this client for this name; False: slow-down

    def __bool__(self):
        return self.seconds > 0


def _name(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _row(username: str):
    return SignInThrottle.objects.filter(username=_name(username)).first()


def _pair_key(username: str, client: str, row) -> str:
    # A reset starts a new epoch, so earlier locks of every client no longer apply.
    epoch = str(int(row.cleared_at.timestamp())) if row and row.cleared_at else "0"
    return "losen:signin:" + client_key(client, _name(username), epoch)


def wait_for(username: str, client: str) -> Wait:
    """How long this client must wait before trying this user name again."""
    row = _row(username)
    pair = cache.get(_pair_key(username, client, row)) or {}
    now = time.time()
    if pair.get("locked_until", 0) > now:
        return Wait(int(pair["locked_until"] - now) + 1, locked=True)
    if pair.get("failures") and row and row.failures >= settings.LOSEN_SIGNIN_SLOWDOWN_AFTER and row.last_failed_at:
        since = (timezone.now() - row.last_failed_at).total_seconds()
        if since < WINDOW:
            delay = min(2 ** (row.failures - settings.LOSEN_SIGNIN_SLOWDOWN_AFTER), settings.LOSEN_SIGNIN_SLOWDOWN_MAX_SECONDS)
            if since < delay:
                return Wait(int(delay - since) + 1, locked=False)
    return Wait()


def failed(username: str, client: str) -> None:
    """Count a failure for this pair (locking it from the limit on) and for the account."""
    name = _name(username)
    row = None
    if User.objects.filter(username__iexact=name).exists():
        with transaction.atomic():
            row, _ = SignInThrottle.objects.select_for_update().get_or_create(username=name)
            now = timezone.now()
            if row.last_failed_at and (now - row.last_failed_at) > timedelta(seconds=WINDOW):
                row.failures = 0
            row.failures += 1
            row.last_failed_at = now
            row.save(update_fields=["failures", "last_failed_at"])
    key = _pair_key(username, client, row)
    pair = cache.get(key) or {"failures": 0, "locked_until": 0}
    pair["failures"] += 1
    limit = settings.LOSEN_SIGNIN_MAX_FAILURES
    timeout = WINDOW
    if pair["failures"] >= limit:
        seconds = settings.LOSEN_SIGNIN_LOCK_SECONDS * 2 ** min(pair["failures"] - limit, 6)
        pair["locked_until"] = time.time() + seconds
        timeout = max(timeout, seconds + 60)
    cache.set(key, pair, timeout=timeout)


def succeeded(username: str, client: str) -> None:
    """A correct password and code: this client starts afresh for this name."""
    cache.delete(_pair_key(username, client, _row(username)))


def cleared(user) -> None:
    """A service admin reset the account: no lockout or slow-down is left for anyone."""
    now = timezone.now()
    SignInThrottle.objects.update_or_create(username=_name(user.username), defaults={"failures": 0, "last_failed_at": None, "cleared_at": now})
