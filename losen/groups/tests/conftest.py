from datetime import timedelta

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.conftest import make_staff
from losen.directory.models import Service
from losen.groups.models import Series, Session


@pytest.fixture
def grp(directory):
    """An online N.K.S.-style series (two leaders), a Samtalerommet phone series (one guide),
    leaders and a coordinator of each organisation."""
    nks = Organisation.objects.get(slug="nks-veiledningssenter")
    mh = Organisation.objects.get(slug="mental-helse")

    class G:
        pass

    g = G()
    g.nks, g.mh = nks, mh
    g.leader1 = make_staff("nks-leder1", roles.VOLUNTEER, nks)
    g.leader2 = make_staff("nks-leder2", roles.VOLUNTEER, nks)
    g.coordinator = make_staff("nks-koord", roles.COORDINATOR, nks)
    g.guide = make_staff("mh-veileder", roles.VOLUNTEER, mh)
    g.mh_coordinator = make_staff("mh-koord", roles.COORDINATOR, mh)
    g.online = Series.objects.create(
        service=Service.objects.get(slug="nks-veiledningssenter"), title="Unge pårørende", audience="next_of_kin",
        age_min=13, age_max=18, format=Series.ONLINE, capacity=3, leaders_needed=2,
    )
    g.session = Session.objects.create(series=g.online, starts_at=timezone.now() + timedelta(minutes=5))
    g.session2 = Session.objects.create(series=g.online, starts_at=timezone.now() + timedelta(days=7))
    g.phone = Series.objects.create(
        service=Service.objects.get(slug="samtalerommet"), title="Samtalerommet", format=Series.PHONE, capacity=6,
        leaders_needed=1, dial_in="Innringing: demo-nummer (ikke ekte), PIN 4821",
    )
    g.phone_session = Session.objects.create(series=g.phone, starts_at=timezone.now() + timedelta(hours=2))
    g.phone_session.leaders.set([g.guide])
    return g
