"""The app's English catalogue is complete and compiled."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    blocks = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    missing = []
    for block in blocks:
        if block.startswith("#~") or "#, fuzzy" in block:
            missing.append(block)
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if not strs or any(not "".join(re.findall(r'"(.*)"', s)) for s in strs):
            missing.append(block.splitlines()[-1])
    assert missing == []


def test_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Skriv til oss") == "Write to us"
        assert translation.gettext("Slett samtalen") == "Delete the conversation"
