"""The plain-Python rules: queue order, weighted fair selection, wait estimates."""

import ast
import pathlib
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from losen.chat import queue, waits
from losen.chat.queue import Waiting


def test_rules_modules_import_no_django():
    for name in ("queue.py", "waits.py"):
        tree = ast.parse((pathlib.Path(queue.__file__).parent / name).read_text())
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m.startswith("django") or m.startswith("losen") for m in imported), name


def test_risk_first_then_first_time_then_waiting_time():
    items = [
        Waiting(1, "ks", queued_at=10),
        Waiting(2, "ks", queued_at=20, first_time=True),
        Waiting(3, "ks", queued_at=30, risk=True),
        Waiting(4, "ks", queued_at=5),
        Waiting(5, "ks", queued_at=40, risk=True, first_time=True),
    ]
    assert [i.id for i in queue.order(items)] == [5, 3, 2, 4, 1]


def test_leader_moved_chat_goes_first():
    items = [Waiting(1, "ks", 10, risk=True), Waiting(2, "ks", 20, manual_rank=0), Waiting(3, "ks", 30, manual_rank=-1)]
    assert [i.id for i in queue.order(items)] == [3, 2, 1]
    assert queue.reorder_rank([None, 0, -1]) == -2
    assert queue.reorder_rank([None]) == 0
    assert queue.reorder_rank([3], to_front=False) is None


def test_pick_next_only_from_my_services():
    items = [Waiting(1, "a", 1), Waiting(2, "b", 2)]
    assert queue.pick_next(items, ["b"]).id == 2
    assert queue.pick_next(items, ["c"]) is None
    assert queue.pick_next([], ["a"]) is None


def test_risk_beats_weights():
    items = [Waiting(1, "mobbing", 1), Waiting(2, "psyken", 50, risk=True)]
    got = queue.pick_next(items, ["mobbing", "psyken"], {"mobbing": 2, "psyken": 1}, {"mobbing": 0, "psyken": 9})
    assert got.id == 2


def simulate(weights, rounds, served=None):
    """Both queues always busy; take `rounds` chats and count per service."""
    served = Counter(served or {})
    taken = []
    counter = 0
    items = []
    for service in weights:
        for _ in range(rounds):
            counter += 1
            items.append(Waiting(counter, service, counter))
    for _ in range(rounds):
        got = queue.pick_next(items, weights, weights, served)
        items.remove(got)
        served[got.service] += 1
        taken.append(got.service)
    return taken


def test_two_to_one_between_mobbing_and_psyken():
    taken = simulate({"mobbing": 2, "psyken": 1}, 30)
    counts = Counter(taken)
    assert counts == {"mobbing": 20, "psyken": 10}
    # and it is smooth: in every window of three, two mobbing and one psyken
    for i in range(0, 30, 3):
        assert Counter(taken[i : i + 3]) == {"mobbing": 2, "psyken": 1}


def test_a_lone_queue_is_served_even_if_its_weight_is_low():
    items = [Waiting(1, "psyken", 1)]
    assert queue.pick_next(items, ["mobbing", "psyken"], {"mobbing": 2, "psyken": 1}, {"psyken": 100}).id == 1


@settings(max_examples=60, deadline=None)
@given(
    weights=st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(1, 5), min_size=1, max_size=4),
    rounds=st.integers(1, 60),
)
def test_weighted_fairness_property(weights, rounds):
    counts = Counter(simulate(weights, rounds))
    total = sum(weights.values())
    for service, weight in weights.items():
        ideal = rounds * weight / total
        assert abs(counts[service] - ideal) <= 1 + 1e-9 * rounds + len(weights)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.booleans(), st.sampled_from([None, True, False])), min_size=1, max_size=30))
def test_order_puts_every_risk_before_every_non_risk(rows):
    items = [Waiting(i, "s", t, risk=r, first_time=f) for i, (t, r, f) in enumerate(rows)]
    ranked = queue.order(items)
    flags = [i.risk for i in ranked]
    assert flags == sorted(flags, reverse=True)
    for a, b in zip(ranked, ranked[1:]):
        if a.risk == b.risk and (a.first_time is True) == (b.first_time is True):
            assert (a.queued_at, a.id) < (b.queued_at, b.id)


# --- waits ---------------------------------------------------------------------------------


def test_unknown_without_responders_or_data():
    assert not waits.estimate(1, on_duty=0, free_slots=0, capacity=0, handling_seconds=[600] * 10).known
    assert not waits.estimate(3, on_duty=2, free_slots=0, capacity=4, handling_seconds=[600]).known


def test_free_slot_means_soon():
    e = waits.estimate(1, on_duty=1, free_slots=1, capacity=2, handling_seconds=[])
    assert e.known and e.low == 0 and e.high == waits.PICKUP_SECONDS


def test_queue_behind_busy_responders():
    # two responders, 2 slots each, all busy, chats take 10-20 minutes
    e = waits.estimate(4, on_duty=2, free_slots=0, capacity=4, handling_seconds=[600, 900, 900, 1200])
    assert e.known
    # 4 ahead / 4 slots = one handling time: quartiles 825 and 975
    assert e.low == 825 and e.high == 975 + waits.PICKUP_SECONDS
    assert e.minutes() == (14, 18)


def test_very_long_waits_are_capped():
    e = waits.estimate(500, on_duty=1, free_slots=0, capacity=1, handling_seconds=[3600] * 5)
    assert e.capped and e.high == waits.CAP_SECONDS


def test_position_must_be_positive():
    with pytest.raises(ValueError):
        waits.estimate(0, 1, 1, 1, [])


samples = st.lists(st.floats(0, 7200, allow_nan=False), min_size=waits.MIN_SAMPLES, max_size=40)


@settings(max_examples=150, deadline=None)
@given(p=st.integers(1, 200), extra=st.integers(0, 50), on_duty=st.integers(1, 10), capacity=st.integers(1, 40), free=st.integers(0, 40), handling=samples)
def test_monotonic_in_position(p, extra, on_duty, capacity, free, handling):
    a = waits.estimate(p, on_duty, free, capacity, handling)
    b = waits.estimate(p + extra, on_duty, free, capacity, handling)
    assert a.known and b.known
    assert a.low <= b.low and a.high <= b.high
    assert 0 <= a.low <= a.high


@settings(max_examples=150, deadline=None)
@given(p=st.integers(1, 200), capacity=st.integers(1, 40), more=st.integers(0, 40), free=st.integers(0, 40), handling=samples)
def test_more_capacity_never_makes_the_wait_longer(p, capacity, more, free, handling):
    a = waits.estimate(p, 1, free, capacity, handling)
    b = waits.estimate(p, 1, free, capacity + more, handling)
    assert b.low <= a.low and b.high <= a.high
    c = waits.estimate(p, 1, min(free + more, capacity), capacity, handling)
    assert c.low <= a.low and c.high <= a.high


def test_quantile():
    assert waits.quantile([1, 2, 3, 4, 5], 0.5) == 3
    assert waits.quantile([10], 0.75) == 10
    with pytest.raises(ValueError):
        waits.quantile([], 0.5)
