#!/usr/bin/env python3
"""Evaluate the navigator ("Finn hjelp") on one split, with baselines and a crisis ablation.

    .venv/bin/python bench/navigator_eval.py --split test|dev|train [--file PATH] [--failures]

Reads ``bench/data/navigator_<split>.jsonl`` (or ``--file``): one JSON object per line with
``text``, ``language``, ``age`` (optional), ``crisis``, ``category``, ``acceptable`` (service
slugs; any of them counts as right). Services are the shipped directory
(``losen/directory/data/services/*.json``). Prints ONE JSON object:

* ``navigator``: top-1 and top-3 (over items with at least one acceptable slug), crisis recall
  and false alarms (over all items), also ``by_category`` and ``by_language``;
* ``baselines`` in the same run: ``random`` (services in random order, crisis flagged at the
  train split's crisis rate; mean of 20 seeded draws), ``constant_top3`` (always the three most
  common right answers in the train split; never flags a crisis) and ``keywords`` (how directory
  sites filter: a service matches when a word of its topic labels appears in the text, compared
  on the first four letters so inflections and compounds count; ranked by number of matching
  words; crisis when a word of the "suicidal thoughts and self-harm" label appears);
* ``ablation`` of crisis detection: ``lexicon`` only, ``embeddings`` only (the crisis head alone:
  n-gram model + network on e5 embeddings, `semantic.py`; same
  short-text rule), ``both`` (what ships);
* ``p95_ms`` of understanding + crisis + ranking per text (shared 2-core machine).

Open status is not part of fit here (``open_now_fn`` returns None). ``--failures`` prints the
misses to stderr (texts from the split only; nothing else is logged).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from losen.directory.taxonomy import BY_CODE  # noqa: E402
from losen.navigator import crisis  # noqa: E402
from losen.navigator.ranking import Query, rank  # noqa: E402

DATA = ROOT / "bench" / "data"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_services(directory: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


# ---------------------------------------------------------------- keyword baseline
_STOP = {"og", "and", "i", "in", "of", "the", "for", "med", "eller", "or", "a", "an", "to", "til", "etter", "after",
         "thoughts", "continued", "close", "negative", "social", "life", "other"}


def _label_words(code: str) -> set[str]:
    term = BY_CODE[code]
    return {w for label in (term.nb, term.en) for w in re.findall(r"[\wæøå-]+", label.lower()) if w not in _STOP and len(w) >= 3}


def _has(word: str, text: str) -> bool:
    """A word of the label appears in the text, inflected or compounded: same first four letters."""
    stem = re.escape(word[:4])
    return re.search(r"(?<![\wæøå])" + stem + r"[\wæøå-]*", text) is not None


def keyword_rank(text: str, services: list[dict]) -> list[str]:
    t = text.lower()
    scored = []
    for idx, s in enumerate(services):
        words = set().union(*[_label_words(c) for c in s.get("topics") or [] if c in BY_CODE]) if s.get("topics") else set()
        n = sum(1 for w in words if _has(w, t))
        if n:
            scored.append((-n, idx, s["slug"]))
    return [slug for _, _, slug in sorted(scored)]


_CRISIS_WORDS = _label_words("suicide_self_harm")


def keyword_crisis(text: str) -> bool:
    return any(_has(w, text.lower()) for w in _CRISIS_WORDS)


# ---------------------------------------------------------------- metrics
def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def metrics(rows: list[dict], key: str) -> dict:
    ranked = [r for r in rows if r["acceptable"]]
    pos = [r for r in rows if r["crisis"]]
    neg = [r for r in rows if not r["crisis"]]
    out = {"n": len(rows), "n_ranked": len(ranked)}
    if key in rows[0]["rank"]:
        out["top1"] = _rate([r["rank"][key][:1] != [] and r["rank"][key][0] in r["acceptable"] for r in ranked])
        out["top3"] = _rate([bool(set(r["rank"][key][:3]) & set(r["acceptable"])) for r in ranked])
    if key in rows[0]["flag"]:
        out["crisis_recall"] = _rate([r["flag"][key] for r in pos])
        out["false_alarms"] = _rate([r["flag"][key] for r in neg])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=["test", "dev", "train"], default="dev")
    ap.add_argument("--file", default=None, help="any file in the split format (default bench/data/navigator_<split>.jsonl)")
    ap.add_argument("--train", default=str(DATA / "navigator_train.jsonl"), help="for the constant and random baselines")
    ap.add_argument("--services", default=str(ROOT / "losen" / "directory" / "data" / "services"))
    ap.add_argument("--failures", action="store_true")
    args = ap.parse_args(argv)

    path = Path(args.file) if args.file else DATA / f"navigator_{args.split}.jsonl"
    items = load(path)
    train = load(Path(args.train))
    services = load_services(Path(args.services))
    slugs = sorted(s["slug"] for s in services)
    common = [s for s, _ in Counter(s for it in train for s in it["acceptable"]).most_common(3)]
    crisis_rate = sum(it["crisis"] for it in train) / len(train)
    semantic_on = crisis.set_semantic(True)

    rows, times = [], []
    for idx, it in enumerate(items):
        text = it["text"]
        t0 = time.perf_counter()
        both = crisis.detect(text)
        res = rank(Query(text=text, age=it.get("age"), for_=it.get("for")), services, None, lambda s, c, a: None, crisis_result=both)
        times.append((time.perf_counter() - t0) * 1000)
        rng = random.Random(idx)
        row = {
            "crisis": bool(it["crisis"]),
            "acceptable": set(it.get("acceptable") or []),
            "category": it.get("category") or "uncategorised",
            "opener": bool(it.get("opener")),
            "language": it.get("language") or "?",
            "rank": {"navigator": [r.slug for r in res], "constant_top3": common, "keywords": keyword_rank(text, services)},
            "flag": {
                "navigator": both.crisis,
                "lexicon": crisis.detect(text, semantic=False).crisis,
                "embeddings": crisis.detect(text, lexicon=False, semantic=semantic_on).crisis,
                "constant_top3": False,
                "keywords": keyword_crisis(text),
            },
            "random": [(rng.sample(slugs, 3), rng.random() < crisis_rate) for _ in range(20)],
            "risk": both.risk,
        }
        rows.append(row)
        if args.failures and (not (row["acceptable"] & set(row["rank"]["navigator"][:3])) and row["acceptable"]
                              or both.crisis != row["crisis"]):
            print(json.dumps({"text": text, "age": it.get("age"), "category": row["category"], "got": row["rank"]["navigator"][:3],
                              "acceptable": sorted(row["acceptable"]), "crisis_expected": it["crisis"], "crisis_got": both.crisis,
                              "risk": both.risk}, ensure_ascii=False), file=sys.stderr)

    def random_metrics(sub: list[dict]) -> dict:
        ranked = [r for r in sub if r["acceptable"]]
        pos = [r for r in sub if r["crisis"]]
        neg = [r for r in sub if not r["crisis"]]
        mean = statistics.fmean
        return {
            "top1": round(mean(mean(d[0][0] in r["acceptable"] for d in r["random"]) for r in ranked), 4) if ranked else None,
            "top3": round(mean(mean(bool(set(d[0]) & r["acceptable"]) for d in r["random"]) for r in ranked), 4) if ranked else None,
            "crisis_recall": round(mean(mean(d[1] for d in r["random"]) for r in pos), 4) if pos else None,
            "false_alarms": round(mean(mean(d[1] for d in r["random"]) for r in neg), 4) if neg else None,
        }

    def block(sub: list[dict]) -> dict:
        nav = metrics(sub, "navigator")
        nav["risk_possible"] = sum(r["risk"] == "possible" for r in sub)
        return nav

    times.sort()
    out = {
        "split": args.split if not args.file else str(path),
        "n": len(rows),
        "n_crisis": sum(r["crisis"] for r in rows),
        "navigator": block(rows),
        "baselines": {
            "random": random_metrics(rows),
            "constant_top3": {**{k: v for k, v in metrics(rows, "constant_top3").items() if k not in ("n", "n_ranked")},
                              "answers": common},
            "keywords": {k: v for k, v in metrics(rows, "keywords").items() if k not in ("n", "n_ranked")},
        },
        "ablation": {
            name: {k: v for k, v in metrics(rows, name).items() if k in ("crisis_recall", "false_alarms")}
            for name in ("lexicon", "embeddings", "navigator")
        },
        "by_category": {c: {k: v for k, v in block([r for r in rows if r["category"] == c]).items()}
                        for c in sorted({r["category"] for r in rows})},
        "by_language": {lang: block([r for r in rows if r["language"] == lang]) for lang in sorted({r["language"] for r in rows})},
        "openers": block([r for r in rows if r["opener"]]) if any(r["opener"] for r in rows) else None,
        "embedding_layer": semantic_on,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(round(0.95 * len(times))) - 1)], 2),
        "services": len(services),
    }
    out["ablation"]["both"] = out["ablation"].pop("navigator")
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
