import pytest

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.conftest import make_staff, sign_in
from losen.directory.models import Service
from losen.letters.models import LetterService


def add_message_channel(slug, hours):
    """Give a directory record a message channel (the directory data may not carry it yet)."""
    service = Service.objects.get(slug=slug)
    channels = [c for c in service.document.get("channels") or [] if c.get("kind") != "message"]
    channels.append({"kind": "message", "address": None, "languages": ["nb"], "answer_time_hours": hours, "hours": {"kind": "unknown"}})
    service.document = {**service.document, "channels": channels}
    service.save()
    return service


@pytest.fixture
def letters(directory):
    """Kirkens SOS (24 h) and Girku SOS (24 h) take messages; Sidetmedord (48 h) too; staff of both orgs."""
    add_message_channel("sidetmedord", 48)
    ks = LetterService.objects.create(service=Service.objects.get(slug="kirkens-sos"), enabled=True, questions=["age", "before"])
    girku = LetterService.objects.create(service=Service.objects.get(slug="girku-sos"), enabled=True)
    smo = LetterService.objects.create(service=Service.objects.get(slug="sidetmedord"), enabled=True)
    ks_org = Organisation.objects.get(slug="kirkens-sos")
    mh_org = Organisation.objects.get(slug="mental-helse")

    class L:
        pass

    x = L()
    x.ks, x.girku, x.smo, x.ks_org, x.mh_org = ks, girku, smo, ks_org, mh_org
    x.volunteer = make_staff("ks-vol", roles.VOLUNTEER, ks_org)
    x.volunteer2 = make_staff("ks-vol2", roles.VOLUNTEER, ks_org)
    x.leader = make_staff("ks-leder", roles.SHIFT_LEADER, ks_org)
    x.coordinator = make_staff("ks-koord", roles.COORDINATOR, ks_org)
    x.admin = make_staff("ks-admin", roles.SERVICE_ADMIN, ks_org)
    x.mh_volunteer = make_staff("mh-vol", roles.VOLUNTEER, mh_org)
    return x


@pytest.fixture
def staff_client():
    from django.test import Client

    def build(user):
        return sign_in(Client(), user)

    return build


