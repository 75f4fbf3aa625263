"""Demo rota: four weeks of Kirkens SOS chat shifts from the opening hours in seed 003 (Vedlegg B:
Mon–Tue 18:30–22:30, Wed–Fri 18:30–01:30, Sat–Sun 14:30–01:30), never alone (a shift leader on
every shift), with one shift under minimum and one without a leader for the gaps board; a shift
covering the present hour for the demo logins, so the chat console can be tried at any time;
and one debrief request for the coordinator. Idempotent."""

from datetime import time, timedelta
from itertools import cycle

from django.db import transaction
from django.utils import timezone

from losen.accounts.models import Organisation, User
from losen.directory.models import Service
from losen.rota import actions
from losen.rota.models import Assignment, Availability, CheckIn, ServiceRule, Shift, ShiftTemplate
from losen.volunteers import stages
from losen.volunteers.models import Module, Volunteer

TEMPLATES = [
    ("Kveldschat man–tir", [0, 1], time(18, 30), time(22, 30)),
    ("Kveldschat ons–fre", [2, 3, 4], time(18, 30), time(1, 30)),
    ("Chat lør–søn", [5, 6], time(14, 30), time(1, 30)),
]
DEMO_LOGINS = ("ks-frivillig", "ks-frivillig2", "vikar")
GAP_DAY, NO_LEADER_DAY = 9, 11  # days from today


@transaction.atomic
def load():
    ks = Organisation.objects.get(slug="kirkens-sos")
    service = Service.objects.get(slug="kirkens-sos")
    ServiceRule.objects.get_or_create(organisation=ks, service=service, defaults={"leader_required": True})
    modules = list(Module.objects.filter(organisation=ks, code__in=["innforingskurs", "chat-tre-kvelder"]))
    templates = []
    for name, weekdays, starts, ends in TEMPLATES:
        template, created = ShiftTemplate.objects.get_or_create(
            organisation=ks, name=name,
            defaults={"service": service, "channel": "chat", "weekdays": weekdays, "starts": starts, "ends": ends,
                      "min_responders": 2, "leader_required": True},
        )
        if created:
            template.required_modules.set(modules)
        templates.append(template)
    today = timezone.localdate()
    for template in templates:
        actions.generate(template, today, today + timedelta(days=27))

    responders = list(
        User.objects.filter(volunteerships__organisation=ks, volunteerships__stage=stages.ACTIVE).order_by("username")
    )
    leaders = list(User.objects.filter(username__startswith="ks-vaktleder").order_by("username"))
    for user in responders:
        Availability.objects.get_or_create(user=user, organisation=ks, defaults={"weekdays": list(range(7)), "shifts_per_month": 2, "max_per_month": 5})
    for user in leaders:
        Availability.objects.get_or_create(user=user, organisation=ks, defaults={"weekdays": list(range(7)), "shifts_per_month": 4, "max_per_month": 8})

    people, bosses = cycle(responders), cycle(leaders)
    for shift in Shift.objects.filter(organisation=ks, template__in=templates, starts_at__date__gte=today).order_by("starts_at"):
        if shift.assignments.exists():
            continue
        offset = (timezone.localtime(shift.starts_at).date() - today).days
        wanted = 1 if offset == GAP_DAY else shift.min_responders
        placed = 0
        for _ in range(len(responders)):
            if placed == wanted:
                break
            user = next(people)
            if offset == 0 and user.username in DEMO_LOGINS:
                continue  # they have the demo shift today
            Assignment.objects.create(shift=shift, user=user, source=Assignment.COORDINATOR)
            placed += 1
        if offset != NO_LEADER_DAY:
            leader = next(bosses)
            if offset == 0 and leader.username == "ks-vaktleder":
                leader = next(bosses)
            Assignment.objects.create(shift=shift, user=leader, role=Assignment.LEADER, source=Assignment.COORDINATOR)

    # A shift covering the present hour for the demo logins (the console gates duty on the rota).
    now = timezone.now()
    current = Shift.objects.filter(organisation=ks, channel="chat", template__isnull=True, starts_at__lte=now, ends_at__gt=now).first()
    if current is None:
        starts = timezone.localtime(now).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
        current = Shift.objects.create(
            organisation=ks, service=service, channel="chat", title="Demovakt (chat)", starts_at=starts,
            ends_at=starts + timedelta(hours=10), min_responders=2, leader_required=True,
        )
    for username in DEMO_LOGINS:
        user = User.objects.filter(username=username).first()
        if user and Volunteer.objects.filter(user=user, organisation=ks, stage=stages.ACTIVE).exists():
            Assignment.objects.get_or_create(shift=current, user=user, defaults={"source": Assignment.COORDINATOR})
    Assignment.objects.get_or_create(shift=current, user=User.objects.get(username="ks-vaktleder"),
                                     defaults={"role": Assignment.LEADER, "source": Assignment.COORDINATOR})

    # After a heavy shift, a volunteer asked for a talk.
    asker = User.objects.get(username="ks-demo-01")
    if not CheckIn.objects.filter(user=asker, organisation=ks).exists():
        checkin = actions.open_checkin(asker, ks, channel="chat", started_at=now - timedelta(days=1, hours=7), ended_at=now - timedelta(days=1))
        actions.answer_checkin(checkin, 4, True, now=now - timedelta(hours=20))
