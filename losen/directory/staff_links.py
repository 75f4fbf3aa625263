from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from losen.accounts import roles
from losen.directory.models import STALE_AFTER, Service


def links(staff):
    if roles.PLATFORM_ADMIN in staff.platform_roles():
        return [
            {"url": reverse("directory:stewardship"), "label": _("Tjenestekatalogen (alle organisasjoner, HSDS)")},
            {"url": reverse("directory:completeness"), "label": _("Hull i tjenestekatalogen (adresser, åpningstider, målgrupper)")},
        ]
    org_ids = staff.organisation_ids({roles.SERVICE_ADMIN})
    if not org_ids:
        return []
    cutoff = timezone.localdate() - STALE_AFTER
    stale = Service.objects.filter(organisation_id__in=org_ids).exclude(last_verified__gte=cutoff).count()
    link = {"url": reverse("directory:stewardship"), "label": _("Tjenestene dine i katalogen")}
    if stale:
        link["notice"] = ngettext(
            "%(n)s tjeneste er ikke kontrollert på over 90 dager.", "%(n)s tjenester er ikke kontrollert på over 90 dager.", stale
        ) % {"n": stale}
    return [link]
