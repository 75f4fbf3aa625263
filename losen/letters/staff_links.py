"""The message service's entries on a staff member's home page, with deadline flags for the
shift leader and coordinator: threads two hours from the deadline with nobody on them, threads
past it, and every breach of the last 7 days (kept in the anonymous contact record, so a late
answer or a deleted thread does not hide it)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from losen.accounts import roles
from losen.letters.models import Thread
from losen.stats.models import Contact

BREACHES_SHOWN = timedelta(days=7)


def links(staff):
    found = []
    responder_orgs = staff.organisations({roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR})
    leader_orgs = {o.pk for o in staff.organisations({roles.SHIFT_LEADER, roles.COORDINATOR})}
    if responder_orgs:
        now = timezone.now()
        counts = {
            row["service__service__organisation_id"]: row
            for row in Thread.objects.filter(status=Thread.WAITING, service__service__organisation__in=responder_orgs)
            .values("service__service__organisation_id")
            .annotate(
                waiting=Count("id"), flagged=Count("id", filter=Q(flagged_at__isnull=False)),
                overdue=Count("id", filter=Q(answer_by__lt=now)), escalated=Count("id", filter=Q(escalated_at__isnull=False)),
            )
        }
        # breaches are never hidden: a late answer ends the overdue count, not the breach
        since = now - BREACHES_SHOWN
        breaches = dict(
            Contact.objects.filter(channel=Contact.Channel.MESSAGE, deadline_met=False, organisation_id__in=leader_orgs, received_hour__gte=since)
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("id"))
        ) if leader_orgs else {}
        for org in responder_orgs:
            c = counts.get(org.pk, {})
            item = {"url": reverse("letters:inbox", kwargs={"org": org.slug}), "label": _("Meldinger – %(org)s") % {"org": org.name}}
            notes = []
            if c.get("waiting"):
                notes.append(ngettext("%(n)s venter på svar", "%(n)s venter på svar", c["waiting"]) % {"n": c["waiting"]})
            if org.pk in leader_orgs:
                if c.get("flagged"):
                    notes.append(ngettext("%(n)s nær fristen uten noen på", "%(n)s nær fristen uten noen på", c["flagged"]) % {"n": c["flagged"]})
                if c.get("overdue"):
                    notes.append(ngettext("%(n)s over fristen", "%(n)s over fristen", c["overdue"]) % {"n": c["overdue"]})
                if breaches.get(org.pk):
                    n = breaches[org.pk]
                    notes.append(ngettext("%(n)s fristbrudd siste 7 dager", "%(n)s fristbrudd siste 7 dager", n) % {"n": n})
                if c.get("escalated"):
                    notes.append(ngettext("%(n)s vaktleder bedt om hjelp", "%(n)s vaktleder bedt om hjelp", c["escalated"]) % {"n": c["escalated"]})
            if notes:
                item["notice"] = ", ".join(notes)
            found.append(item)
    for org in staff.organisations({roles.SERVICE_ADMIN}):
        found.append({"url": reverse("letters:settings", kwargs={"org": org.slug}), "label": _("Meldingsinnstillinger – %(org)s") % {"org": org.name}})
    return found
