"""Demo groups (idempotent): an online series for young next of kin with two leaders (N.K.S.),
a Samtalerommet-style phone group with one guide (Mental Helse), and an in-person Hjelpekilden
group with an intake talk, one of whose sessions still lacks a leader ("mangler leder").
Demo leaders sign in like the other demo staff (password `staff.PASSWORD`, TOTP from the name).
Nothing here is a real phone number or address: the service enters those."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User
from losen.demo import staff
from losen.directory.models import Service
from losen.groups import actions
from losen.groups.models import Series, Session

# (username, role, organisation slug)
LEADERS = [
    ("nks-leder1", roles.VOLUNTEER, "nks-veiledningssenter"),
    ("nks-leder2", roles.VOLUNTEER, "nks-veiledningssenter"),
    ("nks-koordinator", roles.COORDINATOR, "nks-veiledningssenter"),
    ("mh-veileder", roles.VOLUNTEER, "mental-helse"),
    ("mh-koordinator", roles.COORDINATOR, "mental-helse"),
]

# Demo participants' pickup codes (demo only; real codes are never stored or printed).
CODES = {"Mina": "demo mina bakke eple", "Jonas": "demo jonas skog elv", "Sara": "demo sara fjell sol"}


def _user(username, role, org_slug):
    org = Organisation.objects.get(slug=org_slug)
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": username.split("-")[1].rstrip("12").capitalize()})
    if created:
        user.set_password(staff.PASSWORD)
        user.save()
    TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": staff.totp_key(username), "confirmed": True})
    Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return user


def _series(service_slug, title, sessions, leaders, **fields):
    service = Service.objects.get(slug=service_slug)
    series, created = Series.objects.get_or_create(service=service, title=title, defaults={**fields, "demo": True})
    if created:
        start = timezone.now().replace(second=0, microsecond=0)
        for i, (offset, who) in enumerate(zip(sessions, leaders)):
            s = Session.objects.create(series=series, starts_at=start + offset, minutes=90)
            s.leaders.set(who)
    return series, created


@transaction.atomic
def load():
    users = {name: _user(name, role, org) for name, role, org in LEADERS}
    hk_leader = User.objects.get(username="hk-leder")
    hk_volunteer = User.objects.get(username="hk-frivillig")
    pair = [users["nks-leder1"], users["nks-leder2"]]

    online, created = _series(
        "nks-veiledningssenter", "Unge pårørende – nettgruppe", [timedelta(minutes=15), timedelta(days=7), timedelta(days=14)], [pair, pair, pair],
        description="En samtalegruppe på nett for deg som er ung og pårørende til noen med rusproblemer eller psykisk sykdom. Bare fornavn vises.",
        audience="next_of_kin", age_min=16, age_max=25, format=Series.ONLINE, capacity=8, leaders_needed=2,
    )
    if created:
        for name, code in CODES.items():
            p, _t, _c = actions.apply(online, name, code=code)
            actions.accept_rules(p)
        first = online.sessions.first()
        actions.propose_topic(first, pair[0], "Hvordan ta vare på seg selv")
        actions.propose_topic(first, pair[0], "Å snakke med venner om det")

    phone, created = _series(
        "samtalerommet", "Samtalerommet – en vei ut av ensomheten", [timedelta(days=1), timedelta(days=8), timedelta(days=15)], [[users["mh-veileder"]]] * 3,
        description="Telefonbasert selvhjelpsgruppe ledet av en veileder. Temaene avtales på forhånd med deltakerne.",
        audience="self", format=Series.PHONE, capacity=6, leaders_needed=1,
        dial_in="Innringingsnummer og PIN legges inn av tjenesten (demo: ikke et ekte nummer).",
    )
    if created:
        for name in ("Anne", "Per", "Liv"):
            p, _t, _c = actions.apply(phone, name, phone="00000000")  # demo: not a real number
            actions.accept_rules(p)
        actions.propose_topic(phone.sessions.first(), users["mh-veileder"], "Å ta kontakt med andre")

    inperson, created = _series(
        "hjelpekilden", "Samtalegruppe etter religiøst brudd", [timedelta(days=3), timedelta(days=17)], [[hk_leader, hk_volunteer], [hk_volunteer]],
        description="Samtalegruppe med oppmøte, ledet av frivillige likepersoner. Vi tar en kort samtale med deg før du blir med.",
        audience="self", format=Series.IN_PERSON, capacity=8, leaders_needed=2, intake_required=True,
        venue="Oppgis ved påmelding (demo)", address="Oppgis ved påmelding (demo)", accessibility="",
    )
    if created:
        actions.apply(inperson, "Maria")
        actions.apply(inperson, "David")
    return {"series": [online.pk, phone.pk, inperson.pk]}
