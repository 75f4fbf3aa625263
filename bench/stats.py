"""Statistics bench on PostgreSQL: 1,000,000 synthetic contact records across 40 services (in
20 organisations) over 3 years. Times, in the same run and over the same table:

- the national yearly indicator set (`report.summary` for one year, all services: totals,
  by channel and by service, exact percentiles, suppression) against a plain SQL
  `SELECT service_id, outcome, count(*) ... GROUP BY 1, 2` for the same year;
- the national view's data for a year (`views._dashboard` without an organisation: the above
  plus heatmap, weekly trend, wait histogram, who drops out, topics), against the same baseline;
- one organisation's dashboard data for a year (indicators, by channel/service, heatmap,
  weekly trend, wait histogram, who drops out, topics) against a plain
  `SELECT channel, outcome, count(*) ... WHERE organisation_id = ... GROUP BY 1, 2`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_stats .venv/bin/python bench/stats.py --runs 5

Creates its own database (<name>_bench), fills it with generate_series in SQL, vacuums it as
autovacuum would, and drops it afterwards. Ours and the baselines run with the same planner
settings (`queries.pg_cursor`). Prints one JSON object: median, min and max over --runs (after
one warm-up run) of ours, of the baseline (run right after ours in each round) and of their
ratio, the number of SQL queries ours sends, and the load average before and after.
Target: both ≤ 1 s and ≤ 3× their baseline.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("bench/stats.py needs DATABASE_URL=postgres://...")
    url = urlparse(base)
    name = url.path.lstrip("/") + "_bench"
    import psycopg

    admin = urlunparse(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not args.keep:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunparse(url._replace(path="/" + name))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "losen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM stats_contact")
            have = cur.fetchone()[0]
        if have != args.records:
            fill(args.records, args.services)
        result = measure(args.runs)
        result.update({"records": args.records, "services": args.services, "years": 3, "database": "postgresql",
                       "note": "2 shared cores with other sessions: figures are under contention"})
        print(json.dumps(result))
    finally:
        connection.close()
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(records, services):
    from django.db import connection, transaction

    from losen.accounts.models import Organisation
    from losen.directory.models import Service

    t = time.perf_counter()
    with transaction.atomic():
        orgs = [Organisation.objects.get_or_create(slug=f"bench-org-{i}", defaults={"name": f"Bench {i}"})[0] for i in range(services // 2)]
        for i in range(services):
            Service.objects.get_or_create(slug=f"bench-{i}", defaults={"organisation": orgs[i % len(orgs)], "document": {"slug": f"bench-{i}", "name": {"nb": f"Bench {i}"}}})
    with connection.cursor() as cur:
        cur.execute("TRUNCATE stats_contact CASCADE")
        # One row per record: a service (skewed: low ids busier), an hour within 3 years ending
        # 2026-12-01, a channel and an outcome with waits and handle times, and optional bands.
        cur.execute(
            """
            WITH svc AS (SELECT id, organisation_id, row_number() OVER (ORDER BY id) - 1 AS k FROM directory_service WHERE slug LIKE 'bench-%%'),
            g AS (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5 FROM generate_series(1, %s) AS i)
            INSERT INTO stats_contact (service_id, organisation_id, channel, received_hour, outcome, wait_seconds, handle_seconds,
              first_contact, age_band, gender, county, topics, referrals, transfers, transferred_to, escalations, risk,
              deadline_met, answer_picked_up, feedback, count, demo, line, wrap_up)
            SELECT svc.id, svc.organisation_id,
              (ARRAY['chat','chat','phone','phone','phone','message','inquiry','group','case'])[1 + floor(g.r2 * 9)::int],
              date_trunc('hour', timestamptz '2026-12-01 00:00+00' - (g.r3 * interval '1095 days')),
              CASE WHEN g.r4 < 0.68 THEN 'answered' WHEN g.r4 < 0.70 THEN 'abandoned_answered' WHEN g.r4 < 0.96 THEN 'abandoned_queue'
                   WHEN g.r4 < 0.99 THEN 'closed' ELSE 'open' END,
              floor(-ln(1 - g.r5) * 180)::int,
              CASE WHEN g.r4 < 0.70 THEN floor(300 + g.r1 * 1800)::int END,
              CASE WHEN g.r1 < 0.3 THEN g.r2 < 0.5 WHEN g.r1 < 0.6 THEN false END,
              CASE WHEN g.r1 < 0.5 THEN (ARRAY['13-15','16-18','19-25','26-35','36-50','51-66'])[1 + floor(g.r5 * 6)::int] ELSE '' END,
              CASE WHEN g.r1 < 0.45 THEN (ARRAY['girl_woman','boy_man','other'])[1 + floor(g.r3 * 3)::int] ELSE '' END,
              '',
              CASE WHEN g.r2 < 0.3 THEN '["mental-health"]'::jsonb WHEN g.r2 < 0.4 THEN '["loneliness", "family"]'::jsonb ELSE '[]'::jsonb END,
              CASE WHEN g.r3 < 0.05 THEN '["hjelpetelefonen"]'::jsonb ELSE '[]'::jsonb END,
              0, '[]'::jsonb, 0, 'none', NULL, NULL, '{}'::jsonb, 1, false, '', ''
            FROM g JOIN svc ON svc.k = floor(power(g.r1, 1.6) * %s)::int
            ORDER BY 4  -- rows arrive in time order, as records do
            """,
            [records, services],
        )
        # What autovacuum does after a bulk insert (PostgreSQL >= 13 vacuums insert-only tables
        # too): statistics, and the visibility map that index-only scans need.
        cur.execute("VACUUM ANALYZE stats_contact")
    log(f"filled {records} records in {time.perf_counter() - t:.1f} s")


def dist(values):
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4), "max": round(max(values), 4)}


def compare(fn, baseline, runs):
    """One warm-up of each, then `runs` rounds of ours and the baseline back to back (so both
    see the same load), with the queries ours sends counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    baseline()
    ours, base = [], []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        baseline()
        base.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    ratios = [o / b for o, b in zip(ours, base)]
    return {"ours_s": {**dist(ours), "runs": [round(x, 4) for x in ours]}, "baseline_group_by_s": {**dist(base), "runs": [round(x, 4) for x in base]},
            "ratio": dist(ratios), "ratio_of_medians": round(statistics.median(ours) / statistics.median(base), 2),
            "queries": len([q for q in ctx.captured_queries if q["sql"].split()[0].upper() in ("SELECT", "WITH")]),
            "within_1s": statistics.median(ours) <= 1.0, "within_3x": statistics.median(ours) <= 3 * statistics.median(base)}


def measure(runs):
    from datetime import date

    from django.db import connection

    from losen.accounts.models import Organisation
    from losen.stats import queries, report, views

    year = (date(2025, 1, 1), date(2026, 1, 1))
    org = Organisation.objects.get(slug="bench-org-3")

    def national():
        scope = queries.Scope(*year)
        return report.summary(scope, service_names=None)

    def national_baseline():
        with queries.pg_cursor() as cur:  # the same planner settings as ours
            cur.execute(
                "SELECT service_id, outcome, count(*) FROM stats_contact WHERE received_hour >= %s AND received_hour < %s GROUP BY 1, 2",
                queries.Scope(*year).bounds(),
            )
            return cur.fetchall()

    def national_view():
        return views._dashboard(queries.Scope(*year), {})

    def dashboard():
        scope = queries.Scope(*year, organisation_id=org.id)
        return views._dashboard(scope, {})

    def dashboard_baseline():
        with queries.pg_cursor() as cur:
            cur.execute(
                "SELECT channel, outcome, count(*) FROM stats_contact WHERE organisation_id = %s AND received_hour >= %s AND received_hour < %s GROUP BY 1, 2",
                [org.id, *queries.Scope(*year).bounds()],
            )
            return cur.fetchall()

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM stats_contact WHERE organisation_id = %s AND received_hour >= %s AND received_hour < %s", [org.id, *queries.Scope(*year).bounds()])
        org_rows = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM stats_contact WHERE received_hour >= %s AND received_hour < %s", queries.Scope(*year).bounds())
        year_rows = cur.fetchone()[0]
    out = {"load_average_before": os.getloadavg()}
    for key, fn, base in (("national_year", national, national_baseline), ("national_view_dashboard", national_view, national_baseline),
                          ("organisation_dashboard", dashboard, dashboard_baseline)):
        out[key] = compare(fn, base, runs)
    out["load_average_after"] = os.getloadavg()
    out["national_year"]["rows_in_year"] = out["national_view_dashboard"]["rows_in_year"] = year_rows
    out["organisation_dashboard"]["rows_in_year"] = org_rows
    return out


if __name__ == "__main__":
    main()
