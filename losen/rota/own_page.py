from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from losen.rota import queries


def section(user):
    """The volunteer's next shifts on their own page."""
    items = []
    for a in queries.upcoming(user, limit=5):
        start = timezone.localtime(a.shift.starts_at)
        items.append(f"{formats.date_format(start, 'l j. F H:i')}: {a.shift.title} ({a.shift.organisation.name})")
    return {"title": _("Neste vakter"), "items": items, "empty": _("Ingen vakter ennå."),
            "url": reverse("rota:mine"), "link_label": _("Vakter, ledige plasser og tilgjengelighet")}
