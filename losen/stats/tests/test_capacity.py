"""Erlang-A against a discrete-event simulation (simpy), staffing minimality, the censored
patience estimator, and the `losen capacity` command."""

import io
import json
import math
import random

import pytest
import simpy
from django.core.management import call_command
from django.core.management.base import CommandError

from losen.stats import capacity


def simulate(lam, handle, patience, n, customers=20000, within=1.0, seed=1):
    """M/M/n+M in simpy, FCFS; returns shares over all arrivals after a warm-up of 10 %."""
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=n)
    out = {"n": 0, "abandoned": 0, "waited": 0, "wait_sum": 0.0, "within": 0}
    warm = customers // 10

    def customer(i):
        arrived = env.now
        request = servers.request()
        found_busy = servers.count >= n and not request.triggered
        give_up = env.timeout(rng.expovariate(1 / patience))
        result = yield request | give_up
        wait = env.now - arrived
        if i >= warm:
            out["n"] += 1
            out["waited"] += found_busy
            out["wait_sum"] += wait
        if request in result:
            if i >= warm and wait <= within:
                out["within"] += 1
            yield env.timeout(rng.expovariate(1 / handle))
            servers.release(request)
        else:
            request.cancel()
            if i >= warm:
                out["abandoned"] += 1

    def source():
        for i in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(i))

    env.process(source())
    env.run()
    n_ = out["n"]
    return {"p_abandon": out["abandoned"] / n_, "p_wait": out["waited"] / n_, "mean_wait": out["wait_sum"] / n_, "within": out["within"] / n_}


SCENARIOS = [
    # (arrivals per minute, handle minutes, patience minutes, responders): light, heavy, overloaded
    (0.5, 10.0, 5.0, 6),
    (2.0, 10.0, 5.0, 20),
    (1.0, 15.0, 3.0, 10),
]


@pytest.mark.parametrize("lam,handle,patience,n", SCENARIOS)
def test_erlang_a_matches_simulation(lam, handle, patience, n):
    exact = capacity.erlang_a(lam, handle, patience, n)
    within = capacity.answered_within(lam, handle, patience, n, 1.0)
    sim = simulate(lam, handle, patience, n)
    # tolerances: 20,000 simulated contacts give a standard error near 0.005 on shares
    assert sim["p_abandon"] == pytest.approx(exact.p_abandon, abs=0.025)
    assert sim["p_wait"] == pytest.approx(exact.p_wait, abs=0.04)
    assert sim["mean_wait"] == pytest.approx(exact.mean_wait_minutes, rel=0.15, abs=0.05)
    assert sim["within"] == pytest.approx(within, abs=0.03)


def test_erlang_a_reduces_to_erlang_c_without_abandonment():
    a, n = 4.0, 5
    terms = sum(a**k / math.factorial(k) for k in range(n))
    last = a**n / math.factorial(n) * n / (n - a)
    assert capacity.erlang_a(1.0, 4.0, math.inf, n).p_wait == pytest.approx(last / (terms + last), rel=1e-9)


def test_shares_are_consistent():
    r = capacity.erlang_a(2.0, 10.0, 5.0, 20)
    assert r.answered_share == pytest.approx(1 - r.p_abandon)
    assert 0 <= r.p_abandon <= r.p_wait <= 1
    assert capacity.answered_within(2.0, 10.0, 5.0, 20, 1000) == pytest.approx(r.answered_share, abs=1e-6)
    assert capacity.answered_within(2.0, 10.0, 5.0, 20, 0) == pytest.approx(1 - r.p_wait, abs=1e-9)


@pytest.mark.parametrize("lam,handle,patience,target", [(2.0, 10.0, 5.0, 0.9), (0.3, 20.0, 2.0, 0.95), (5.0, 8.0, 10.0, 0.8)])
def test_staffing_is_the_least_that_reaches_the_target(lam, handle, patience, target):
    n = capacity.responders_needed(lam, handle, patience, target_answered=target)
    assert capacity.erlang_a(lam, handle, patience, n).answered_share >= target
    assert n == 0 or capacity.erlang_a(lam, handle, patience, n - 1).answered_share < target


def test_staffing_for_a_wait_target():
    n = capacity.responders_needed(2.0, 10.0, 5.0, target_within=(0.8, 1.0))
    assert capacity.answered_within(2.0, 10.0, 5.0, n, 1.0) >= 0.8 > capacity.answered_within(2.0, 10.0, 5.0, n - 1, 1.0)


def test_censored_patience_estimator():
    # 3 abandoned; all offered together waited 1800 s -> rate 3 per 1800 s -> mean patience 10 min
    assert capacity.patience_minutes(3, 1800) == pytest.approx(10.0)
    assert capacity.patience_minutes(0, 1800) is None


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        capacity.erlang_a(1.0, 0, 5, 2)
    with pytest.raises(ValueError):
        capacity.erlang_a(1.0, 5, 5, -1)


def test_capacity_command():
    out = io.StringIO()
    call_command("capacity", "--arrivals-per-hour", "120", "--handle-minutes", "10", "--patience-minutes", "5", "--responders", "20", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"p_abandon", "p_wait", "mean_wait_minutes", "answered_share"}
    assert data["answered_share"] == pytest.approx(capacity.erlang_a(2.0, 10, 5, 20).answered_share)
    out = io.StringIO()
    call_command("capacity", "--arrivals-per-hour", "120", "--handle-minutes", "10", "--patience-minutes", "5", "--target-answered", "0.9", stdout=out)
    data = json.loads(out.getvalue())
    assert data["responders_needed"] == capacity.responders_needed(2.0, 10, 5, target_answered=0.9)
    with pytest.raises(CommandError):
        call_command("capacity", "--arrivals-per-hour", "120", "--handle-minutes", "10", "--patience-minutes", "5", "--target-answered", "1.5")
