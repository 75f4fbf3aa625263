"""Lockout with backoff for staff sign-in, per user name (no addresses are kept)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from losen.accounts.models import SignInThrottle


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked_for(username: str) -> int:
    """Seconds until this user name may try again (0 when not locked)."""
    row = SignInThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return int((row.locked_until - timezone.now()).total_seconds()) + 1
    return 0


def failed(username: str) -> None:
    """Count a failure; from the limit on, lock for a period that doubles each time."""
    with transaction.atomic():
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(username=_key(username))
        row.failures += 1
        limit = settings.LOSEN_SIGNIN_MAX_FAILURES
        if row.failures >= limit:
            factor = 2 ** min(row.failures - limit, 6)
            row.locked_until = timezone.now() + timedelta(seconds=settings.LOSEN_SIGNIN_LOCK_SECONDS * factor)
        row.save()


def succeeded(username: str) -> None:
    SignInThrottle.objects.filter(username=_key(username)).delete()
