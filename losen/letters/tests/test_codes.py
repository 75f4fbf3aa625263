"""Pickup codes: the word list, entropy, `secrets`, HMAC only, normalisation."""

import math
import re

import pytest

from losen.letters import codes


def test_word_list_is_big_plain_and_unique():
    words = codes.words()
    assert len(words) >= 2048
    assert len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z]{3,10}", w) for w in words), [w for w in words if not re.fullmatch(r"[a-z]{3,10}", w)][:5]
    # no word is another with æ/ø/å typed as a/o/ae/oe/aa: the list has none of those letters at all
    assert not any(ch in w for w in words for ch in "æøå")


def test_four_words_give_at_least_44_bits():
    assert codes.CODE_WORDS >= 4
    assert codes.entropy_bits() >= 44
    assert codes.entropy_bits() == pytest.approx(4 * math.log2(len(codes.words())))


def test_codes_are_drawn_with_secrets(monkeypatch):
    import secrets

    calls = []
    real = secrets.choice

    def spy(seq):
        calls.append(len(seq))
        return real(seq)

    monkeypatch.setattr(codes.secrets, "choice", spy)
    code = codes.new_code()
    assert len(code.split("-")) == 4 and calls == [len(codes.words())] * 4
    assert all(part in codes.words() for part in code.split("-"))


def test_codes_differ():
    assert len({codes.new_code() for _ in range(2000)}) == 2000


def test_normalise_accepts_spaces_case_and_dashes():
    assert codes.normalise("  Eple  bro-KANIN.lys ") == "eple-bro-kanin-lys"
    assert codes.digest("Eple bro kanin lys") == codes.digest("eple-bro-kanin-lys")


def test_digest_is_an_hmac_with_a_key_derived_from_the_secret_key(settings):
    code = "eple-bro-kanin-lys"
    d1 = codes.digest(code)
    assert len(d1) == 64 and code not in d1
    import hashlib

    assert d1 != hashlib.sha256(code.encode()).hexdigest()  # not a bare hash
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-1234567890"
    assert codes.digest(code) != d1


def test_plausible_shape():
    assert codes.plausible("eple-bro-kanin-lys")
    assert not codes.plausible("eple-bro")
    assert not codes.plausible("1234-5678-9999-0000")
