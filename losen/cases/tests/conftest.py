import pytest

from losen.accounts import roles
from losen.cases.models import CaseService, ContactPerson
from losen.conftest import make_staff, sign_in
from losen.volunteers import actions as vactions
from losen.volunteers import stages
from losen.volunteers.models import Declaration, LivedExperienceTag

PATH = (stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE)


def make_volunteer(org, username, name, by, *, languages=("nb",), region="", gender="", lived=(), forms=("chat", "phone"), times=("evening",), max_cases=3):
    v, _ = vactions.register_applicant(org, username, name, by)
    for stage in PATH:
        if v.stage != stage:
            vactions.move(v, stage, by)
            v.refresh_from_db()
    vactions.save_competence(v, languages=languages, channels=["case"], gender=gender, region=region, lived_experience=lived, by=by)
    ContactPerson.objects.update_or_create(volunteer=v, defaults={"forms": list(forms), "times": list(times), "max_cases": max_cases})
    return v


@pytest.fixture
def hk(directory):
    from losen.directory.models import Service

    service = Service.objects.get(slug="hjelpekilden")
    cs = CaseService.objects.create(
        service=service, consent_text="Jeg samtykker til at Hjelpekilden behandler opplysningene for å finne en samtalepartner.",
        jitsi_base_url="https://meet.hjelpekilden.example", retention_days=30,
    )
    org = service.organisation
    leader = make_staff("hk-leader", roles.COORDINATOR, org)
    leader.email = "leder@example.org"
    leader.save()
    LivedExperienceTag.objects.get_or_create(organisation=org, slug="brudd", defaults={"label": "Brudd med trossamfunn"})
    for kind in (Declaration.CONFIDENTIALITY, Declaration.ETHICS):
        vactions.publish_declaration(org, kind, kind, "tekst", leader)
    anne = make_volunteer(org, "anne", "Anne Nord", leader, languages=("nb", "se"), region="troms", forms=("meet", "chat"), lived=("brudd",))
    per = make_volunteer(org, "per", "Per Sør", leader, region="oslo")
    return {"cs": cs, "org": org, "leader": leader, "anne": anne, "per": per}


@pytest.fixture
def as_user(db):
    """A separate signed-in client per user (several people act in one test)."""
    from django.test import Client

    def build(user):
        return sign_in(Client(), user)

    return build
