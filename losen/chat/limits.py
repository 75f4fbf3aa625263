"""Per-service daily contact limits in a signed first-party cookie.

The cookie holds only today's date and a count per service slug, e.g.
{"d": "2026-05-04", "c": {"kirkens-sos": 2}}, signed so it cannot be raised by hand (it
can be deleted, which only lets a person in: the limit is a courtesy to the queue, not a
barrier). Everybody who started the same number of chats has the same cookie value, so it
identifies nobody; the server stores nothing to enforce it.
"""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

COOKIE = "losen_chat_count"
SALT = "losen.chat.daily-limit"


def _today():
    return timezone.localdate().isoformat()


def counts(request) -> dict:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return {}
    try:
        data = signing.Signer(salt=SALT).unsign_object(raw)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict) or data.get("d") != _today() or not isinstance(data.get("c"), dict):
        return {}
    return {str(k): int(v) for k, v in data["c"].items() if isinstance(v, int)}


def reached(request, slug: str, limit: int) -> bool:
    return bool(limit) and counts(request).get(slug, 0) >= limit


def count(request, response, slug: str) -> None:
    current = counts(request)
    current[slug] = current.get(slug, 0) + 1
    # no timestamp in the value (signing.dumps adds one): the same count gives the same cookie
    value = signing.Signer(salt=SALT).sign_object({"d": _today(), "c": current}, compress=True)
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    response.set_cookie(
        COOKIE, value, max_age=max(60, int((midnight - now).total_seconds())), httponly=True, samesite="Strict",
        secure=request.is_secure(), path="/chat/",
    )
