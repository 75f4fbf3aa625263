"""How the message service reads to people: the promised time in words, the countdown, the
crisis panel's lines. Translated with gettext in the active language."""

from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, gettext as _

from losen.letters import rules


def deadline_words(moment: datetime) -> str:
    """'torsdag 4. desember kl. 14.05' (bokmål) / 'Thursday 4 December at 14:05' (English)."""
    local = moment.astimezone(rules.OSLO)
    english = get_language() == "en"
    clock = local.strftime("%H:%M") if english else local.strftime("%H.%M")
    return _("%(weekday)s %(day)s. %(month)s kl. %(time)s") % {
        "weekday": WEEKDAYS[local.weekday()], "day": local.day, "month": MONTHS[local.month], "time": clock,
    }


def countdown_words(deadline: datetime, now: datetime | None = None) -> str:
    r = rules.remaining(deadline, now or timezone.now())
    span = _("%(h)s t %(m)s min") % {"h": r["hours"], "m": r["minutes"]}
    return (_("over fristen med %(span)s") if r["overdue"] else _("%(span)s igjen")) % {"span": span}


def countdown(deadline: datetime, now: datetime | None = None) -> dict:
    r = rules.remaining(deadline, now or timezone.now())
    return {"overdue": r["overdue"], "text": countdown_words(deadline, now), "iso": deadline.isoformat()}


def crisis_lines(now: datetime | None = None) -> list[dict]:
    """Round-the-clock lines open now, for the crisis panel (no human reads a message for hours)."""
    from losen.directory import catalogue, presenting
    from losen.navigator.routing import always_open_lines

    now = now or timezone.now()
    return [presenting.entry_view(e, now) for e in always_open_lines(catalogue.entries())]
