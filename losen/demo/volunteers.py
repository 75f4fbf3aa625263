"""Demo volunteers: Kirkens SOS with people in each stage, its training (the 40-hour introductory
course and three extra evenings for chat, seed 003 Vedlegg B), signed and unsigned declarations;
Hjelpekilden's confidentiality declaration and ethical guidelines (seed 000); Kors på halsen
requiring a police certificate. Idempotent: running it twice changes nothing."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User
from losen.demo import staff as demo_staff
from losen.volunteers import actions, stages
from losen.volunteers.models import (
    Competence,
    Completion,
    Declaration,
    LivedExperienceTag,
    Module,
    PoliceCertificate,
    Policy,
    Requirement,
    Signature,
    StageChange,
    Volunteer,
)

SEED_003 = "Bufdir 2026, kartlegging av hjelpetelefoner og chattetjenester, Vedlegg B (Kirkens SOS)"

KS_CONFIDENTIALITY = (
    "Jeg har taushetsplikt om alt jeg får vite om dem som tar kontakt med Kirkens SOS.\n\n"
    "Taushetsplikten gjelder også etter at jeg slutter som frivillig."
)
KS_ETHICS = (
    "Jeg møter alle som tar kontakt med respekt, og lytter uten å dømme.\n\n"
    "Jeg står aldri alene: jeg tar kontakt med vaktleder når jeg trenger det, og tar imot kollegastøtte etter vakten."
)
# Hjelpekilden's own words (seed 000: etiske retningslinjer for samtalepartnere).
HK_ETHICS = (
    "Du har en rolle som gir deg tillit og påvirkningskraft. Bruk den med varsomhet. Møt den hjelpesøkende med "
    "respekt, tydelige grenser og et trygt nærvær.\n\n"
    "Alt som deles, er konfidensielt, også etter at du slutter som frivillig. Du skal ikke dele historier videre, vise "
    "meldinger, lagre informasjon eller diskutere samtaler med andre. Unntak: fare for liv og helse.\n\n"
    "Du er ikke terapeut eller sjelesørger. Du gir ikke råd eller løsninger, men hjelper personen med å utforske egne "
    "tanker og valg.\n\n"
    "Dersom du opplever brudd på retningslinjer, ubehagelige situasjoner eller bekymring for den hjelpesøkende, skal du "
    "kontakte daglig leder. Du står aldri alene i vanskelige vurderinger."
)
HK_CONFIDENTIALITY = "Taushetsplikt gjelder alltid, også etter at du slutter som frivillig."

# (username, display name, stage) for Kirkens SOS; the demo staff logins come first.
KS_PEOPLE = [
    ("ks-frivillig", "Kari Frivillig", stages.ACTIVE),
    ("ks-frivillig2", "Ola Frivillig", stages.ACTIVE),
    ("vikar", "Vera Vikar", stages.ACTIVE),
    ("ks-soker", "Siri Søker", stages.APPLICANT),
    ("ks-inntak", "Ivar Inntak", stages.INTERVIEW),
    ("ks-opplaering", "Olga Opplæring", stages.TRAINING),
    ("ks-fadder", "Fredrik Fadder", stages.MENTORED),
    ("ks-pause", "Paula Pause", stages.PAUSED),
    ("ks-sluttet", "Sondre Sluttet", stages.ENDED),
] + [(f"ks-demo-{i:02d}", f"Frivillig {i:02d}", stages.ACTIVE) for i in range(1, 13)]
# Extra shift leaders so that the demo month can have a leader on every shift but one.
KS_LEADERS = [f"ks-vaktleder-{i}" for i in range(2, 6)]

PATH = [stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE]


def _user(username, display_name=""):
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(demo_staff.PASSWORD)
        first, _, last = display_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.save()
        TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": demo_staff.totp_key(username), "confirmed": True})
    return user


def _walk(volunteer, target, by):
    if volunteer.stage == target or StageChange.objects.filter(volunteer=volunteer).count() > 1:
        return
    steps = [stages.ENDED] if target == stages.ENDED else PATH[: PATH.index(target) + 1] if target in PATH else PATH + [target]
    for step in steps:
        actions.move(volunteer, step, by)


@transaction.atomic
def load():
    ks = Organisation.objects.get(slug="kirkens-sos")
    rk = Organisation.objects.get(slug="norges-rode-kors")
    hk = Organisation.objects.get(slug="hjelpekilden")
    coordinator = User.objects.get(username="ks-koordinator")
    today = timezone.localdate()

    Policy.objects.get_or_create(organisation=ks, defaults={"police_certificate_required": False, "retention_days": 365})
    Policy.objects.get_or_create(organisation=rk, defaults={"police_certificate_required": True, "retention_days": 365})
    Policy.objects.get_or_create(organisation=hk)

    intro, _ = Module.objects.get_or_create(organisation=ks, code="innforingskurs", defaults={
        "name": "Innføringskurs 40 t (teori og praksis)", "hours": 40, "provider": "Kirkens SOS", "source": SEED_003})
    chat_evenings, _ = Module.objects.get_or_create(organisation=ks, code="chat-tre-kvelder", defaults={
        "name": "Chat: tre ekstra kvelder", "provider": "Kirkens SOS", "source": SEED_003})
    trygge_1 = Module.objects.get(organisation=None, code="ts-samtalen-chat-telefon")
    trygge_2 = Module.objects.get(organisation=None, code="ts-selvmordsforebyggende")
    for module in (intro, chat_evenings):
        Requirement.objects.get_or_create(organisation=ks, service=None, channel="chat", role=Requirement.RESPONDER, module=module)
    Requirement.objects.get_or_create(organisation=ks, service=None, channel="phone", role=Requirement.RESPONDER, module=intro)

    for slug, label in (("parorende", "Pårørende"), ("etterlatt", "Etterlatt"), ("egen-krise", "Egen erfaring med krise")):
        LivedExperienceTag.objects.get_or_create(organisation=ks, slug=slug, defaults={"label": label})

    def declaration(org, kind, title, body, lasts):
        existing = Declaration.objects.filter(organisation=org, kind=kind).order_by("-version").first()
        return existing or actions.publish_declaration(org, kind, title, body, coordinator, lasts_after_end=lasts)

    ks_conf = declaration(ks, Declaration.CONFIDENTIALITY, "Taushetserklæring", KS_CONFIDENTIALITY, True)
    ks_eth = declaration(ks, Declaration.ETHICS, "Etiske retningslinjer", KS_ETHICS, False)
    declaration(hk, Declaration.CONFIDENTIALITY, "Taushetserklæring", HK_CONFIDENTIALITY, True)
    declaration(hk, Declaration.ETHICS, "Etiske retningslinjer for samtalepartnere", HK_ETHICS, False)

    for username, name, stage in KS_PEOPLE:
        user = _user(username, name)
        volunteer, created = Volunteer.objects.get_or_create(user=user, organisation=ks, defaults={"display_name": name})
        if created:
            StageChange.objects.create(volunteer=volunteer, from_stage="", to_stage=stages.APPLICANT, by=coordinator)
            _walk(volunteer, stage, coordinator)
        if stage in (stages.ACTIVE, stages.MENTORED, stages.PAUSED):
            for module in (intro, chat_evenings, trygge_1):
                Completion.objects.get_or_create(user=user, module=module, defaults={"completed_on": today - timedelta(days=60), "recorded_by": coordinator})
            if username != "ks-fadder":  # the mentored volunteer has not signed the new guidelines yet
                for d in (ks_conf, ks_eth):
                    Signature.objects.get_or_create(user=user, declaration=d)
        if stage == stages.TRAINING:
            Completion.objects.get_or_create(user=user, module=trygge_1, defaults={"completed_on": today - timedelta(days=7), "recorded_by": coordinator})
    # Competences the people chose to share (Girku SOS: volunteers with Sami language).
    shares = {
        "ks-frivillig": (["nb", "se"], ["chat", "message"], "woman", "troms", ["parorende"]),
        "ks-frivillig2": (["nb", "en"], ["chat", "phone"], "man", "oslo", []),
        "ks-demo-01": (["nb", "sma"], ["chat"], "", "trondelag", []),
        "ks-demo-02": (["nb", "smj"], ["message"], "woman", "nordland", ["etterlatt"]),
    }
    for username, (languages, channels, gender, region, lived) in shares.items():
        volunteer = Volunteer.objects.get(user__username=username, organisation=ks)
        if not Competence.objects.filter(volunteer=volunteer).exists():
            actions.save_competence(volunteer, languages=languages, channels=channels, gender=gender, region=region,
                                    lived_experience=lived, by=volunteer.user)

    # Shift leaders and their leader training.
    for username in ["ks-vaktleder"] + KS_LEADERS:
        user = _user(username, "Vaktleder " + username.rsplit("-", 1)[-1].title())
        Membership.objects.get_or_create(user=user, organisation=ks, role=roles.SHIFT_LEADER)
        for module in (intro, chat_evenings, trygge_1, trygge_2):
            Completion.objects.get_or_create(user=user, module=module, defaults={"completed_on": today - timedelta(days=400), "recorded_by": coordinator})

    # Kors på halsen: a volunteer whose police certificate was seen (services for children).
    rk_user = User.objects.get(username="rk-frivillig")
    rk_vol, created = Volunteer.objects.get_or_create(user=rk_user, organisation=rk, defaults={"display_name": "Rune Røde Kors"})
    if created:
        StageChange.objects.create(volunteer=rk_vol, from_stage="", to_stage=stages.APPLICANT, by=User.objects.get(username="rk-admin"))
        _walk(rk_vol, stages.ACTIVE, User.objects.get(username="rk-admin"))
    if not PoliceCertificate.objects.filter(volunteer=rk_vol).exists():
        actions.record_police_certificate(rk_vol, date(today.year, 1, 15) if today.month > 1 else today, None, "", User.objects.get(username="rk-admin"))

    # Hjelpekilden: the contact person has signed the confidentiality declaration, not yet the guidelines.
    hk_user = User.objects.get(username="hk-frivillig")
    hk_vol, created = Volunteer.objects.get_or_create(user=hk_user, organisation=hk, defaults={"display_name": "Hanne Kontaktperson"})
    if created:
        hk_leader = User.objects.get(username="hk-leder")
        StageChange.objects.create(volunteer=hk_vol, from_stage="", to_stage=stages.APPLICANT, by=hk_leader)
        _walk(hk_vol, stages.ACTIVE, hk_leader)
        conf = Declaration.objects.get(organisation=hk, kind=Declaration.CONFIDENTIALITY, version=1)
        Signature.objects.get_or_create(user=hk_user, declaration=conf)
