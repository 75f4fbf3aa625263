"""Latency of the directory API against a bare Django JSON view, in-process, same run.

    .venv/bin/python bench/directory.py [--requests 2000]

Prints one JSON object: p50/p99 in ms of
GET /api/v1/services?open_now=true&channel=chat&age=15 over the full data set, and of a bare
Django view returning a constant JSON object through the same middleware (the baseline).
Uses its own temporary SQLite database unless DATABASE_URL is set.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("LOSEN_DATA_DIR", tempfile.mkdtemp(prefix="losen-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "losen.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.http import JsonResponse
    from django.test import Client
    from django.urls import include, path

    from losen.core.access import public

    @public
    def baseline(request):
        return JsonResponse({"status": "ok"})

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("baseline", baseline), path("", include("losen.urls"))]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    settings.ALLOWED_HOSTS = ["testserver"]

    call_command("migrate", verbosity=0)
    call_command("seed_directory", verbosity=0, stdout=open(os.devnull, "w"))
    client = Client()
    target = "/api/v1/services?open_now=true&channel=chat&age=15"
    assert client.get(target).status_code == 200
    assert client.get("/baseline").status_code == 200

    def measure(url, n):
        for _ in range(20):  # warm up
            client.get(url)
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        return times

    # Interleave the two in blocks so machine noise hits both alike.
    api, base = [], []
    for _ in range(4):
        api += measure(target, args.requests // 4)
        base += measure("/baseline", args.requests // 4)
    result = {
        "endpoint": target,
        "services": json.loads(client.get("/api/v1/services").content)["count"],
        "results": json.loads(client.get(target).content)["count"],
        "requests": len(api),
        "p50_ms": round(statistics.median(api), 3),
        "p99_ms": round(percentile(api, 99), 3),
        "baseline_p50_ms": round(statistics.median(base), 3),
        "baseline_p99_ms": round(percentile(base, 99), 3),
    }
    result["ratio_p99"] = round(result["p99_ms"] / result["baseline_p99_ms"], 2)
    result["target_met"] = result["ratio_p99"] <= 3 and result["p99_ms"] < 20
    print(json.dumps(result))


if __name__ == "__main__":
    main()
