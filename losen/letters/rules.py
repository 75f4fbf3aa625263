"""The rules of the message service, in plain Python (no Django): deadlines, the inbox order,
claims, deadline flags and retention. Times are aware datetimes; the promise is in elapsed
hours, so a 24-hour answer across a daylight-saving change still arrives 24 real hours later."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
MAX_TEXT = 5000
CLAIM_MINUTES = 30
FLAG_BEFORE = timedelta(hours=2)
UNREAD_RETENTION = timedelta(days=60)
SAMI = ("se", "smj", "sma")


def answer_by(received: datetime, hours: int) -> datetime:
    """The promised answer time: `hours` real hours after the message arrived, in Oslo time."""
    if received.tzinfo is None:
        raise ValueError("received must be timezone-aware")
    if hours is None or hours <= 0:
        raise ValueError("the answer time must be a positive number of hours")
    return (received.astimezone(ZoneInfo("UTC")) + timedelta(hours=hours)).astimezone(OSLO)


def remaining(deadline: datetime, now: datetime) -> dict:
    """What the countdown shows: whole hours and minutes left, or how long overdue."""
    seconds = int((deadline - now).total_seconds())
    overdue = seconds < 0
    s = abs(seconds)
    return {"overdue": overdue, "hours": s // 3600, "minutes": (s % 3600) // 60, "seconds": seconds}


@dataclass(frozen=True)
class Item:
    """One waiting thread as the inbox sees it."""

    id: int
    risk: bool
    language: str
    answer_by: datetime


def sort_key(item: Item, languages=()) -> tuple:
    """Risk first; then, for a responder who has a Sami language, threads in that language;
    then the nearest deadline; then the oldest."""
    sami_match = item.language in SAMI and item.language in set(languages)
    return (not item.risk, not sami_match, item.answer_by, item.id)


def order(items, languages=()) -> list:
    return sorted(items, key=lambda i: sort_key(i, languages))


def claim_free(claimed_by, claimed_until, now: datetime, user_id) -> bool:
    """A thread may be claimed if nobody holds it, the hold ran out, or it is yours."""
    return claimed_by is None or claimed_until is None or claimed_until <= now or claimed_by == user_id


def needs_flag(status: str, deadline: datetime, claimed_until, now: datetime) -> bool:
    """Waiting, within two hours of the deadline (or past it), and nobody holds it now."""
    held = claimed_until is not None and claimed_until > now
    return status == "waiting" and deadline - now <= FLAG_BEFORE and not held


def deadline_met(deadline: datetime, answered: datetime) -> bool:
    return answered <= deadline


def deletion_due(last_message: datetime, last_answer, answer_read, read_days: int) -> datetime:
    """When a thread is deleted: `read_days` after the visitor read the latest answer (and wrote
    nothing since); otherwise 60 days after the last message (an answer never picked up, or a
    visitor's message still waiting)."""
    if last_answer is not None and answer_read is not None and answer_read >= last_answer and last_message <= answer_read:
        return answer_read + timedelta(days=read_days)
    return last_message + UNREAD_RETENTION
