from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from losen.accounts import roles
from losen.rota.models import Alert, CheckIn, Debrief, DutyApproval, SwapRequest


def links(staff):
    found = []
    member_roles = {roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN}
    if staff.organisations(member_roles):
        link = {"url": reverse("rota:mine"), "label": _("Mine vakter")}
        if CheckIn.objects.filter(user=staff.user, answered_at__isnull=True).exists():
            link = {"url": reverse("rota:checkin"), "label": _("Mine vakter"), "notice": _("Hvordan var vakten? To korte spørsmål venter.")}
        found.append(link)
    for org in staff.organisations({roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN}):
        found.append({"url": reverse("rota:gaps", kwargs={"org": org.slug}), "label": _("Vaktplan for %(org)s") % {"org": org.name}})
    for org in staff.organisations({roles.SHIFT_LEADER, roles.COORDINATOR}):
        waiting = (
            Debrief.objects.filter(organisation=org, state=Debrief.OPEN).count()
            + SwapRequest.objects.filter(assignment__shift__organisation=org, state=SwapRequest.PENDING).count()
            + DutyApproval.objects.filter(organisation=org, approved__isnull=True).count()
            + Alert.objects.filter(organisation=org, seen_at__isnull=True).count()
        )
        link = {"url": reverse("rota:follow_up", kwargs={"org": org.slug}), "label": _("Oppfølging etter vakt i %(org)s") % {"org": org.name}}
        if waiting:
            link["notice"] = ngettext("%(n)s sak venter.", "%(n)s saker venter.", waiting) % {"n": waiting}
        found.append(link)
    return found
