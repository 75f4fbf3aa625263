"""The message service's offer on Losen ("Skriv til oss") for the directory and the navigator,
registered with `losen.core.offers` in `LettersConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.core.offers import Offer
from losen.letters import actions
from losen.letters.models import LetterService


def offers(slugs: set[str]) -> dict[str, list[Offer]]:
    found = {}
    for ls in LetterService.objects.filter(enabled=True, service__slug__in=slugs).select_related("service"):
        hours = actions.answer_hours(ls)
        if hours:
            label = _("Skriv til oss – svar innen %(hours)s timer") % {"hours": hours}
            found[ls.service.slug] = [Offer("message", reverse("letters:write", kwargs={"slug": ls.service.slug}), label)]
    return found
