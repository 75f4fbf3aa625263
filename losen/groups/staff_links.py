"""The groups' entries on a staff member's home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from losen.accounts import roles
from losen.groups import rules
from losen.groups.models import RoomMessage, Session


def links(staff):
    found = []
    user = staff.user
    led = Session.objects.filter(leaders=user, state__in=[Session.PLANNED, Session.LIVE, Session.PAUSED])
    if led.exists():
        link = {"url": reverse("groups:my_sessions"), "label": _("Mine gruppesamlinger")}
        held = RoomMessage.objects.filter(session__in=led, held=True).count()
        if held:
            link["notice"] = ngettext("%(n)s melding er holdt tilbake (krise).", "%(n)s meldinger er holdt tilbake (krise).", held) % {"n": held}
        found.append(link)
    for org in staff.organisations({roles.COORDINATOR, roles.SERVICE_ADMIN}):
        link = {"url": reverse("groups:coordinator", kwargs={"org": org.slug}), "label": _("Samtalegrupper – %(org)s") % {"org": org.name}}
        sessions = Session.objects.filter(series__service__organisation=org, state=Session.PLANNED, starts_at__gte=timezone.now()).select_related("series")
        missing = sum(1 for s in sessions.prefetch_related("leaders") if rules.leaders_missing(s.series.leaders_needed, len(s.leaders.all())))
        if missing:
            link["notice"] = ngettext("%(n)s samling mangler leder.", "%(n)s samlinger mangler leder.", missing) % {"n": missing}
        found.append(link)
    return found
