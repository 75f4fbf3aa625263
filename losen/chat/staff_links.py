"""The chat's entries on a staff member's home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.accounts import roles


def links(staff):
    found = []
    for org in staff.organisations({roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR}):
        found.append({"url": reverse("chat:console", kwargs={"org": org.slug}), "label": _("Chat-vakt – %(org)s") % {"org": org.name}})
    for org in staff.organisations({roles.SHIFT_LEADER, roles.COORDINATOR}):
        found.append({"url": reverse("chat:avert", kwargs={"org": org.slug}), "label": _("Avvergingsplikt – %(org)s") % {"org": org.name}})
    for org in staff.organisations({roles.SERVICE_ADMIN}):
        found.append({"url": reverse("chat:settings", kwargs={"org": org.slug}), "label": _("Chat-innstillinger – %(org)s") % {"org": org.name}})
    for org in staff.organisations({roles.STATISTICS_READER, roles.COORDINATOR, roles.SERVICE_ADMIN}):
        found.append({"url": reverse("chat:stats", kwargs={"org": org.slug}), "label": _("Chat-statistikk – %(org)s") % {"org": org.name}})
    return found
