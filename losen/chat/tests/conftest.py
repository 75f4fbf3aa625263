import pytest

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.chat.models import ChatService
from losen.conftest import make_staff, sign_in
from losen.directory.models import Service


@pytest.fixture
def chat(directory):
    """Kirkens SOS and Kors på halsen with chat on (always open) and staff of both."""
    ks = ChatService.objects.create(
        service=Service.objects.get(slug="kirkens-sos"), enabled=True, hours=ChatService.HOURS_ALWAYS,
        questions=["age", "gender", "county", "before", "opening"], max_concurrent=2, daily_limit=2,
    )
    kph = ChatService.objects.create(
        service=Service.objects.get(slug="kors-pa-halsen"), enabled=True, hours=ChatService.HOURS_ALWAYS, questions=["age"],
    )
    ks_org = Organisation.objects.get(slug="kirkens-sos")
    rk_org = Organisation.objects.get(slug="norges-rode-kors")

    class Chat:
        pass

    c = Chat()
    c.ks, c.kph, c.ks_org, c.rk_org = ks, kph, ks_org, rk_org
    c.volunteer = make_staff("ks-vol", roles.VOLUNTEER, ks_org)
    c.volunteer2 = make_staff("ks-vol2", roles.VOLUNTEER, ks_org)
    c.leader = make_staff("ks-leder", roles.SHIFT_LEADER, ks_org)
    c.coordinator = make_staff("ks-koord", roles.COORDINATOR, ks_org)
    c.rk_volunteer = make_staff("rk-vol", roles.VOLUNTEER, rk_org)
    return c


@pytest.fixture
def staff_client():
    from django.test import Client

    def build(user):
        return sign_in(Client(), user)

    return build
