from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from losen.accounts import roles
from losen.volunteers import declarations, stages
from losen.volunteers.models import Volunteer


def links(staff):
    found = []
    mine = Volunteer.objects.filter(user=staff.user).exclude(stage=stages.ENDED).select_related("organisation")
    if mine:
        link = {"url": reverse("volunteers:me"), "label": _("Min side som frivillig")}
        unsigned = sum(len(declarations.unsigned(staff.user, v.organisation)) for v in mine)
        if unsigned:
            link["notice"] = ngettext("%(n)s erklæring venter på signaturen din.", "%(n)s erklæringer venter på signaturen din.", unsigned) % {"n": unsigned}
        found.append(link)
    for org in staff.organisations({roles.COORDINATOR, roles.SERVICE_ADMIN}):
        found.append({"url": reverse("volunteers:roster", kwargs={"org": org.slug}), "label": _("Frivillige i %(org)s") % {"org": org.name}})
    return found
