"""A person's shifts as an iCalendar feed (RFC 5545) with `icalendar`."""

from datetime import datetime, timezone as dt_timezone

from icalendar import Calendar, Event

from losen.rota.models import Assignment


def feed(user, now=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Losen//Vaktplan//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Losen – vakter")
    stamp = now or datetime.now(dt_timezone.utc)
    for a in Assignment.objects.filter(user=user).select_related("shift__organisation"):
        s = a.shift
        event = Event()
        event.add("uid", f"losen-shift-{s.pk}-{a.pk}@losen")
        event.add("summary", f"{s.title} ({s.organisation.name})")
        event.add("dtstart", s.starts_at.astimezone(dt_timezone.utc))
        event.add("dtend", s.ends_at.astimezone(dt_timezone.utc))
        event.add("dtstamp", stamp)
        event.add("categories", [s.channel])
        cal.add_component(event)
    return cal.to_ical()
