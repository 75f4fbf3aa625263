"""Latency of POST /api/v1/navigate in-process, with the embedding model loaded.

    .venv/bin/python bench/navigate_api.py [--requests 400]

Prints one JSON object: model load seconds, p50/p95/p99 ms of the endpoint over texts from
the dev split (bench/data), the same for GET /api/v1/health through the same stack (baseline), and the
process's peak memory. Targets (issue 4): p95 <= 60 ms, load <= 5 s, memory <= 800 MB.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    os.environ.setdefault("LOSEN_DATA_DIR", tempfile.mkdtemp(prefix="losen-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "losen.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from losen.navigator import api as navigator_api
    from losen.navigator import semantic

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("seed_directory", verbosity=0, stdout=open(os.devnull, "w"))
    started = time.perf_counter()
    loaded = semantic.preload()
    load_s = time.perf_counter() - started
    navigator_api.limiter.limit = 10**9  # the bench is one client sending many requests

    texts = [json.loads(line)["text"] for line in (ROOT / "bench/data/navigator_dev.jsonl").read_text().splitlines() if line.strip()]
    client = Client()

    def post(text):
        return client.post("/api/v1/navigate", {"text": text}, content_type="application/json")

    for text in texts[:20]:
        assert post(text).status_code == 200
    api, base = [], []
    for i in range(args.requests):
        text = texts[i % len(texts)]
        t0 = time.perf_counter()
        response = post(text)
        api.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        t0 = time.perf_counter()
        client.get("/api/v1/health")
        base.append((time.perf_counter() - t0) * 1000)
    result = {
        "requests": len(api),
        "semantic_layer": loaded,
        "model_load_s": round(load_s, 3),
        "p50_ms": round(statistics.median(api), 2),
        "p95_ms": round(pct(api, 95), 2),
        "p99_ms": round(pct(api, 99), 2),
        "baseline_p95_ms": round(pct(base, 95), 3),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    result["target_met"] = result["p95_ms"] <= 60 and result["model_load_s"] <= 5 and result["max_rss_mb"] <= 800
    print(json.dumps(result))


if __name__ == "__main__":
    main()
