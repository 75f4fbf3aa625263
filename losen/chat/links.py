"""The chat's offer on Losen ("Start anonym chat her") for the directory and the navigator,
registered with `losen.core.offers` in `ChatConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.chat.models import ChatService
from losen.core.offers import Offer


def offers(slugs: set[str]) -> dict[str, list[Offer]]:
    enabled = ChatService.objects.filter(enabled=True, service__slug__in=slugs).values_list("service__slug", flat=True)
    return {slug: [Offer("chat", reverse("chat:start", kwargs={"slug": slug}), _("Start anonym chat her"))] for slug in enabled}
