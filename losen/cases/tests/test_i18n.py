"""English is complete in the cases catalogue; matching reasons and pages translate."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from losen.cases import matching


def test_english_catalogue_is_complete():
    text = (Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M) and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in "\n\n".join(entries)


def test_reasons_translate():
    need = matching.Need(language="se", language_label="nordsamisk")
    s = matching.rank([matching.Candidate(1, "A", languages=("se",))], need)[0]
    with translation.override("en"):
        texts = [gettext(m) % p for m, p in s.reasons]
    assert "speaks nordsamisk" in texts


@pytest.mark.django_db
def test_intake_page_in_english(client, hk):
    client.cookies["losen_language"] = "en"
    page = client.get("/oppfolging/tjeneste/hjelpekilden/").content.decode()
    assert "I would like someone to talk to" in page and "First name or nickname" in page
