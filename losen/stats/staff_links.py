from django.urls import reverse
from django.utils.translation import gettext as _

from losen.accounts import roles
from losen.stats.views import CAPACITY_ROLES, DASHBOARD_ROLES, IMPORT_ROLES


def links(staff):
    found = []
    if roles.NATIONAL_STATISTICS in staff.platform_roles():
        found.append({"url": reverse("stats:national"), "label": _("Nasjonal statistikk for alle tjenester")})
    for org in staff.organisations(set(DASHBOARD_ROLES)):
        found.append({"url": reverse("stats:dashboard", kwargs={"org": org.slug}), "label": _("Statistikk for %(org)s") % {"org": org.name}})
        found.append({"url": reverse("stats:annual", kwargs={"org": org.slug}), "label": _("Årsrapport for %(org)s") % {"org": org.name}})
    for org in staff.organisations(set(CAPACITY_ROLES)):
        found.append({"url": reverse("stats:capacity", kwargs={"org": org.slug}), "label": _("Kapasitet for %(org)s") % {"org": org.name}})
    for org in staff.organisations(set(IMPORT_ROLES)):
        found.append({"url": reverse("stats:import_calls", kwargs={"org": org.slug}), "label": _("Importer telefonstatistikk for %(org)s") % {"org": org.name}})
    return found
