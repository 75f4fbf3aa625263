"""The only writers of the rota: shifts from templates, sign-up, cancel, swap, fill proposals,
duty approvals, and the follow-up after a shift (check-in, debrief)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Membership
from losen.audit.models import record
from losen.rota import fill, queries
from losen.rota.models import (
    Alert,
    Assignment,
    Availability,
    CalendarToken,
    CheckIn,
    Debrief,
    DutyApproval,
    FillProposal,
    HeavyContact,
    Shift,
    ShiftTemplate,
    SwapRequest,
)
from losen.volunteers import stages, training
from losen.volunteers.models import Volunteer

LATE_CANCEL = timedelta(hours=48)
DEBRIEF_DUE = timedelta(hours=24)
APPROVAL_VALID = timedelta(hours=6)
LEADER_ROLES = (roles.SHIFT_LEADER, roles.COORDINATOR)


class RotaError(ValueError):
    """A rule says no; the message is a bokmål message id the caller translates."""


def gettext_noop(message):
    return message


def is_leader(user, organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role__in=LEADER_ROLES).exists()


# --- shifts -----------------------------------------------------------------------------------


def generate(template: ShiftTemplate, first_day, last_day) -> int:
    """Shifts from a template for each matching weekday in [first_day, last_day]. Idempotent."""
    tz = timezone.get_current_timezone()
    created = 0
    day = first_day
    modules = list(template.required_modules.all())
    while day <= last_day:
        if day.weekday() in template.weekdays:
            starts = datetime.combine(day, template.starts, tzinfo=tz)
            end_day = day + timedelta(days=1) if template.ends <= template.starts else day
            ends = datetime.combine(end_day, template.ends, tzinfo=tz)
            shift, made = Shift.objects.get_or_create(
                template=template, starts_at=starts,
                defaults={
                    "organisation": template.organisation, "service": template.service, "channel": template.channel,
                    "title": template.name, "ends_at": ends, "min_responders": template.min_responders,
                    "leader_required": template.leader_required,
                },
            )
            if made:
                shift.required_modules.set(modules)
                created += 1
        day += timedelta(days=1)
    return created


def _volunteer_may_work(user, organisation) -> bool:
    v = Volunteer.objects.filter(user=user, organisation=organisation).first()
    if v is None:  # staff without a volunteer record (shift leaders, employees)
        return Membership.objects.filter(user=user, organisation=organisation).exists()
    return v.stage in stages.ON_DUTY


@transaction.atomic
def sign_up(shift: Shift, user, role: str = Assignment.RESPONDER, source: str = Assignment.SIGNUP, now=None) -> Assignment:
    now = now or timezone.now()
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if shift.starts_at <= now:
        raise RotaError(gettext_noop("Vakten har allerede begynt."))
    if not _volunteer_may_work(user, shift.organisation):
        raise RotaError(gettext_noop("Du kan ikke ta vakter i dette steget."))
    if role == Assignment.LEADER and not is_leader(user, shift.organisation):
        raise RotaError(gettext_noop("Bare vaktledere kan ta vaktlederplassen."))
    if Assignment.objects.filter(shift=shift, user=user).exists():
        raise RotaError(gettext_noop("Du står allerede på denne vakten."))
    day = timezone.localtime(shift.starts_at).date()
    mine = Assignment.objects.filter(user=user).select_related("shift")
    if any(timezone.localtime(a.shift.starts_at).date() == day for a in mine.filter(shift__starts_at__date__range=(day - timedelta(days=1), day + timedelta(days=1)))):
        raise RotaError(gettext_noop("Du har allerede en vakt denne dagen."))
    missing = missing_training(user, shift, role)
    if missing:
        raise RotaError(gettext_noop("Du mangler opplæring som kreves for vakten."))
    counts = queries.counts(shift)
    if role == Assignment.LEADER:
        if counts["leaders"] >= 1:
            raise RotaError(gettext_noop("Vakten har allerede en vaktleder."))
    elif counts["responders"] >= shift.min_responders:
        raise RotaError(gettext_noop("Vakten er full."))
    assignment = Assignment.objects.create(shift=shift, user=user, role=role, source=source)
    record(user, "shift_signup", organisation=shift.organisation, target=shift, role=role, source=source)
    return assignment


def missing_training(user, shift: Shift, role: str = Assignment.RESPONDER) -> list[str]:
    done = training.completed_ids(user)
    names = [m.name for m in shift.required_modules.all() if m.pk not in done]
    req_role = "leader" if role == Assignment.LEADER else "responder"
    names += [n for n in training.missing(user, shift.organisation, shift.channel, shift.service, req_role) if n not in names]
    return names


@transaction.atomic
def cancel(assignment: Assignment, by, now=None) -> Alert | None:
    """Cancel a place. Less than 48 hours before the shift alerts the coordinator."""
    now = now or timezone.now()
    shift = assignment.shift
    if shift.starts_at <= now:
        raise RotaError(gettext_noop("Vakten har allerede begynt. Snakk med vaktleder."))
    alert = None
    left = shift.starts_at - now
    if left < LATE_CANCEL:
        alert = Alert.objects.create(
            organisation=shift.organisation, kind=Alert.LATE_CANCEL, shift=shift, user=assignment.user,
            hours_before=int(left.total_seconds() // 3600),
        )
    record(by, "shift_cancelled", organisation=shift.organisation, target=shift, late=alert is not None)
    assignment.delete()
    return alert


def request_swap(assignment: Assignment, to_user) -> SwapRequest:
    if to_user == assignment.user:
        raise RotaError(gettext_noop("Velg en annen kollega."))
    if not _volunteer_may_work(to_user, assignment.shift.organisation):
        raise RotaError(gettext_noop("Kollegaen kan ikke ta vakter nå."))
    swap, _ = SwapRequest.objects.get_or_create(assignment=assignment, to_user=to_user, state=SwapRequest.PENDING)
    record(assignment.user, "shift_swap_requested", organisation=assignment.shift.organisation, target=assignment.shift)
    return swap


@transaction.atomic
def decide_swap(swap: SwapRequest, by, approve: bool) -> SwapRequest:
    """The coordinator or shift leader approves: the colleague takes the place."""
    swap = SwapRequest.objects.select_for_update().select_related("assignment__shift").get(pk=swap.pk)
    if swap.state != SwapRequest.PENDING:
        raise RotaError(gettext_noop("Byttet er allerede avgjort."))
    if approve:
        a = swap.assignment
        if Assignment.objects.filter(shift=a.shift, user=swap.to_user).exists():
            raise RotaError(gettext_noop("Kollegaen står allerede på denne vakten."))
        if missing_training(swap.to_user, a.shift, a.role):
            raise RotaError(gettext_noop("Kollegaen mangler opplæring som kreves for vakten."))
        a.user, a.source = swap.to_user, Assignment.SWAP
        a.save(update_fields=["user", "source"])
    swap.state = SwapRequest.APPROVED if approve else SwapRequest.REJECTED
    swap.decided_by, swap.decided_at = by, timezone.now()
    swap.save()
    record(by, "shift_swap_decided", organisation=swap.assignment.shift.organisation, target=swap.assignment.shift, approved=approve)
    return swap


def set_availability(user, organisation, weekdays, shifts_per_month=None, max_per_month=None, dates_off=None) -> Availability:
    a, _ = Availability.objects.get_or_create(user=user, organisation=organisation)
    a.weekdays = sorted(set(int(d) for d in weekdays))
    if shifts_per_month is not None:
        a.shifts_per_month = shifts_per_month
    if max_per_month is not None:
        a.max_per_month = max(max_per_month, a.shifts_per_month)
    if dates_off is not None:
        a.dates_off = sorted(set(dates_off))
    a.save()
    return a


# --- fill suggestion ------------------------------------------------------------------------


def propose_fill(organisation, by, first_day, last_day, time_limit: float = 8.0) -> FillProposal:
    slots, people, ids = queries.fill_instance(organisation, first_day, last_day)
    result = fill.solve(slots, people, time_limit=time_limit)
    rows = [{"shift": shift_id, "user": ids[person_id], "role": role} for shift_id, person_id, role in result.placements]
    rows.sort(key=lambda r: (r["shift"], r["role"] != "leader"))
    proposal = FillProposal.objects.create(
        organisation=organisation, created_by=by, rows=rows,
        summary={"open": result.open_places, "filled": result.filled, "status": result.status, "seconds": round(result.seconds, 2),
                 "from": first_day.isoformat(), "to": last_day.isoformat()},
    )
    record(by, "rota_fill_proposed", organisation=organisation, filled=result.filled, open=result.open_places)
    return proposal


def accept_fill(proposal: FillProposal, chosen: set[int], by) -> int:
    """Create the places the coordinator kept (indexes into `proposal.rows`). Rows that no longer
    fit (someone signed up meanwhile) are skipped."""
    from losen.accounts.models import User

    made = 0
    for i, row in enumerate(proposal.rows):
        if i not in chosen:
            continue
        shift = Shift.objects.filter(pk=row["shift"], organisation=proposal.organisation).first()
        user = User.objects.filter(pk=row["user"]).first()
        if shift is None or user is None:
            continue
        try:
            sign_up(shift, user, role=row["role"], source=Assignment.FILL)
            made += 1
        except RotaError:
            continue
    proposal.accepted_at = timezone.now()
    proposal.save(update_fields=["accepted_at"])
    record(by, "rota_fill_accepted", organisation=proposal.organisation, placed=made)
    return made


# --- duty approvals -------------------------------------------------------------------------


def request_duty_approval(user, organisation, channel: str) -> DutyApproval:
    existing = DutyApproval.objects.filter(user=user, organisation=organisation, channel=channel, approved__isnull=True).first()
    return existing or DutyApproval.objects.create(user=user, organisation=organisation, channel=channel)


def decide_duty_approval(approval: DutyApproval, by, approve: bool, now=None) -> DutyApproval:
    now = now or timezone.now()
    approval.approved = approve
    approval.decided_by = by
    approval.valid_until = now + APPROVAL_VALID if approve else None
    approval.save()
    record(by, "duty_approval_decided", organisation=approval.organisation, target=approval, approved=approve)
    return approval


# --- after the shift ------------------------------------------------------------------------


def open_checkin(user, organisation, channel="", started_at=None, ended_at=None) -> CheckIn:
    """After going off duty: the two-question check-in (one open per person and organisation)."""
    pending = CheckIn.objects.filter(user=user, organisation=organisation, answered_at__isnull=True).first()
    if pending:
        pending.channel = channel or pending.channel
        pending.started_at = started_at or pending.started_at
        pending.ended_at = ended_at or pending.ended_at
        pending.save()
        return pending
    return CheckIn.objects.create(user=user, organisation=organisation, channel=channel, started_at=started_at, ended_at=ended_at)


@transaction.atomic
def answer_checkin(checkin: CheckIn, heaviness: int, wants_talk: bool, now=None) -> Debrief | None:
    now = now or timezone.now()
    checkin.heaviness, checkin.wants_talk, checkin.answered_at = heaviness, wants_talk, now
    checkin.save()
    if not wants_talk:
        return None
    return Debrief.objects.create(
        user=checkin.user, organisation=checkin.organisation, reason=Debrief.ASKED, checkin=checkin, due_at=now + DEBRIEF_DUE
    )


def heavy_contact(user, organisation, kind: str, now=None) -> Debrief:
    """A concluded duty-to-avert case or suicide-risk chat: a debrief is offered automatically."""
    now = now or timezone.now()
    HeavyContact.objects.create(user=user, organisation=organisation, kind=kind)
    reason = Debrief.DUTY_TO_AVERT if kind == "duty_to_avert" else Debrief.SUICIDE_RISK
    open_ = Debrief.objects.filter(user=user, organisation=organisation, reason=reason, state=Debrief.OPEN).first()
    return open_ or Debrief.objects.create(user=user, organisation=organisation, reason=reason, due_at=now + DEBRIEF_DUE)


def close_debrief(debrief: Debrief, by, state: str = Debrief.DONE) -> Debrief:
    debrief.state, debrief.handled_by, debrief.handled_at = state, by, timezone.now()
    debrief.save()
    return debrief


# --- offboarding and calendars ----------------------------------------------------------------


def hand_back(user, organisation, now=None) -> int:
    """The person ended: their future places go back to the coordinator as alerts."""
    now = now or timezone.now()
    future = list(Assignment.objects.filter(user=user, shift__organisation=organisation, shift__starts_at__gt=now).select_related("shift"))
    for a in future:
        Alert.objects.create(organisation=organisation, kind=Alert.HANDED_BACK, shift=a.shift, user=user)
        a.delete()
    SwapRequest.objects.filter(to_user=user, state=SwapRequest.PENDING, assignment__shift__organisation=organisation).update(
        state=SwapRequest.REJECTED, decided_at=now
    )
    if not Membership.objects.filter(user=user).exists():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    return len(future)


def new_calendar_token(user) -> CalendarToken:
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user)


def revoke_calendar_tokens(user) -> None:
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
