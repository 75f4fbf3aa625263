"""Bokmål is the source language; English is complete; nn and the Sami languages exist and
fall back to bokmål. The choice is a cookie holding only the language code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info, gettext


@pytest.mark.parametrize("code, local", [("se", "Davvisámegiella"), ("smj", "Julevsámegiella"), ("sma", "Åarjelsaemien gïele")])
def test_sami_languages_are_registered(code, local):
    info = get_language_info(code)
    assert info["name_local"] == local
    assert translation.check_for_language(code)


@pytest.mark.parametrize("code", ["se", "smj", "sma", "nn"])
def test_untranslated_strings_fall_back_to_bokmal(code):
    with translation.override(code):
        assert gettext("Finn hjelp") == "Finn hjelp"


LOSEN = Path(__file__).resolve().parents[2]
ENGLISH = sorted(LOSEN.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(po: Path):
    """(msgid, [msgstr, ...], fuzzy) for every live entry of a catalogue (obsolete "#~" entries
    count as missing: `make messages` removes them)."""
    for block in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            yield block, [""], False
            continue
        joined = lambda part: "".join(re.findall(r'"(.*)"', part))  # noqa: E731
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        yield joined(msgid.group(1)) if msgid else block, [joined(s) for s in strs], "#, fuzzy" in block


def test_every_catalogue_has_english():
    assert {p.relative_to(LOSEN).parts[0] for p in ENGLISH} >= {"locale", "cases", "letters", "groups", "forum", "volunteers", "rota", "stats"}


@pytest.mark.parametrize("po", ENGLISH, ids=lambda p: str(p.relative_to(LOSEN)))
def test_english_catalogue_is_complete(po):
    """Every message the code marks has an English translation; none fuzzy (gettext skips those)."""
    missing = [msgid for msgid, strs, fuzzy in _entries(po) if fuzzy or not strs or not all(strs)]
    assert missing == []
    assert po.with_suffix(".mo").stat().st_size > 0


def test_english_is_translated():
    with translation.override("en"):
        assert gettext("Finn hjelp") == "Find help"


@pytest.mark.django_db
def test_language_picker_sets_a_cookie_with_only_the_code(client):
    response = client.get("/sprak/", {"lang": "en", "next": "/tjenester/"})
    assert response.status_code == 302 and response["Location"] == "/tjenester/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    page = client.get("/tjenester/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_unknown_language_falls_back_to_bokmal(client):
    response = client.get("/sprak/", {"lang": "xx", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
    assert client.get("/tjenester/")["Content-Language"] == "nb"


@pytest.mark.django_db
def test_language_picker_never_redirects_to_another_site(client):
    response = client.get("/sprak/", {"lang": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_sami_pages_render_with_bokmal_fallback(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "se"
    page = client.get("/tjenester/")
    assert page.status_code == 200
    assert '<html lang="nb">' in page.content.decode()  # the language actually shown
    assert "Teksten vises på bokmål" in page.content.decode()
    assert "Alle tjenester" in page.content.decode()
