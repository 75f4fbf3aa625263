"""The chat queue's rules. Plain Python, no Django import.

Order within the queue (what a help seeker's position means):

1. chats a shift leader has moved (``manual_rank``, lowest first), then
2. risk-flagged chats (crisis language in a pre-chat answer or the first message),
3. first-time contacts (Kirkens SOS practice), then
4. waiting time (earliest first); the id breaks exact ties so the order is total.

Which chat a responder gets next ("take next", no cherry-picking): among the services the
responder serves, a risk-flagged or leader-moved chat is always taken first, whatever the
service. Otherwise services are served by weighted fair selection: the service whose
``served / weight`` is lowest goes next (ties: higher weight, then the better-placed head of
queue). With SnakkOmMobbing at weight 2 and SnakkOmPsyken at weight 1 and both queues busy,
two mobbing chats are answered for each psyken chat. ``served`` counts chats answered in a
recent window, shared by the whole shift, so the ratio holds across responders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Waiting:
    id: int
    service: str
    queued_at: float  # seconds (any epoch, the same for all items)
    risk: bool = False
    first_time: bool | None = None
    manual_rank: int | None = None


def priority_key(item: Waiting) -> tuple:
    return (
        item.manual_rank is None,
        item.manual_rank if item.manual_rank is not None else 0,
        not item.risk,
        item.first_time is not True,
        item.queued_at,
        item.id,
    )


def order(items: Iterable[Waiting]) -> list[Waiting]:
    return sorted(items, key=priority_key)


def urgent(item: Waiting) -> bool:
    return item.risk or item.manual_rank is not None


def pick_next(
    items: Iterable[Waiting],
    services: Iterable[str],
    weights: Mapping[str, int] | None = None,
    served: Mapping[str, int] | None = None,
) -> Waiting | None:
    """The chat a responder serving `services` should take next, or None."""
    allowed = set(services)
    weights = weights or {}
    served = served or {}
    heads: dict[str, Waiting] = {}
    for item in order(i for i in items if i.service in allowed):
        heads.setdefault(item.service, item)
    if not heads:
        return None
    pressing = [h for h in heads.values() if urgent(h)]
    if pressing:
        return min(pressing, key=priority_key)

    def fairness(service: str):
        weight = max(1, int(weights.get(service, 1)))
        return (Fraction(int(served.get(service, 0)), weight), -weight, priority_key(heads[service]))

    return heads[min(heads, key=fairness)]


def reorder_rank(existing_ranks: Iterable[int | None], to_front: bool = True) -> int | None:
    """The manual rank that puts a chat before every other moved chat (or None to undo)."""
    if not to_front:
        return None
    ranks = [r for r in existing_ranks if r is not None]
    return (min(ranks) - 1) if ranks else 0


def waited_seconds(queued_at: float, now: float) -> int:
    return max(0, int(now - queued_at))
