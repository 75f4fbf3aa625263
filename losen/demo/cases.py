"""Demo follow-up: Hjelpekilden (seeds 000/001) with 12 volunteer contact persons of varied
competences, created through the volunteers app's actions, and about 40 cases in every state
(waiting, matched, active with concerns, overdue reviews and a dependency signal, closed);
N.K.S. (002) as a counsellor service with a waiting list. All names are invented; every case is
marked demo. Idempotent: a second run changes nothing."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from losen.accounts.models import User
from losen.cases import actions
from losen.cases.models import COUNSELLOR, Case, CaseService, Concern, ContactPerson, Message, Note, Referral
from losen.directory.models import Service
from losen.volunteers import actions as vactions
from losen.volunteers import declarations, stages
from losen.volunteers.models import LivedExperienceTag

PATH = (stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE)

HK_CONSENT = (
    "Jeg samtykker til at Hjelpekilden lagrer det jeg har skrevet her, for å finne en samtalepartner til meg og "
    "følge opp kontakten. Opplysningene er kryptert, bare daglig leder og samtalepartneren min ser dem, og de "
    "slettes når saken er avsluttet. Jeg kan se, laste ned og slette dem selv."
)
NKS_CONSENT = (
    "Jeg samtykker til at veiledningssenteret lagrer det jeg har skrevet her, for å avtale samtaler med meg. "
    "Opplysningene slettes når saken er avsluttet, og jeg kan se, laste ned og slette dem selv."
)

TAGS = [
    ("religiost-brudd", "Brudd med et religiøst miljø"),
    ("negativ-sosial-kontroll", "Negativ sosial kontroll"),
    ("utestengt-fra-familie", "Utestengt fra familien"),
]

# (username, name, languages, gender, region, lived experience, forms, times, max cases)
VOLUNTEERS = [
    ("hk-frivillig", "Hanne Frivillig", ["nb"], "woman", "oslo", ["religiost-brudd"], ["chat", "phone", "meet"], ["evening"], 4),
    ("hk-aslak", "Aslak Gaup", ["nb", "se"], "man", "troms", ["religiost-brudd"], ["chat", "video", "meet"], ["evening"], 3),
    ("hk-marte", "Marte Lie", ["nb", "en"], "woman", "vestland", ["negativ-sosial-kontroll"], ["chat", "email", "meet"], ["day", "evening"], 3),
    ("hk-jonas", "Jonas Berg", ["nb"], "man", "oslo", [], ["phone", "video"], ["day"], 3),
    ("hk-sara", "Sara Haddad", ["nb", "ar", "en"], "woman", "akershus", ["negativ-sosial-kontroll", "utestengt-fra-familie"], ["chat", "phone", "meet"], ["evening"], 3),
    ("hk-eirik", "Eirik Nilsen", ["nb", "nn"], "man", "vestland", ["religiost-brudd", "utestengt-fra-familie"], ["phone", "meet"], ["evening"], 2),
    ("hk-ingunn", "Ingunn Moe", ["nb"], "woman", "trondelag", ["religiost-brudd"], ["chat", "video"], ["day"], 3),
    ("hk-petter", "Petter Dahl", ["nb", "en"], "man", "rogaland", [], ["chat", "email"], ["evening"], 4),
    ("hk-lina", "Lina Olsen", ["nb", "pl"], "woman", "agder", ["utestengt-fra-familie"], ["chat", "phone"], ["day", "evening"], 3),
    ("hk-maja", "Maja Eriksen", ["nb", "sma"], "woman", "trondelag", ["religiost-brudd"], ["chat", "video", "meet"], ["evening"], 2),
    ("hk-tor", "Tor Halvorsen", ["nb"], "man", "innlandet", ["religiost-brudd", "negativ-sosial-kontroll"], ["phone", "meet"], ["day"], 3),
    ("hk-nora", "Nora Svendsen", ["nb", "uk"], "other", "oslo", [], ["chat", "email", "video"], ["evening"], 3),
]

FIRST_NAMES = ["Ida", "Mats", "Sofie", "Elias", "Emma", "Noah", "Nora", "Jakob", "Sara", "Filip", "Maja", "Lukas", "Ella", "Oskar",
               "Leah", "Aksel", "Frida", "Henrik", "Tiril", "Sander", "Hedda", "Jonas", "Amalie", "Theo", "Selma", "Isak", "Vilde",
               "Adrian", "Julie", "Magnus", "Mia", "Tobias", "Eline", "Sebastian", "Ingrid", "Kasper", "Live", "Even", "Aurora", "Ola"]
NEEDS = [
    "Noen å snakke med etter at jeg gikk ut av menigheten.",
    "Familien har brutt kontakten, og jeg trenger noen som forstår.",
    "Vurderer å bryte ut og vil snakke med noen som har gjort det selv.",
    "Ensom etter bruddet, trenger en samtalepartner.",
]


def _volunteer(org, leader, row):
    username, name, languages, gender, region, lived, forms, times, max_cases = row
    v, _ = vactions.register_applicant(org, username, name, leader)
    for stage in PATH:
        v.refresh_from_db()
        if v.stage == stages.ACTIVE:
            break
        if stage in stages.TRANSITIONS[v.stage]:
            vactions.move(v, stage, leader)
    vactions.save_competence(v, languages=languages, channels=["case", "chat"], gender=gender, region=region, lived_experience=lived, by=leader)
    ContactPerson.objects.update_or_create(volunteer=v, defaults={"forms": forms, "times": times, "max_cases": max_cases})
    return v


@transaction.atomic
def load():
    service = Service.objects.filter(slug="hjelpekilden").select_related("organisation").first()
    leader = User.objects.filter(username="hk-leder").first()
    if service is None or leader is None:
        return
    org = service.organisation
    hk, _ = CaseService.objects.get_or_create(
        service=service,
        defaults={"consent_text": HK_CONSENT, "jitsi_base_url": "https://jitsi.hjelpekilden.example", "retention_days": 90, "reply_days": 2},
    )
    nks_service = Service.objects.filter(slug="nks-veiledningssenter").first()
    nks = None
    if nks_service:
        nks, _ = CaseService.objects.get_or_create(service=nks_service, defaults={"kind": COUNSELLOR, "consent_text": NKS_CONSENT, "retention_days": 365, "reply_days": 3})
    if Case.objects.filter(case_service=hk, demo=True).exists():
        return
    for slug, label in TAGS:
        LivedExperienceTag.objects.get_or_create(organisation=org, slug=slug, defaults={"label": label})
    volunteers = [_volunteer(org, leader, row) for row in VOLUNTEERS]
    for v in volunteers[:-2]:  # the last two have not signed yet: approval asks them to
        for d in declarations.unsigned(v.user, org):
            vactions.sign(v.user, d)

    rnd = random.Random(15)
    now = timezone.now()
    tag_slugs = [t[0] for t in TAGS]
    created = []
    for i, first in enumerate(FIRST_NAMES):
        forms = rnd.sample(["chat", "phone", "email", "video", "meet"], k=rnd.randint(1, 3))
        data = {
            "first_name": first,
            "forms": forms,
            "times": rnd.sample(["day", "evening"], k=rnd.randint(1, 2)),
            "region": rnd.choice(["oslo", "troms", "vestland", "trondelag", "akershus", "agder"]) if "meet" in forms else "",
            "language": "se" if i == 3 else "ar" if i == 7 else "nb",
            "gender": rnd.choice(["", "", "woman", "man"]),
            "lived_experience": rnd.sample(tag_slugs, k=rnd.randint(0, 1)),
            "need": rnd.choice(NEEDS),
            "consent": True,
            "demo": True,
        }
        case, _code = actions.intake(hk, data, source=rnd.choice(["form", "form", "leader", "chat"]), by=leader, now=now - timedelta(days=120 - i * 3))
        created.append(case)

    # States: 0–5 waiting, 6–9 matched, 10–33 active, 34–39 closed.
    for i, case in enumerate(created):
        if i < 6:
            continue
        suggestions = actions.suggest(case, leader, limit=1)
        if not suggestions:
            continue
        at = case.created_at + timedelta(days=2)
        actions.approve(case, suggestions[0].volunteer_id, leader, now=at)
        if i < 10:
            continue
        case.refresh_from_db()
        review = (now + timedelta(days=(i * 5) % 40 - 8)).date()  # a few reviews are overdue
        actions.agree_framework(case, forms=case.stated.get("forms") or ["chat"], frequency=rnd.choice(["weekly", "biweekly", "needed"]),
                                times=case.stated.get("times") or ["evening"], review_on=review, actor=leader, now=at + timedelta(days=1))
        assignment = case.assignments.filter(ended_at__isnull=True).select_related("volunteer__user").first()
        for k in range(rnd.randint(1, 4)):
            sent = now - timedelta(days=rnd.randint(1, 30), hours=k)
            Message.objects.create(case=case, from_seeker=bool(k % 2), author=None if k % 2 else assignment.volunteer.user,
                                   body="Hei! Hvordan har uka vært?" if not k % 2 else "Takk, litt bedre nå.", sent_at=sent, read_at=sent + timedelta(hours=5) if k < 2 else None)
        Note.objects.create(case=case, author=assignment.volunteer.user, on=(now - timedelta(days=rnd.randint(1, 20))).date(), form=rnd.choice(case.forms or ["chat"]), minutes=rnd.choice([30, 45, 60]))
        Case.objects.filter(pk=case.pk).update(last_contact_at=now - timedelta(days=rnd.randint(1, 20)))
        if i in (12, 19):
            actions.raise_concern(case, Concern.WORRY, assignment.volunteer.user, note="Virker mer nedfor enn før.", now=now - timedelta(hours=i))
        if i == 25:
            actions.raise_concern(case, Concern.SUICIDE, assignment.volunteer.user, risk={"plan": "no", "preparations": "no", "means": "unknown"}, now=now - timedelta(hours=3))
        if i == 28:  # far above the agreed frequency for several weeks
            for w in range(3):
                for h in range(4):
                    Message.objects.create(case=case, from_seeker=True, body="Er du der?", sent_at=now - timedelta(weeks=w, days=1, hours=h))
            Case.objects.filter(pk=case.pk).update(frequency="biweekly")
        if i >= 34:
            actions.close(case, rnd.choice(["goal", "referred", "seeker_ended"]), leader, now=now - timedelta(days=40 - i))
            if i % 2:
                actions.evaluate(case, {"helped": "yes", "again": "yes"})
    actions.dependency_scan(now)

    Referral.objects.get_or_create(case_service=hk, name="Mental Helse Hjelpetelefonen", defaults={"kind": "service", "directory_service": Service.objects.filter(slug="mental-helse-hjelpetelefonen").first(), "areas": "Psykisk helse, døgnåpen"})
    Referral.objects.get_or_create(case_service=hk, name="Fastlege", defaults={"kind": "other", "areas": "Første vei til psykisk helsevern", "note": "Navngitte psykologer legges inn av Hjelpekilden selv."})
    for institution, topic in (("bup", "Ungdom som vurderer å bryte med menigheten"), ("krisesenter", "Negativ sosial kontroll"), ("teacher", "Elev utestengt fra familien")):
        actions.log_inquiry(hk, institution=institution, topic=topic, advice="Forklarte hvordan Hjelpekilden kan følge opp, og hvor det finnes fagfolk.", by=leader, now=now - timedelta(days=rnd.randint(1, 30)))
    if nks:
        for first in ("Berit", "Knut"):
            actions.intake(nks, {"first_name": first, "forms": ["phone", "meet"], "times": ["day"], "language": "nb", "need": "Pårørende, ønsker veiledning.", "consent": True, "demo": True}, by=leader, now=now - timedelta(days=5))
