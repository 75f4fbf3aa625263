"""Rota fill bench: CP-SAT (losen.rota.fill.solve) against the greedy baseline (fill.greedy) on
the same instances, in the same run.

    .venv/bin/python bench/rota_fill.py --runs 3 --volunteers 200 --services 8

Each run draws a synthetic month (seeded, so runs are reproducible) shaped like the seeds: 8
services, each with an evening shift every day (Kirkens SOS chat 18:30–01:30 style: 2
responders + a leader), two of them also a day shift on weekdays; 200 volunteers of
whom 30 may lead, each available on 2–4 weekdays with a few dates off, a fixed commitment of
2 shifts a month (some 3–4) and a maximum of commitment + 0–2; 70 % have the chat module that
chat shifts require. Demand and supply are about even, so the filled share measures how well
the scarce people are placed (days, training, leaders), as on the gaps boards the issue describes.

Prints one JSON object: per method the median and min/max over runs of solve time and filled
share, the shortfall against commitments, and rule violations (must be 0). The machine is
shared with other work (2 cores): times are indicative.
"""

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from losen.rota import fill  # noqa: E402  (plain module: no Django needed)

CHAT_MODULE = 1


def instance(seed: int, volunteers: int, services: int, first: date):
    rng = random.Random(seed)
    days = [first + timedelta(days=i) for i in range(31 if first.month in (1, 3, 5, 7, 8, 10, 12) else 30)]
    slots = []
    sid = 0
    for s in range(services):
        chat = s % 2 == 0
        for day in days:
            sid += 1
            slots.append(fill.Slot(sid, day, 2, 1, frozenset({CHAT_MODULE}) if chat else frozenset()))
            if s < 2 and day.weekday() < 5:
                sid += 1
                slots.append(fill.Slot(sid, day, 2, 1, frozenset()))
    people = []
    for p in range(volunteers):
        weekdays = set(rng.sample(range(7), rng.randint(2, 4)))
        off = set(rng.sample(days, rng.randint(0, 3)))
        available = frozenset(d for d in days if d.weekday() in weekdays and d not in off)
        commitment = rng.choices([2, 3, 4], weights=[80, 15, 5])[0]
        people.append(fill.Person(
            person_id=p + 1, available=available,
            trained=frozenset({CHAT_MODULE}) if rng.random() < 0.7 else frozenset(),
            can_lead=p < 30, commitment=commitment, maximum=commitment + rng.randint(0, 2),
        ))
    return slots, people


def shortfall(people, placements) -> int:
    held = {p.person_id: p.already for p in people}
    for _shift, person, _role in placements:
        held[person] += 1
    return sum(max(0, p.commitment - held[p.person_id]) for p in people)


def upper_bound(slots, people) -> int:
    """The most places any rule-abiding fill could reach: the rules form a flow network
    (person -> person-day (1) -> shift place), so the max flow is the exact bound."""
    from ortools.graph.python import max_flow

    flow = max_flow.SimpleMaxFlow()
    nodes = {}

    def node(key):
        return nodes.setdefault(key, len(nodes))

    source, sink = node("source"), node("sink")
    for p in people:
        flow.add_arc_with_capacity(source, node(("p", p.person_id)), max(0, p.maximum - p.already))
        for day in p.available - p.busy_days:
            flow.add_arc_with_capacity(node(("p", p.person_id)), node(("pd", p.person_id, day)), 1)
    for s in slots:
        for role, places in (("responder", s.open_responders), ("leader", s.open_leader)):
            if places:
                flow.add_arc_with_capacity(node(("s", s.shift_id, role)), sink, places)
                for p in people:
                    if fill.eligible(p, s) and (role == "responder" or p.can_lead):
                        flow.add_arc_with_capacity(node(("pd", p.person_id, s.day)), node(("s", s.shift_id, role)), 1)
    flow.solve(source, sink)
    return flow.optimal_flow()


def summary(values):
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4), "max": round(max(values), 4)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--volunteers", type=int, default=200)
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    first = date(2027, 3, 1)
    rows = {"cp_sat": [], "greedy": []}
    bounds = []
    for run in range(args.runs):
        slots, people = instance(1000 + run, args.volunteers, args.services, first)
        bounds.append(upper_bound(slots, people))
        started = time.perf_counter()
        cp = fill.solve(slots, people, time_limit=args.time_limit, workers=args.workers, seed=run)
        cp_wall = time.perf_counter() - started
        started = time.perf_counter()
        gr = fill.greedy(slots, people)
        gr_wall = time.perf_counter() - started
        for name, result, wall in (("cp_sat", cp, cp_wall), ("greedy", gr, gr_wall)):
            rows[name].append({
                "seconds": wall, "share": result.share, "filled": result.filled, "open": result.open_places,
                "status": result.status, "shortfall": shortfall(people, result.placements),
                "violations": len(fill.violations(slots, people, result.placements)),
            })
    out = {
        "bench": "rota_fill",
        "volunteers": args.volunteers, "services": args.services, "month": first.strftime("%Y-%m"),
        "shifts": len(instance(1000, args.volunteers, args.services, first)[0]),
        "runs": args.runs, "time_limit_s": args.time_limit, "workers": args.workers,
        "note": "shared 2-core machine; wall times include model building",
        "max_fillable_places": bounds,
    }
    for name, results in rows.items():
        out[name] = {
            "seconds": summary([r["seconds"] for r in results]),
            "filled_share": summary([r["share"] for r in results]),
            "filled": [r["filled"] for r in results],
            "open_places": [r["open"] for r in results],
            "shortfall_vs_commitments": [r["shortfall"] for r in results],
            "violations": sum(r["violations"] for r in results),
            "status": [r["status"] for r in results],
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
