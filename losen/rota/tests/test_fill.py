"""The solver's constraints on random instances (hypothesis), and the proposal flow: Losen
proposes, the coordinator accepts or edits, nothing is assigned silently."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from losen.rota import fill

DAYS = [date(2027, 3, 1) + timedelta(days=i) for i in range(10)]


@st.composite
def instances(draw):
    n_slots = draw(st.integers(1, 14))
    slots = []
    for i in range(n_slots):
        slots.append(fill.Slot(
            shift_id=i + 1, day=draw(st.sampled_from(DAYS)), open_responders=draw(st.integers(0, 3)),
            open_leader=draw(st.integers(0, 1)), required=frozenset(draw(st.sets(st.integers(1, 3), max_size=2))),
        ))
    people = []
    for j in range(draw(st.integers(0, 12))):
        commitment = draw(st.integers(0, 3))
        people.append(fill.Person(
            person_id=100 + j, available=frozenset(draw(st.sets(st.sampled_from(DAYS), max_size=8))),
            trained=frozenset(draw(st.sets(st.integers(1, 3), max_size=3))), can_lead=draw(st.booleans()),
            commitment=commitment, maximum=commitment + draw(st.integers(0, 2)), already=draw(st.integers(0, 2)),
            busy_days=frozenset(draw(st.sets(st.sampled_from(DAYS), max_size=2))),
        ))
    return slots, people


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_keeps_every_rule_and_fills_at_least_as_many_as_greedy(instance):
    slots, people = instance
    result = fill.solve(slots, people, time_limit=5, workers=1)
    assert result.status in ("OPTIMAL", "FEASIBLE", "GREEDY_FALLBACK")
    assert fill.violations(slots, people, result.placements) == []
    baseline = fill.greedy(slots, people)
    assert fill.violations(slots, people, baseline.placements) == []
    if result.status == "OPTIMAL":
        assert result.filled >= baseline.filled


def test_fairness_prefers_people_under_their_commitment():
    day1, day2 = DAYS[0], DAYS[1]
    slots = [fill.Slot(1, day1, 1), fill.Slot(2, day2, 1)]
    people = [
        fill.Person(1, frozenset({day1, day2}), commitment=2, maximum=4, already=2),  # already met
        fill.Person(2, frozenset({day1, day2}), commitment=2, maximum=4, already=0),
    ]
    result = fill.solve(slots, people, time_limit=5, workers=1)
    assert sorted(p for _s, p, _r in result.placements) == [2, 2]


def test_one_shift_per_day_and_leader_places_need_leaders():
    day = DAYS[0]
    slots = [fill.Slot(1, day, 1, 1), fill.Slot(2, day, 1)]
    people = [fill.Person(1, frozenset({day}), can_lead=True), fill.Person(2, frozenset({day}))]
    result = fill.solve(slots, people, time_limit=5, workers=1)
    assert result.filled == 2
    assert (1, 1, "leader") in result.placements
    assert fill.violations(slots, people, result.placements) == []
