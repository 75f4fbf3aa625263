"""Matching reasons and the cases pages translate (catalogue completeness: core/tests/test_i18n.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from losen.cases import matching


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
