"""How the message service reads to people: the promised time in words, the countdown, the
crisis panel's lines. Translated with gettext in the active language."""

from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, gettext as _

from losen.letters import rules


class Clock:
    """Deadlines in words and countdowns, for many threads at one instant: the translated
    patterns, weekday and month names are looked up once, not once per row."""

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self.english = get_language() == "en"
        self.pattern = _("%(weekday)s %(day)s. %(month)s kl. %(time)s")
        self.weekdays = [str(WEEKDAYS[i]) for i in range(7)]
        self.months = {m: str(MONTHS[m]) for m in range(1, 13)}
        self.left, self.over, self.span = _("%(span)s igjen"), _("over fristen med %(span)s"), _("%(h)s t %(m)s min")

    def words(self, moment: datetime) -> str:
        """'torsdag 4. desember kl. 14.05' (bokmål) / 'Thursday 4 December at 14:05' (English)."""
        local = moment.astimezone(rules.OSLO)
        clock = f"{local.hour:02d}:{local.minute:02d}" if self.english else f"{local.hour:02d}.{local.minute:02d}"
        return self.pattern % {"weekday": self.weekdays[local.weekday()], "day": local.day, "month": self.months[local.month], "time": clock}

    def countdown_words(self, deadline: datetime) -> str:
        r = rules.remaining(deadline, self.now)
        return (self.over if r["overdue"] else self.left) % {"span": self.span % {"h": r["hours"], "m": r["minutes"]}}

    def countdown(self, deadline: datetime) -> dict:
        r = rules.remaining(deadline, self.now)
        text = (self.over if r["overdue"] else self.left) % {"span": self.span % {"h": r["hours"], "m": r["minutes"]}}
        return {"overdue": r["overdue"], "text": text, "iso": deadline.isoformat()}


def deadline_words(moment: datetime) -> str:
    return Clock().words(moment)


def countdown_words(deadline: datetime, now: datetime | None = None) -> str:
    return Clock(now).countdown_words(deadline)


def countdown(deadline: datetime, now: datetime | None = None) -> dict:
    return Clock(now).countdown(deadline)


def crisis_lines(now: datetime | None = None) -> list[dict]:
    """Round-the-clock lines open now, for the crisis panel (no human reads a message for hours)."""
    from losen.directory import catalogue, presenting
    from losen.navigator.routing import always_open_lines

    now = now or timezone.now()
    return [presenting.entry_view(e, now) for e in always_open_lines(catalogue.entries())]
