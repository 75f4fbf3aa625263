"""May this person take chats (or messages) now? The channel consoles ask here when someone
goes on duty; rota and volunteers decide from shifts, training and leader presence.

`check()` is the one entry point:
- A volunteer record in a stage that does not work shifts (applicant, in training, paused,
  ended) may not go on duty.
- Training: every module the organisation requires for the channel (and the service) must be
  completed; the decision names the missing ones. Current declarations must be signed.
- Shifts: once the organisation keeps a rota (has shifts), a person with a current shift
  (from 15 minutes before it starts) goes on duty directly; without a shift, the shift leader
  must approve (`request_approval`, approved on the rota's follow-up page). Shift leaders and
  coordinators go on duty directly.
- «Aldri alene»: where the service requires a leader present, a volunteer may not take chats
  while no leader is on a current shift, and the console says why.
Until an organisation has a rota, training requirements and declarations, everybody with a
responder role may go on duty directly (the behaviour before the rota existed)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from losen.rota.models import Assignment, DutyApproval, ServiceRule, Shift


@dataclass(frozen=True)
class DutyDecision:
    allowed: bool  # may go on duty directly
    needs_approval: bool = False  # no shift now: the shift leader must approve
    leader_required: bool = False  # the service requires a leader present
    leader_present: bool | None = None
    missing_training: tuple[str, ...] = ()  # names of required modules not completed
    reasons: tuple[str, ...] = field(default=())  # translated sentences for the console
    shift_id: int | None = None  # the current shift, when there is one
    unsigned_declarations: tuple[str, ...] = ()  # titles of current declarations not signed
    approval_pending: bool = False  # an approval has been asked for and not yet decided


def leader_required(organisation, service=None) -> bool:
    rules = ServiceRule.objects.filter(organisation=organisation)
    rule = (rules.filter(service=service).first() if service is not None else None) or rules.filter(service__isnull=True).first()
    return bool(rule and rule.leader_required)


def check(user, organisation, channel: str, now, service=None) -> DutyDecision:
    """`service`: the directory Service (or a channel's record with a `.service`), or None for
    the whole organisation. `now`: an aware datetime."""
    from losen.directory.models import Service
    from losen.rota import actions, queries
    from losen.volunteers import declarations, stages, training
    from losen.volunteers.models import Volunteer

    if service is not None and not isinstance(service, Service):
        service = getattr(service, "service", None)  # a channel's own service record (e.g. ChatService)
    reasons = []
    allowed = True
    leader = actions.is_leader(user, organisation)

    volunteer = Volunteer.objects.filter(user=user, organisation=organisation).first()
    if volunteer is not None and volunteer.stage not in stages.ON_DUTY:
        allowed = False
        reasons.append(_("Du kan ikke gå på vakt i steget «%(stage)s».") % {"stage": volunteer.get_stage_display()})

    missing = tuple(training.missing(user, organisation, channel, service, "leader" if leader else "responder"))
    if missing:
        allowed = False
        reasons.append(_("Du mangler opplæring som kreves for denne kanalen: %(modules)s.") % {"modules": ", ".join(missing)})

    unsigned = tuple(d.title for d in declarations.unsigned(user, organisation)) if volunteer is not None else ()
    if unsigned:
        allowed = False
        reasons.append(_("Signer først: %(titles)s.") % {"titles": ", ".join(unsigned)})

    current = queries.current_shifts(organisation, now, service, channel)
    mine = Assignment.objects.filter(shift__in=current, user=user).select_related("shift").first()
    needs_approval = approval_pending = False
    if not leader and mine is None and Shift.objects.filter(organisation=organisation, channel=channel).exists():
        approved = DutyApproval.objects.filter(
            user=user, organisation=organisation, channel=channel, approved=True, valid_until__gt=now
        ).exists()
        if not approved:
            allowed = False
            needs_approval = True
            approval_pending = DutyApproval.objects.filter(
                user=user, organisation=organisation, channel=channel, approved__isnull=True
            ).exists()
            reasons.append(
                _("Du har ingen vakt nå. Vaktleder må godkjenne at du går på vakt.")
                if not approval_pending else _("Du har bedt vaktleder om å godkjenne at du går på vakt. Svar venter.")
            )

    required = leader_required(organisation, service) or (mine is not None and mine.shift.leader_required)
    present = None
    if required:
        on_now = queries.current_shifts(organisation, now, service)  # any channel of the service
        present = leader or Assignment.objects.filter(role=Assignment.LEADER, shift__in=on_now).exclude(user=user).exists()
        if not present:
            allowed = False
            reasons.append(_("Tjenesten krever at en vaktleder er på vakt, og ingen vaktleder er på vakt nå."))

    return DutyDecision(
        allowed=allowed,
        needs_approval=needs_approval,
        leader_required=required,
        leader_present=present,
        missing_training=missing,
        reasons=tuple(reasons),
        shift_id=mine.shift_id if mine else None,
        unsigned_declarations=unsigned,
        approval_pending=approval_pending,
    )


def request_approval(user, organisation, channel: str):
    """A volunteer without a shift asks the shift leader to approve going on duty."""
    from losen.rota import actions

    return actions.request_duty_approval(user, organisation, channel)
