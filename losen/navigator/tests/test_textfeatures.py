"""The n-gram features and the TF-IDF linear score the crisis head uses (plain Python)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from losen.navigator.textfeatures import Scorer, ngrams


def test_character_ngrams_inside_padded_words_then_words_and_word_pairs():
    grams = ngrams("Vil DØ")
    assert grams[:4] == [" v", "vi", "il", "l "]
    assert " dø " in grams and "dø" in grams  # casefolded
    assert grams[-3:] == ["w:vil", "w:dø", "w:vil dø"]


def test_nfkc_and_whitespace_do_not_change_the_features():
    assert ngrams("ﬁne   day") == ngrams("fine day")
    assert ngrams("  ") == []


@given(st.text(max_size=200))
def test_any_text_gives_features_without_error(text):
    grams = ngrams(text)
    assert all(isinstance(g, str) and g for g in grams)


def test_score_is_sublinear_tf_idf_normalised_then_linear():
    scorer = Scorer(["w:vil", "w:dø"], [1.0, 2.0], [0.5, 3.0], -1.0)
    # "vil dø dø": vil 1x (1 * 1.0), dø 2x ((1 + ln 2) * 2.0); L2-normalised, dot with the weights
    v_vil, v_do = 1.0, (1 + math.log(2)) * 2.0
    norm = math.hypot(v_vil, v_do)
    assert scorer.decision("vil dø dø") == pytest.approx((0.5 * v_vil + 3.0 * v_do) / norm - 1.0)
    assert scorer.decision("hei") == -1.0  # nothing known: the intercept alone
