"""The forum's entries on a staff member's home page: the moderation queues, with alerts."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from losen.forum import actions
from losen.forum.models import Forum


def links(staff):
    found = []
    org_ids = {m.organisation_id for m in staff.memberships if m.organisation_id}
    for forum in Forum.objects.filter(service__organisation_id__in=org_ids).select_related("service"):
        if not actions.may_moderate(staff.user, forum):
            continue
        link = {"url": reverse("forum:moderation", kwargs={"slug": forum.slug}), "label": _("Moderering – %(forum)s") % {"forum": forum.title}}
        counts = actions.alerts([forum.pk])
        notes = []
        if counts["held"]:
            notes.append(ngettext("%(n)s innlegg holdt tilbake (krise).", "%(n)s innlegg holdt tilbake (krise).", counts["held"]) % {"n": counts["held"]})
        if counts["waiting"]:
            notes.append(ngettext("%(n)s innlegg venter.", "%(n)s innlegg venter.", counts["waiting"]) % {"n": counts["waiting"]})
        if notes:
            link["notice"] = " ".join(notes)
        found.append(link)
    return found
