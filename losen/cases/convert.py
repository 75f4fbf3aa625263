"""The case app's provider for `losen.core.conversions`: a chat or a written message becomes a
case when the person says yes in their own view. Registered in `CasesConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.cases import actions
from losen.cases.models import COUNSELLOR, Offer
from losen.core.conversions import Prompt


def status(source, ref, service_slug, organisation):
    if source not in actions.OFFER_SOURCES or actions.case_service_for(service_slug, organisation) is None:
        return None
    offer = actions.open_offer(source, ref)
    return offer.state if offer else ""


def offer(source, ref, service_slug, organisation, by):
    return actions.offer_case(source, ref, service_slug, organisation, by) is not None


def prompt(source, ref):
    offer = actions.open_offer(source, ref)
    if offer is None or offer.state != Offer.OFFERED:
        return None
    counsellor = offer.case_service.kind == COUNSELLOR
    return Prompt(
        question=_("Vil du ha en fast veileder?") if counsellor else _("Vil du ha en fast samtalepartner?"),
        explanation=_(
            "Da får du en fast person å snakke med over tid, i en egen, privat kanal i Losen. Du sier selv hva vi får vite, "
            "og kan bruke et kallenavn. Det du har skrevet her, følger ikke med."
        ),
        action=reverse("cases:offer"),
        fields={"offer": offer.pk, "token": actions.offer_token(offer)},
        accept=_("Ja, fortell meg mer"),
        decline=_("Nei takk"),
        new_tab=_("Svaret åpnes i en ny fane, så denne samtalen blir stående."),
    )
