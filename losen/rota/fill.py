"""Fill suggestion for open shift places: a plain rule module (no Django), solved with Google
OR-Tools CP-SAT, plus the greedy baseline it is compared with (bench/rota_fill.py).

Rules (issue 11):
- a person is placed only on a day they are available, and only if they have the shift's
  required training (leader places: only people who may lead);
- at most one shift per person per day (counting shifts they already have);
- no more places than open on the shift; nobody above their monthly maximum;
- fairness against commitments: people under their fixed commitment (e.g. two a month) are
  placed before anyone goes above theirs (up to their own maximum).

The objective is lexicographic: first as many open places filled as possible (a leader place
counts as much as a responder place), then the least total shortfall against commitments. The
solver starts from the greedy baseline's solution, so it never returns less than the baseline.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Slot:
    shift_id: int
    day: date
    open_responders: int  # responder places still open
    open_leader: int = 0  # 1 when a leader is required and none is on the shift
    required: frozenset = frozenset()  # required module ids


@dataclass(frozen=True)
class Person:
    person_id: int
    available: frozenset  # days
    trained: frozenset = frozenset()  # completed module ids
    can_lead: bool = False
    commitment: int = 2  # shifts a month
    maximum: int = 4
    already: int = 0  # shifts already held this month
    busy_days: frozenset = frozenset()  # days with a shift already


@dataclass
class Result:
    placements: list = field(default_factory=list)  # (shift_id, person_id, "responder"|"leader")
    open_places: int = 0
    filled: int = 0
    status: str = ""
    seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.filled / self.open_places if self.open_places else 1.0


def eligible(person: Person, slot: Slot) -> bool:
    return slot.day in person.available and slot.day not in person.busy_days and slot.required <= person.trained


def solve(slots: list[Slot], people: list[Person], time_limit: float = 8.0, workers: int = 2, seed: int = 0) -> Result:
    """`time_limit` is the whole budget in seconds, building the model included."""
    import time

    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    x = {}  # (slot index, person index, role) -> var
    for si, s in enumerate(slots):
        for pi, p in enumerate(people):
            if not eligible(p, s):
                continue
            if s.open_responders > 0:
                x[si, pi, "responder"] = model.NewBoolVar("")
            if s.open_leader > 0 and p.can_lead:
                x[si, pi, "leader"] = model.NewBoolVar("")
    by_slot_role = defaultdict(list)
    by_person = defaultdict(list)
    by_person_day = defaultdict(list)
    for (si, pi, role), var in x.items():
        by_slot_role[si, role].append(var)
        by_person[pi].append(var)
        by_person_day[pi, slots[si].day].append(var)
    for si, s in enumerate(slots):
        if by_slot_role[si, "responder"]:
            model.Add(cp_model.LinearExpr.Sum(by_slot_role[si, "responder"]) <= s.open_responders)
        if by_slot_role[si, "leader"]:
            model.Add(cp_model.LinearExpr.Sum(by_slot_role[si, "leader"]) <= s.open_leader)
    for vars_ in by_person_day.values():
        if len(vars_) > 1:
            model.AddAtMostOne(vars_)
    shortfall_terms = []
    baseline = greedy(slots, people)
    start = set(baseline.placements)
    start_count = defaultdict(int)
    for _sid, pid, _role in start:
        start_count[pid] += 1
    for pi, p in enumerate(people):
        vars_ = by_person[pi]
        room = max(0, p.maximum - p.already)
        if not vars_:
            continue
        total = cp_model.LinearExpr.Sum(vars_)
        model.Add(total <= room)
        if p.commitment > p.already:
            short = model.NewIntVar(0, p.commitment - p.already, "")
            model.Add(short + total >= p.commitment - p.already)
            shortfall_terms.append(short)
            model.AddHint(short, max(0, p.commitment - p.already - start_count[p.person_id]))
    # Lexicographic: the total shortfall can never outweigh one filled place.
    w_fill = sum(max(0, p.commitment - p.already) for p in people) + 1
    model.Maximize(w_fill * cp_model.LinearExpr.Sum(list(x.values())) - cp_model.LinearExpr.Sum(shortfall_terms))
    # Start from the greedy baseline (a valid solution), so the solver only ever improves on it.
    for (si, pi, role), var in x.items():
        model.AddHint(var, (slots[si].shift_id, people[pi].person_id, role) in start)
    solver = cp_model.CpSolver()
    solver.parameters.linearization_level = 2  # the assignment's LP relaxation is tight: use it
    solver.parameters.cp_model_presolve = False  # presolve finds little here and costs seconds
    solver.parameters.max_time_in_seconds = max(0.5, time_limit - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    result = Result(open_places=sum(s.open_responders + s.open_leader for s in slots), status=solver.StatusName(status),
                    seconds=time.perf_counter() - started)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (si, pi, role), var in x.items():
            if solver.Value(var):
                result.placements.append((slots[si].shift_id, people[pi].person_id, role))
    else:  # out of time before any solution: the greedy start is valid, never propose nothing
        result.placements = list(baseline.placements)
        result.status = "GREEDY_FALLBACK"
    result.filled = len(result.placements)
    return result


def greedy(slots: list[Slot], people: list[Person]) -> Result:
    """Baseline: shifts in time order; each open place goes to the eligible person furthest
    below their commitment (then fewest shifts), as a coordinator with a spreadsheet would."""
    held = {p.person_id: p.already for p in people}
    busy = {p.person_id: set(p.busy_days) for p in people}
    result = Result(open_places=sum(s.open_responders + s.open_leader for s in slots), status="GREEDY")
    for s in sorted(slots, key=lambda s: (s.day, s.shift_id)):
        for role, places in (("leader", s.open_leader), ("responder", s.open_responders)):
            for _ in range(places):
                candidates = [
                    p for p in people
                    if s.day in p.available and s.day not in busy[p.person_id] and s.required <= p.trained
                    and held[p.person_id] < p.maximum and (role == "responder" or p.can_lead)
                ]
                if not candidates:
                    break
                best = min(candidates, key=lambda p: (held[p.person_id] - p.commitment, held[p.person_id], p.person_id))
                result.placements.append((s.shift_id, best.person_id, role))
                held[best.person_id] += 1
                busy[best.person_id].add(s.day)
    result.filled = len(result.placements)
    return result


def violations(slots: list[Slot], people: list[Person], placements) -> list[str]:
    """Every broken rule in a set of placements (used by tests and the bench)."""
    problems = []
    slot_by_id = {s.shift_id: s for s in slots}
    person_by_id = {p.person_id: p for p in people}
    per_slot_role = defaultdict(int)
    per_person = defaultdict(int)
    per_person_day = defaultdict(int)
    for shift_id, person_id, role in placements:
        s, p = slot_by_id[shift_id], person_by_id[person_id]
        if not eligible(p, s):
            problems.append(f"{person_id} not eligible for {shift_id}")
        if role == "leader" and not p.can_lead:
            problems.append(f"{person_id} cannot lead {shift_id}")
        per_slot_role[shift_id, role] += 1
        per_person[person_id] += 1
        per_person_day[person_id, s.day] += 1
    for (shift_id, role), n in per_slot_role.items():
        s = slot_by_id[shift_id]
        if n > (s.open_leader if role == "leader" else s.open_responders):
            problems.append(f"{shift_id} overfilled ({role})")
    for (person_id, day), n in per_person_day.items():
        if n > 1:
            problems.append(f"{person_id} twice on {day}")
    for person_id, n in per_person.items():
        p = person_by_id[person_id]
        if p.already + n > p.maximum:
            problems.append(f"{person_id} above maximum")
    return problems
