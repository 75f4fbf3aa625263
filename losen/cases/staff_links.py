from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from losen.accounts import roles
from losen.cases.models import Assignment, Concern


def links(staff):
    found = []
    mine = Assignment.objects.filter(volunteer__user=staff.user, ended_at__isnull=True).count()
    if mine:
        found.append({"url": reverse("cases:my_cases"), "label": ngettext("Min oppfølgingssak", "Mine oppfølgingssaker (%(n)s)", mine) % {"n": mine}})
    for org in staff.organisations({roles.COORDINATOR, roles.SERVICE_ADMIN}):
        link = {"url": reverse("cases:desk", kwargs={"org": org.slug}), "label": _("Oppfølging i %(org)s") % {"org": org.name}}
        n = Concern.objects.filter(case__organisation=org, resolved_at__isnull=True).count()
        if n:
            link["notice"] = ngettext("%(n)s åpen bekymring.", "%(n)s åpne bekymringer.", n) % {"n": n}
        found.append(link)
    for org in staff.organisations({roles.SERVICE_ADMIN}):
        found.append({"url": reverse("cases:settings", kwargs={"org": org.slug}), "label": _("Innstillinger for oppfølging i %(org)s") % {"org": org.name}})
    return found
