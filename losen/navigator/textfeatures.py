"""Character and word n-grams of a text, and a TF-IDF linear score over them.

Plain Python, no Django: the crisis head (``semantic.py``) scores a text with it, and
``bench/train_crisis_head.py`` learns the weights with the same ``ngrams`` function, so the
features at run time are exactly those the weights were learned on.

* ``ngrams(text)``: after NFKC and casefolding, the character 2- to 5-grams inside each
  whitespace-separated word padded with a space (``" dø "`` gives ``" d"``, ``"dø"``, ``"ø "``,
  ``" dø"``, ...), then the words of two letters or more (``w:sove``) and the word pairs
  (``w:sove for``). Character n-grams carry spelling variants, typos, inflections and compounds
  ("sovepiller", "sovepillene", "sovpiller"); word pairs carry short phrases.
* ``Scorer``: sublinear TF-IDF (1 + ln count, times the n-gram's idf), L2-normalised over the
  n-grams known to the model, then a dot product with the learned weights plus an intercept:
  the logistic regression's decision value. The same transform as scikit-learn's
  ``TfidfVectorizer(sublinear_tf=True)`` followed by ``LogisticRegression.decision_function``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

_WORD = re.compile(r"\w\w+")
MIN_N, MAX_N = 2, 5


def ngrams(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(MIN_N, MAX_N + 1):
            if n > len(padded):
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    words = _WORD.findall(text)
    grams.extend(f"w:{w}" for w in words)
    grams.extend(f"w:{a} {b}" for a, b in zip(words, words[1:]))
    return grams


class Scorer:
    """The decision value of a linear model over TF-IDF n-gram features."""

    def __init__(self, vocabulary: list[str], idf: list[float], coef: list[float], intercept: float):
        self._weights = {g: (float(i), float(c)) for g, i, c in zip(vocabulary, idf, coef)}
        self._intercept = float(intercept)

    def decision(self, text: str) -> float:
        counts = Counter(g for g in ngrams(text) if g in self._weights)
        if not counts:
            return self._intercept
        total = norm = 0.0
        for gram, count in counts.items():
            idf, coef = self._weights[gram]
            value = (1.0 + math.log(count)) * idf
            total += value * coef
            norm += value * value
        return total / math.sqrt(norm) + self._intercept
