"""Open groups on Losen for the directory's service pages and the navigator's results,
registered with `losen.core.offers` in `GroupsConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.core.offers import Offer
from losen.groups.models import Series


def offers(slugs: set[str]) -> dict[str, list[Offer]]:
    found: dict[str, list[Offer]] = {}
    rows = Series.objects.filter(listed=True, ended_at__isnull=True, service__slug__in=slugs).values_list("service__slug", flat=True).distinct()
    for slug in rows:
        found.setdefault(slug, []).append(Offer("group", reverse("groups:index") + f"?tjeneste={slug}", _("Meld deg på en samtalegruppe")))
    return found
