"""An honest wait estimate. Plain Python, no Django import.

Inputs are what the server knows now: the person's place in the queue, the responders on
duty, how many free chat slots they have, their total capacity, and how long recent chats
took. The model:

* No responder on duty, or fewer than ``MIN_SAMPLES`` recent handling times: **unknown**.
  We do not guess.
* A free slot for this place (position <= free slots): somebody can take it now; the range
  is 0 .. ``PICKUP_SECONDS`` (the time a responder needs to notice and take it).
* Otherwise ``ahead = position - free slots`` chats must end first. With ``capacity`` slots
  busy, a slot frees on average every ``handling / capacity`` seconds, so the wait is about
  ``ahead * handling / capacity``; the range uses the lower and upper quartile of the recent
  handling times. The upper end is capped at ``CAP_SECONDS`` and then said as "more than".

The estimate never decreases when the position grows, and never increases when capacity
or free slots grow (property-tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_SAMPLES = 3
PICKUP_SECONDS = 60
CAP_SECONDS = 3 * 60 * 60


@dataclass(frozen=True)
class Estimate:
    known: bool
    low: int = 0  # seconds
    high: int = 0  # seconds
    capped: bool = False  # the high end is "more than"

    def minutes(self) -> tuple[int, int]:
        return (self.low + 59) // 60, max(1, (self.high + 59) // 60)


UNKNOWN = Estimate(known=False)


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile of a non-empty sequence, 0 <= q <= 1."""
    data = sorted(values)
    if not data:
        raise ValueError("no values")
    pos = (len(data) - 1) * q
    lower = int(pos)
    upper = min(lower + 1, len(data) - 1)
    return data[lower] + (data[upper] - data[lower]) * (pos - lower)


def estimate(position: int, on_duty: int, free_slots: int, capacity: int, handling_seconds: Sequence[float]) -> Estimate:
    if position < 1:
        raise ValueError("position starts at 1")
    if on_duty <= 0 or capacity <= 0:
        return UNKNOWN
    free_slots = max(0, min(free_slots, capacity))
    if position <= free_slots:
        return Estimate(known=True, low=0, high=PICKUP_SECONDS)
    samples = [max(0.0, float(s)) for s in handling_seconds]
    if len(samples) < MIN_SAMPLES:
        return UNKNOWN
    ahead = position - free_slots
    q1, q3 = quantile(samples, 0.25), quantile(samples, 0.75)
    low = int(ahead * q1 / capacity)
    high = int(ahead * q3 / capacity) + PICKUP_SECONDS
    capped = high > CAP_SECONDS
    high = min(high, CAP_SECONDS)
    low = min(low, high)
    return Estimate(known=True, low=low, high=high, capped=capped)
