"""Reads of the rota: places per shift, the gaps board, current shifts, the solver's instance,
commitments and strain. No writes here."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Membership
from losen.rota import fill, strain
from losen.rota.models import Assignment, Availability, CheckIn, HeavyContact, Shift
from losen.volunteers import stages
from losen.volunteers.models import Completion, Volunteer

EARLY = timedelta(minutes=15)  # a shift counts as current from 15 minutes before it starts


def counts(shift: Shift) -> dict:
    rows = Assignment.objects.filter(shift=shift).values("role").annotate(n=Count("pk"))
    by_role = {r["role"]: r["n"] for r in rows}
    return {"responders": by_role.get(Assignment.RESPONDER, 0), "leaders": by_role.get(Assignment.LEADER, 0)}


def annotated(shifts):
    return shifts.annotate(
        responders=Count("assignments", filter=Q(assignments__role=Assignment.RESPONDER)),
        leaders=Count("assignments", filter=Q(assignments__role=Assignment.LEADER)),
    )


def gaps_board(organisation, today: date | None = None, weeks: int = 4) -> list[dict]:
    """The coming `weeks` per service: every shift with its places; under minimum or without a
    required leader is a gap."""
    today = today or timezone.localdate()
    start = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    shifts = annotated(Shift.objects.filter(organisation=organisation, starts_at__gte=start, starts_at__lt=start + timedelta(weeks=weeks)))
    groups = defaultdict(list)
    for s in shifts.select_related("service"):
        under = s.responders < s.min_responders
        no_leader = s.leader_required and s.leaders == 0
        groups[s.service.name() if s.service else s.title].append(
            {"shift": s, "responders": s.responders, "leaders": s.leaders, "under": under, "no_leader": no_leader, "gap": under or no_leader}
        )
    return [{"service": name, "rows": rows, "gaps": sum(1 for r in rows if r["gap"])} for name, rows in sorted(groups.items())]


def current_shifts(organisation, now, service=None, channel: str | None = None):
    rows = Shift.objects.filter(organisation=organisation, starts_at__lte=now + EARLY, ends_at__gt=now)
    if service is not None:
        rows = rows.filter(Q(service=service) | Q(service__isnull=True))
    if channel:
        rows = rows.filter(channel=channel)
    return rows


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def fill_instance(organisation, first_day: date, last_day: date):
    """The solver's input for the organisation's open places between two days (not started yet)."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.combine(first_day, time.min, tzinfo=tz)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz)
    shifts = list(annotated(Shift.objects.filter(organisation=organisation, starts_at__gte=max(start, now), starts_at__lt=end)).prefetch_related("required_modules"))
    slots = []
    for s in shifts:
        open_resp = max(0, s.min_responders - s.responders)
        open_lead = 1 if s.leader_required and s.leaders == 0 else 0
        if open_resp or open_lead:
            slots.append(fill.Slot(s.pk, timezone.localtime(s.starts_at, tz).date(), open_resp, open_lead,
                                   frozenset(m.pk for m in s.required_modules.all())))
    workers = Volunteer.objects.filter(organisation=organisation, stage__in=list(stages.ON_DUTY)).values_list("user_id", flat=True)
    leaders = set(Membership.objects.filter(organisation=organisation, role__in=(roles.SHIFT_LEADER, roles.COORDINATOR)).values_list("user_id", flat=True))
    user_ids = set(workers) | leaders
    availability = {a.user_id: a for a in Availability.objects.filter(organisation=organisation, user_id__in=user_ids)}
    trained = defaultdict(set)
    for user_id, module_id in Completion.objects.filter(user_id__in=user_ids).values_list("user_id", "module_id"):
        trained[user_id].add(module_id)
    month_first, month_last = month_bounds(first_day)
    held = defaultdict(int)
    busy = defaultdict(set)
    mine = Assignment.objects.filter(user_id__in=user_ids, shift__starts_at__gte=start - timedelta(days=1), shift__starts_at__lt=end + timedelta(days=1))
    for user_id, starts_at in mine.values_list("user_id", "shift__starts_at"):
        day = timezone.localtime(starts_at, tz).date()
        busy[user_id].add(day)
        if month_first <= day <= month_last:
            held[user_id] += 1
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    people, ids = [], {}
    for user_id in sorted(user_ids):
        a = availability.get(user_id)
        if a is None:
            continue  # no availability given: never placed by the solver
        off = set(a.dates_off or [])
        available = frozenset(d for d in days if d.weekday() in (a.weekdays or []) and d.isoformat() not in off)
        people.append(fill.Person(user_id, available, frozenset(trained[user_id]), user_id in leaders,
                                  a.shifts_per_month, a.max_per_month, held[user_id], frozenset(busy[user_id])))
        ids[user_id] = user_id
    return slots, people, ids


def commitments(organisation, day: date | None = None) -> list[dict]:
    """This month's shifts per person against their fixed commitment ("under commitment")."""
    first, last = month_bounds(day or timezone.localdate())
    held = dict(
        Assignment.objects.filter(shift__organisation=organisation, shift__starts_at__date__range=(first, last))
        .values_list("user_id").annotate(n=Count("pk"))
    )
    rows = []
    for a in Availability.objects.filter(organisation=organisation).select_related("user"):
        n = held.get(a.user_id, 0)
        rows.append({"user": a.user, "held": n, "commitment": a.shifts_per_month, "under": n < a.shifts_per_month})
    return sorted(rows, key=lambda r: (not r["under"], r["user"].get_username()))


def strain_signals(organisation, now=None) -> list[dict]:
    """Coordinators only: people with many heavy check-ins in a row or several risk chats in a week."""
    now = now or timezone.now()
    user_ids = set(CheckIn.objects.filter(organisation=organisation, answered_at__isnull=False).values_list("user_id", flat=True))
    user_ids |= set(HeavyContact.objects.filter(organisation=organisation, at__gte=now - timedelta(days=7)).values_list("user_id", flat=True))
    found = []
    for user_id in user_ids:
        recent = list(
            CheckIn.objects.filter(organisation=organisation, user_id=user_id, answered_at__isnull=False)
            .order_by("-answered_at").values_list("heaviness", flat=True)[: strain.HEAVY_IN_A_ROW]
        )
        risk = HeavyContact.objects.filter(organisation=organisation, user_id=user_id, at__gte=now - timedelta(days=7)).count()
        reasons = strain.reasons(recent, risk)
        if reasons:
            from losen.accounts.models import User

            found.append({"user": User.objects.get(pk=user_id), "reasons": reasons})
    return sorted(found, key=lambda r: r["user"].get_username())


def upcoming(user, now=None, limit: int = 10):
    now = now or timezone.now()
    return Assignment.objects.filter(user=user, shift__ends_at__gt=now).select_related("shift__organisation", "shift__service")[:limit]
