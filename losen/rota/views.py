"""Rota pages: the volunteer's shifts and sign-up, the check-in after duty, and the coordinator's
gaps board, templates, fill suggestion and follow-up. Thin: writes go through `actions`."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User
from losen.core.access import public, staff
from losen.rota import actions, calendar, queries
from losen.rota.forms import AvailabilityForm, CheckInForm, MonthForm, TemplateForm
from losen.rota.models import (
    Alert,
    Assignment,
    Availability,
    CalendarToken,
    CheckIn,
    Debrief,
    DutyApproval,
    FillProposal,
    Shift,
    ShiftTemplate,
    SwapRequest,
)
from losen.volunteers import stages
from losen.volunteers.models import Volunteer

MEMBERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)
LEADERS = (roles.SHIFT_LEADER, roles.COORDINATOR)
PLANNERS = (roles.COORDINATOR, roles.SERVICE_ADMIN)


def _org(slug):
    return get_object_or_404(Organisation, slug=slug)


def _rota_error(request, exc):
    messages.error(request, _(str(exc)))


# --- the volunteer's pages ------------------------------------------------------------------


def _working_orgs(user):
    """Organisations where the person may take shifts: a volunteer in a working stage, or staff."""
    orgs = {v.organisation for v in Volunteer.objects.filter(user=user, stage__in=list(stages.ON_DUTY)).select_related("organisation")}
    orgs |= {m.organisation for m in Membership.objects.filter(user=user, role__in=LEADERS).select_related("organisation")}
    return sorted(orgs, key=lambda o: o.name)


@staff(*MEMBERS)
def mine(request):
    return _mine(request)


def _mine(request, bound=None):
    """The volunteer's shifts page; `bound` is an availability form with errors to show again."""
    user = request.user
    now = timezone.now()
    orgs = _working_orgs(user)
    my_shift_ids = set(Assignment.objects.filter(user=user).values_list("shift_id", flat=True))
    open_rows = []
    for org in orgs:
        leader = actions.is_leader(user, org)
        shifts = queries.annotated(
            Shift.objects.filter(organisation=org, starts_at__gt=now, starts_at__lt=now + timedelta(weeks=4))
        ).exclude(pk__in=my_shift_ids)
        for s in shifts:
            resp_open = s.responders < s.min_responders
            lead_open = leader and s.leader_required and s.leaders == 0
            if resp_open or lead_open:
                open_rows.append({"shift": s, "resp_open": resp_open, "lead_open": lead_open, "places": s.min_responders - s.responders})
    colleagues = {}
    for org in orgs:
        colleagues[org.pk] = User.objects.filter(volunteerships__organisation=org, volunteerships__stage__in=list(stages.ON_DUTY)).exclude(pk=user.pk).order_by("username")
    upcoming = list(queries.upcoming(user, now, limit=30))
    for a in upcoming:
        a.colleagues = colleagues.get(a.shift.organisation_id, [])
        a.late = a.shift.starts_at - now < actions.LATE_CANCEL
        a.pending_swap = a.swaps.filter(state=SwapRequest.PENDING).first()
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    forms_by_org = []
    for org in orgs:
        a = Availability.objects.filter(user=user, organisation=org).first()
        initial = {"weekdays": a.weekdays, "shifts_per_month": a.shifts_per_month, "max_per_month": a.max_per_month, "dates_off": ", ".join(a.dates_off)} if a else {}
        form = bound if bound is not None and bound.prefix == org.slug else AvailabilityForm(initial=initial, prefix=org.slug)
        forms_by_org.append({"org": org, "form": form})
    context = {
        "upcoming": upcoming, "open_rows": open_rows[:60], "orgs": orgs, "availability": forms_by_org,
        "feed_url": request.build_absolute_uri(f"/vakter/kalender/{token.token}/") if token else None,
        "pending_checkins": CheckIn.objects.filter(user=user, answered_at__isnull=True),
    }
    return render(request, "rota/mine.html", context)


@staff(*MEMBERS)
@require_POST
def sign_up(request, shift_id):
    shift = get_object_or_404(Shift, pk=shift_id)
    if shift.organisation not in _working_orgs(request.user):
        raise Http404
    role = Assignment.LEADER if request.POST.get("role") == "leader" else Assignment.RESPONDER
    try:
        actions.sign_up(shift, request.user, role=role)
        messages.success(request, _("Du er satt opp på vakten."))
    except actions.RotaError as exc:
        _rota_error(request, exc)
    return redirect("rota:mine")


def _my_assignment(request, pk):
    return get_object_or_404(Assignment.objects.select_related("shift__organisation"), pk=pk, user=request.user)


@staff(*MEMBERS)
@require_POST
def cancel(request, pk):
    assignment = _my_assignment(request, pk)
    try:
        alert = actions.cancel(assignment, request.user)
        if alert:
            messages.warning(request, _("Du er meldt av. Det er under 48 timer til vakten, så koordinatoren er varslet."))
        else:
            messages.success(request, _("Du er meldt av vakten."))
    except actions.RotaError as exc:
        _rota_error(request, exc)
    return redirect("rota:mine")


@staff(*MEMBERS)
@require_POST
def swap(request, pk):
    assignment = _my_assignment(request, pk)
    colleague = User.objects.filter(pk=request.POST.get("to_user") or 0, volunteerships__organisation=assignment.shift.organisation).first()
    if colleague is None:
        messages.error(request, _("Velg en kollega å bytte med."))
        return redirect("rota:mine")
    try:
        actions.request_swap(assignment, colleague)
        messages.success(request, _("Byttet er sendt til koordinator eller vaktleder for godkjenning."))
    except actions.RotaError as exc:
        _rota_error(request, exc)
    return redirect("rota:mine")


@staff(roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, org_kwarg="org")
@require_POST
def availability(request, org):
    organisation = _org(org)
    form = AvailabilityForm(request.POST, prefix=org)
    if form.is_valid():
        d = form.cleaned_data
        actions.set_availability(request.user, organisation, d["weekdays"], d["shifts_per_month"], d["max_per_month"], d["dates_off"])
        messages.success(request, _("Tilgjengeligheten er lagret."))
        return redirect("rota:mine")
    return _mine(request, bound=form)


@staff(*MEMBERS)
@require_POST
def calendar_token(request):
    if request.POST.get("action") == "revoke":
        actions.revoke_calendar_tokens(request.user)
        messages.success(request, _("Kalenderlenken er slått av."))
    else:
        actions.new_calendar_token(request.user)
        messages.success(request, _("Ny kalenderlenke er laget. Gamle lenker virker ikke lenger."))
    return redirect("rota:mine")


@public
def calendar_feed(request, token):
    """A private feed: the unguessable token is the key; revoked tokens answer 404."""
    row = CalendarToken.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()
    if row is None or not row.user.is_active:
        raise Http404
    response = HttpResponse(calendar.feed(row.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@staff(*MEMBERS)
def checkin(request):
    """After going off duty: how heavy was the shift, and do you want a talk?"""
    user = request.user
    pending = CheckIn.objects.filter(user=user, answered_at__isnull=True).select_related("organisation").first()
    organisation = pending.organisation if pending else None
    if organisation is None:
        slug = request.POST.get("org") or request.GET.get("org")
        memberships = Membership.objects.filter(user=user, organisation__isnull=False).select_related("organisation")
        orgs = [m.organisation for m in memberships]
        organisation = next((o for o in orgs if o.slug == slug), orgs[0] if orgs else None)
    if organisation is None:
        raise Http404
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = pending or actions.open_checkin(user, organisation)
        debrief = actions.answer_checkin(entry, form.cleaned_data["heaviness"], form.cleaned_data["wants_talk"])
        if debrief:
            messages.success(request, _("Takk. Koordinator eller vaktleder tar kontakt med deg for en samtale innen %(due)s.") % {
                "due": timezone.localtime(debrief.due_at).strftime("%d.%m. %H:%M")})
        else:
            messages.success(request, _("Takk for vakten. Du kan be om en samtale når som helst."))
        return redirect("rota:mine")
    offered = Debrief.objects.filter(user=user, organisation=organisation, state=Debrief.OPEN).exclude(reason=Debrief.ASKED).exists()
    return render(request, "rota/checkin.html", {"form": form, "organisation": organisation, "offered": offered, "pending": pending})


@staff(roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, org_kwarg="org")
@require_POST
def ask_approval(request, org):
    """A volunteer without a shift asks the shift leader to approve going on duty."""
    organisation = _org(org)
    channel = request.POST.get("channel") or "chat"
    actions.request_duty_approval(request.user, organisation, channel[:16])
    messages.success(request, _("Vaktleder er bedt om å godkjenne at du går på vakt."))
    target = str(request.POST.get("next", ""))
    return redirect(target if target.startswith("/") and not target.startswith("//") else "rota:mine")


# --- the coordinator's and shift leader's pages ---------------------------------------------


@staff(roles.SHIFT_LEADER, *PLANNERS, org_kwarg="org")
def gaps(request, org):
    organisation = _org(org)
    board = queries.gaps_board(organisation)
    return render(request, "rota/gaps.html", {"organisation": organisation, "board": board,
                                               "planner": request.staff.has_any(PLANNERS, org_slug=org)})


@staff(*PLANNERS, org_kwarg="org")
def templates_view(request, org):
    from losen.directory.models import Service

    organisation = _org(org)
    services = list(Service.objects.filter(organisation=organisation))
    form = TemplateForm(request.POST if request.POST.get("form") == "template" else None, services=services)
    month_form = MonthForm(request.POST if request.POST.get("form") == "generate" else None)
    if request.method == "POST":
        if request.POST.get("form") == "template" and form.is_valid():
            d = form.cleaned_data
            service = next((s for s in services if str(s.pk) == d["service"]), None)
            ShiftTemplate.objects.create(
                organisation=organisation, service=service, channel=d["channel"], name=d["name"], weekdays=sorted(d["weekdays"]),
                starts=d["starts"], ends=d["ends"], min_responders=d["min_responders"], leader_required=d["leader_required"],
            )
            messages.success(request, _("Vaktmalen er lagret."))
            return redirect("rota:templates", org=org)
        if request.POST.get("form") == "generate" and month_form.is_valid():
            first, last = queries.month_bounds(month_form.cleaned_data["month"])
            made = sum(actions.generate(t, first, last) for t in ShiftTemplate.objects.filter(organisation=organisation))
            messages.success(request, _("%(n)s vakter er lagt inn.") % {"n": made})
            return redirect("rota:gaps", org=org)
    context = {"organisation": organisation, "templates": ShiftTemplate.objects.filter(organisation=organisation),
               "form": form, "month_form": month_form}
    return render(request, "rota/templates.html", context)


@staff(roles.COORDINATOR, org_kwarg="org")
def fill_view(request, org):
    organisation = _org(org)
    if request.method == "POST":
        form = MonthForm(request.POST)
        if form.is_valid():
            first, last = queries.month_bounds(form.cleaned_data["month"])
            proposal = actions.propose_fill(organisation, request.user, first, last)
            return redirect("rota:fill_proposal", org=org, pk=proposal.pk)
    else:
        form = MonthForm(initial={"month": timezone.localdate().replace(day=1)})
    proposals = FillProposal.objects.filter(organisation=organisation).order_by("-created_at")[:5]
    return render(request, "rota/fill.html", {"organisation": organisation, "form": form, "proposals": proposals})


@staff(roles.COORDINATOR, org_kwarg="org")
def fill_proposal(request, org, pk):
    organisation = _org(org)
    proposal = get_object_or_404(FillProposal, pk=pk, organisation=organisation)
    if request.method == "POST" and proposal.accepted_at is None:
        chosen = {int(i) for i in request.POST.getlist("row") if i.isdigit()}
        made = actions.accept_fill(proposal, chosen, request.user)
        messages.success(request, _("%(n)s plasser er fylt.") % {"n": made})
        return redirect("rota:gaps", org=org)
    shifts = {s.pk: s for s in Shift.objects.filter(pk__in=[r["shift"] for r in proposal.rows])}
    users = {u.pk: u for u in User.objects.filter(pk__in=[r["user"] for r in proposal.rows])}
    rows = [{"i": i, "shift": shifts.get(r["shift"]), "user": users.get(r["user"]), "leader": r["role"] == "leader"}
            for i, r in enumerate(proposal.rows) if r["shift"] in shifts and r["user"] in users]
    return render(request, "rota/proposal.html", {"organisation": organisation, "proposal": proposal, "rows": rows})


@staff(*LEADERS, org_kwarg="org")
def follow_up(request, org):
    organisation = _org(org)
    coordinator = request.staff.has_any((roles.COORDINATOR,), org_slug=org)
    context = {
        "organisation": organisation,
        "debriefs": Debrief.objects.filter(organisation=organisation, state=Debrief.OPEN).select_related("user"),
        "swaps": SwapRequest.objects.filter(assignment__shift__organisation=organisation, state=SwapRequest.PENDING)
        .select_related("assignment__shift", "assignment__user", "to_user"),
        "approvals": DutyApproval.objects.filter(organisation=organisation, approved__isnull=True).select_related("user"),
        "alerts": Alert.objects.filter(organisation=organisation, seen_at__isnull=True).select_related("shift", "user")[:50],
        "coordinator": coordinator,
        "commitments": queries.commitments(organisation) if coordinator else [],
        "strain": queries.strain_signals(organisation) if coordinator else [],
        "now": timezone.now(),
    }
    return render(request, "rota/follow_up.html", context)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def debrief_done(request, org, pk):
    debrief = get_object_or_404(Debrief, pk=pk, organisation__slug=org)
    actions.close_debrief(debrief, request.user, Debrief.DECLINED if request.POST.get("state") == "declined" else Debrief.DONE)
    return redirect("rota:follow_up", org=org)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def swap_decide(request, org, pk):
    swap_request = get_object_or_404(SwapRequest, pk=pk, assignment__shift__organisation__slug=org)
    try:
        actions.decide_swap(swap_request, request.user, request.POST.get("answer") == "approve")
        messages.success(request, _("Byttet er avgjort."))
    except actions.RotaError as exc:
        _rota_error(request, exc)
    return redirect("rota:follow_up", org=org)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def approval_decide(request, org, pk):
    approval = get_object_or_404(DutyApproval, pk=pk, organisation__slug=org, approved__isnull=True)
    actions.decide_duty_approval(approval, request.user, request.POST.get("answer") == "approve")
    return redirect("rota:follow_up", org=org)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def alert_seen(request, org, pk):
    Alert.objects.filter(pk=pk, organisation__slug=org).update(seen_at=timezone.now())
    return redirect("rota:follow_up", org=org)
