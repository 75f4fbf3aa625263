"""The follow-up offer on Losen ("Jeg ønsker en samtalepartner") for the directory and the
navigator, registered with `losen.core.offers` in `CasesConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.cases.models import COUNSELLOR, CaseService
from losen.core.offers import Offer


def offers(slugs: set[str]) -> dict[str, list[Offer]]:
    rows = CaseService.objects.filter(enabled=True, service__slug__in=slugs).values_list("service__slug", "kind")
    return {
        slug: [Offer("case", reverse("cases:intake", kwargs={"slug": slug}), _("Jeg ønsker en veiledningssamtale") if kind == COUNSELLOR else _("Jeg ønsker en samtalepartner"))]
        for slug, kind in rows
    }
