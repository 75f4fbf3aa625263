"""Forums on Losen for the directory's service pages and the navigator's results, registered
with `losen.core.offers` in `ForumConfig.ready()`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from losen.core.offers import Offer
from losen.forum.models import Forum


def offers(slugs: set[str]) -> dict[str, list[Offer]]:
    found: dict[str, list[Offer]] = {}
    for forum in Forum.objects.filter(service__slug__in=slugs).select_related("service"):
        found.setdefault(forum.service.slug, []).append(Offer("forum", reverse("forum:forum", kwargs={"slug": forum.slug}), _("Skriv i forumet: %(title)s") % {"title": forum.title}))
    return found
