"""Capacity planning with Erlang-A (M/M/n+M): Poisson arrivals at rate λ, exponential handling
at rate μ per responder, n responders, and exponential patience at rate θ in the queue.
Plain Python (numpy only), no Django.

Computed exactly from the birth-death chain of the number of contacts present, truncated where
the remaining tail is below 1e-12 of the mass. By PASTA an arrival sees the stationary law:
- p_wait = P(all n busy on arrival);
- p_abandon = θ·E[queue] / λ (each waiting contact leaves at rate θ);
- mean_wait = E[queue] / λ (Little's law, over all arrivals, in the time unit of the rates);
- answered_within(t): an arrival that finds k ≥ n present has k−n ahead; the front of the queue
  moves at rate nμ + iθ with i ahead, and the contact itself gives up at rate θ. The share
  answered within t is computed from that chain's transient law by uniformization.

All rates are per minute in this module's public functions.
"""

import math
from dataclasses import dataclass

import numpy as np

TAIL = 1e-12


@dataclass(frozen=True)
class Result:
    responders: int
    p_wait: float
    p_abandon: float
    mean_wait_minutes: float
    answered_share: float
    occupancy: float  # mean share of responders busy

    def as_dict(self):
        return {
            "responders": self.responders,
            "p_wait": self.p_wait,
            "p_abandon": self.p_abandon,
            "mean_wait_minutes": self.mean_wait_minutes,
            "answered_share": self.answered_share,
            "occupancy": self.occupancy,
        }


def _check(arrivals, handle, patience, responders):
    if arrivals < 0 or not math.isfinite(arrivals):
        raise ValueError("arrival rate must be 0 or more")
    if handle <= 0 or not math.isfinite(handle):
        raise ValueError("handle time must be more than 0")
    if patience <= 0:
        raise ValueError("patience must be more than 0 (use math.inf for none)")
    if responders < 0 or int(responders) != responders:
        raise ValueError("responders must be a whole number 0 or more")


def stationary(lam: float, mu: float, theta: float, n: int) -> np.ndarray:
    """Stationary probabilities of the number present, 0..K, K where the tail is negligible."""
    if theta == 0 and lam >= n * mu:
        raise ValueError("without abandonment the queue is unstable (arrivals ≥ capacity)")
    logs = [0.0]
    k = 0
    peak = 0.0
    while True:
        k += 1
        death = min(k, n) * mu + max(k - n, 0) * theta
        if lam == 0:
            break
        logs.append(logs[-1] + math.log(lam) - math.log(death))
        peak = max(peak, logs[-1])
        # past the mode and the terms are falling: stop when negligible relative to the peak
        if k > n and logs[-1] < logs[-2] and logs[-1] - peak < math.log(TAIL) - 5:
            break
        if k > 10_000_000:
            raise ValueError("the chain does not converge")
    weights = np.exp(np.array(logs) - peak)
    return weights / weights.sum()


def erlang_a(arrivals_per_minute: float, handle_minutes: float, patience_minutes: float, responders: int) -> Result:
    _check(arrivals_per_minute, handle_minutes, patience_minutes, responders)
    lam, mu = arrivals_per_minute, 1 / handle_minutes
    theta = 0.0 if math.isinf(patience_minutes) else 1 / patience_minutes
    n = int(responders)
    if lam == 0:
        return Result(n, 0.0, 0.0, 0.0, 1.0, 0.0)
    if n == 0:
        return Result(0, 1.0, 1.0, patience_minutes, 0.0, 0.0)
    pi = stationary(lam, mu, theta, n)
    k = np.arange(len(pi))
    queue = np.maximum(k - n, 0)
    mean_queue = float((queue * pi).sum())
    p_wait = float(pi[n:].sum())
    p_abandon = theta * mean_queue / lam
    busy = float((np.minimum(k, n) * pi).sum())
    return Result(n, p_wait, p_abandon, mean_queue / lam, 1 - p_abandon, busy / n)


def answered_within(arrivals_per_minute: float, handle_minutes: float, patience_minutes: float, responders: int, minutes: float) -> float:
    """Share of all arrivals that are answered after waiting at most `minutes`."""
    _check(arrivals_per_minute, handle_minutes, patience_minutes, responders)
    lam, mu = arrivals_per_minute, 1 / handle_minutes
    theta = 0.0 if math.isinf(patience_minutes) else 1 / patience_minutes
    n = int(responders)
    if lam == 0:
        return 1.0
    if n == 0:
        return 0.0
    pi = stationary(lam, mu, theta, n)
    immediate = float(pi[:n].sum())
    ahead = pi[n:]  # arrivals that find i = 0.. contacts ahead in the queue
    if minutes <= 0 or ahead.sum() < TAIL:
        return immediate
    m = len(ahead)
    i = np.arange(m)
    forward = n * mu + i * theta  # rate at which one ahead leaves (or, at i = 0, a responder frees)
    out_rate = forward + theta  # plus the contact's own patience
    big = float(out_rate.max())
    # uniformization: x_{j+1} = x_j P, P = I + Q/big on the transient states (i ahead)
    x = ahead.astype(float).copy()
    served = 0.0
    rt = big * minutes
    steps = int(rt + 10 * math.sqrt(rt) + 50)
    log_weight = -rt  # log Poisson(rt) weight of j jumps
    cum_weight = 0.0
    served_by_step = 0.0  # served mass after j jumps of the embedded chain
    for j in range(steps + 1):
        weight = math.exp(log_weight)
        cum_weight += weight
        served += weight * served_by_step
        # one jump
        stay = x * (1 - out_rate / big)
        move = x * (forward / big)
        served_by_step += float(move[0])
        x = stay
        x[:-1] += move[1:]
        log_weight += math.log(rt) - math.log(j + 1) if rt > 0 else -math.inf
        if x.sum() < TAIL and cum_weight > 1 - TAIL:
            served += (1 - cum_weight) * served_by_step
            break
    return immediate + served


def responders_needed(arrivals_per_minute: float, handle_minutes: float, patience_minutes: float, *, target_answered: float | None = None,
                      target_within: tuple[float, float] | None = None, limit: int = 2000) -> int:
    """The least number of responders that reaches `target_answered` (share answered) and,
    when given, `target_within` = (share, minutes) answered within that many minutes."""
    if target_answered is None and target_within is None:
        raise ValueError("give a target")
    if target_answered is not None and not 0 <= target_answered < 1:
        raise ValueError("the target share answered must be from 0 up to (not including) 1")
    if target_within is not None and not 0 <= target_within[0] < 1:
        raise ValueError("the target share must be from 0 up to (not including) 1")
    if arrivals_per_minute == 0:
        return 0
    offered_load = arrivals_per_minute * handle_minutes
    for n in range(0, limit + 1):
        if math.isinf(patience_minutes) and n <= offered_load:
            continue
        if target_answered is not None and erlang_a(arrivals_per_minute, handle_minutes, patience_minutes, n).answered_share < target_answered:
            continue
        if target_within is not None and answered_within(arrivals_per_minute, handle_minutes, patience_minutes, n, target_within[1]) < target_within[0]:
            continue
        return n
    raise ValueError(f"more than {limit} responders needed")


# --- estimates from records ---------------------------------------------------------------------


@dataclass(frozen=True)
class HourEstimate:
    weekday: int  # 0 = Monday
    hour: int
    arrivals_per_hour: float  # offered plus tried while closed, per week
    offered_per_hour: float
    latent_per_hour: float  # tried while closed


def patience_minutes(abandoned: int, total_wait_seconds: float) -> float | None:
    """The standard estimator of mean patience with censored waits: the abandonment rate is
    abandoned contacts divided by the total time all offered contacts spent waiting; mean
    patience is its inverse. None when nobody abandoned (patience not observed)."""
    if abandoned <= 0:
        return None
    if total_wait_seconds <= 0:
        return 0.0
    return total_wait_seconds / abandoned / 60


def hourly_arrivals(offered: dict, tried: dict, weeks: int) -> list[HourEstimate]:
    """`offered` and `tried` are {(weekday, hour): count over the period}; rates per week."""
    rows = []
    for d in range(7):
        for h in range(24):
            o = offered.get((d, h), 0) / weeks
            t = tried.get((d, h), 0) / weeks
            rows.append(HourEstimate(d, h, o + t, o, t))
    return rows
