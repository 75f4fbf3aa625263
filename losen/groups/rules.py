"""The groups' rules, without Django: who may start, who gets a place, which topic is agreed,
what an evaluation shows, when a room's text goes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_RETENTION_HOURS = 72
MIN_ANSWERS = 5  # aggregates below this are suppressed


def leaders_missing(needed: int, assigned: int) -> int:
    """How many leaders a session still lacks (two by default, one for a single-guide series)."""
    return max(0, max(1, needed) - assigned)


def can_start(needed: int, assigned: int) -> bool:
    return leaders_missing(needed, assigned) == 0


def admission(*, capacity: int, approved: int, intake_required: bool, intake_done: bool, needs_leader_approval: bool) -> str:
    """The state of a new (or returning) applicant: "applied" (a leader must approve: intake talk,
    or removed before), "approved", or "waitlist" when the series is full. Never an error."""
    if needs_leader_approval or (intake_required and not intake_done):
        return "applied"
    return "approved" if approved < capacity else "waitlist"


def promotions(*, capacity: int, approved: int, waitlist: list) -> list:
    """Who moves up from the waitlist (in order) when places are free."""
    free = max(0, capacity - approved)
    return list(waitlist[:free])


@dataclass(frozen=True)
class TopicTally:
    id: int
    by_leader: bool
    approvals: int
    objections: int


def agreed_topic(topics: list[TopicTally], confirmed_id: int | None = None) -> int | None:
    """The agreed topic: the one a leader confirmed, else the leader's proposal with the most
    net approvals, if more participants approved than objected. None if nothing is agreed."""
    if confirmed_id is not None:
        return confirmed_id
    candidates = [t for t in topics if t.by_leader and t.approvals > t.objections]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (t.approvals - t.objections, t.approvals, -t.id)).id


def aggregate(answers: list[list[int]], questions: int = 3, minimum: int = MIN_ANSWERS) -> dict:
    """Per question: the mean and the count of each answer 1–5; `suppressed` below `minimum` answers."""
    n = len(answers)
    if n < minimum:
        return {"n": n, "suppressed": True, "questions": []}
    out = []
    for q in range(questions):
        values = [a[q] for a in answers if len(a) > q and isinstance(a[q], int) and 1 <= a[q] <= 5]
        out.append({"mean": round(sum(values) / len(values), 1) if values else None, "counts": [values.count(v) for v in range(1, 6)]})
    return {"n": n, "suppressed": False, "questions": out}


def purge_at(ended_at: datetime, retention_hours: int) -> datetime:
    """When a room's text is deleted: at the end, or up to 72 hours later by the service's setting."""
    return ended_at + timedelta(hours=min(MAX_RETENTION_HOURS, max(0, retention_hours or 0)))
