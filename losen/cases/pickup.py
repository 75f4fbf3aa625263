"""The help seeker's pickup code for their side of a case. The code is shown once; only an
HMAC of it (key derived from SECRET_KEY) is stored, so the database alone cannot open a case.
Codes are typed into a form (POST), never put in a URL, so no access log holds them."""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LENGTH = 12


def _key() -> bytes:
    return hashlib.sha256(b"losen.cases.pickup:" + settings.SECRET_KEY.encode()).digest()


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch in ALPHABET)


def digest(code: str) -> str:
    return hmac.new(_key(), normalise(code).encode(), hashlib.sha256).hexdigest()


def new() -> tuple[str, str]:
    """(code to show once, formatted in groups of four; digest to store)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    shown = "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))
    return shown, digest(raw)
