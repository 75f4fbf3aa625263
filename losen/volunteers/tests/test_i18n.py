"""English is complete for the volunteers' and rota's own catalogues, and pages switch language."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from losen.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["volunteers", "rota"])
def test_english_catalogue_is_complete(app):
    text = (ROOT / app / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""\n?$', e, re.M) and "msgid" in e and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in "\n\n".join(entries)


def test_rule_messages_are_translated():
    with translation.override("en"):
        assert gettext("Flere tunge vakter på rad") == "Several heavy shifts in a row"
        assert gettext("Dette steget kan ikke følge det nåværende.") == "This stage cannot follow the current one."


@pytest.mark.django_db
def test_own_page_in_english(client, make_volunteer):
    v = make_volunteer("kari")
    sign_in(client, v.user)
    client.cookies["losen_language"] = "en"
    page = client.get("/frivillige/").content.decode()
    assert "My volunteer page" in page and "Pause me" in page
