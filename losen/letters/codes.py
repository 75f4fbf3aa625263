"""Pickup codes: four words drawn with `secrets` from a bokmål word list shipped with the app
(`losen/core/pickup_words.txt`: plain, everyday words in a–z only, so any keyboard can type them). With 2,048 or
more words, four words give at least 44 bits.

Only an HMAC of the normalised code is stored, keyed with a server-side key derived from
SECRET_KEY with a purpose string. The code is never logged."""

import hashlib
import hmac
import math
import re
import secrets

from losen.core import pickup

CODE_WORDS = 4
PURPOSE = b"losen.letters.pickup-code.v1"


def words() -> tuple[str, ...]:
    return pickup.words()


def entropy_bits(n_words: int = CODE_WORDS) -> float:
    return n_words * math.log2(len(words()))


def new_code(n_words: int = CODE_WORDS) -> str:
    pool = words()
    return "-".join(secrets.choice(pool) for _ in range(n_words))


def normalise(code: str) -> str:
    """Case, spaces, dots and dashes do not matter: 'Eple  bro-KANIN.lys' == 'eple-bro-kanin-lys'."""
    parts = re.split(r"[\s\-_.,;:/]+", (code or "").strip().lower())
    return "-".join(p for p in parts if p)


def _key() -> bytes:
    from django.conf import settings

    return hmac.new(settings.SECRET_KEY.encode(), PURPOSE, hashlib.sha256).digest()


def digest(code: str) -> str:
    return hmac.new(_key(), normalise(code).encode(), hashlib.sha256).hexdigest()


def plausible(code: str) -> bool:
    """Shape only (no lookup): 4–8 words of letters."""
    parts = normalise(code).split("-")
    return 4 <= len(parts) <= 8 and all(p.isalpha() and len(p) <= 20 for p in parts)
