"""Pickup codes: a few plain bokmål words a help seeker writes down to come back (read a
group's notices, return to one's forum posts, fetch an answer). No account, no e-mail.

    code = pickup.new_code()          # "ekorn bakke solrik vindu" – shown once, never stored
    stored = pickup.digest(code)      # HMAC-SHA256 with a key derived from SECRET_KEY
    pickup.digest(" Ekorn  BAKKE solrik-vindu ") == stored   # normalise() forgives case and spacing

Only digests are stored; a database dump alone does not give the codes back, and looking up a
code costs one indexed equality query. Four words from a list of 2,048+ give 2^44 codes; with
the per-IP-free rate limits of the views, guessing one is not practical.

The word list (`pickup_words.txt`, one word a line) holds plain, everyday bokmål words in a–z.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata
from functools import cache
from pathlib import Path

WORDS_IN_CODE = 4
_WORD_FILE = Path(__file__).with_name("pickup_words.txt")


@cache
def words() -> tuple[str, ...]:
    found = []
    seen = set()
    for line in _WORD_FILE.read_text(encoding="utf-8").splitlines():
        word = line.strip().lower()
        if word and not word.startswith("#") and word not in seen:
            seen.add(word)
            found.append(word)
    return tuple(found)


def new_code(n: int = WORDS_IN_CODE) -> str:
    """A fresh code of `n` (at least 4) words chosen with `secrets`."""
    pool = words()
    return " ".join(secrets.choice(pool) for _ in range(max(WORDS_IN_CODE, n)))


def normalise(code: str) -> str:
    """Lowercase, Unicode NFC, any run of spaces, hyphens, dots or commas becomes one space."""
    text = unicodedata.normalize("NFC", str(code or "")).lower()
    return " ".join(part for part in re.split(r"[\s\-–.,;:_/]+", text) if part)


@cache
def _key() -> bytes:
    from django.conf import settings

    return hashlib.sha256(b"losen-pickup-code:" + settings.SECRET_KEY.encode()).digest()


def digest(code: str) -> str:
    """The stored form of a code (hex HMAC-SHA256 of the normalised code)."""
    return hmac.new(_key(), normalise(code).encode(), hashlib.sha256).hexdigest()
