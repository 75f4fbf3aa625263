import pytest

from losen.cases.models import Case, Concern, ContactPerson
from losen.demo import cases, staff, volunteers

pytestmark = pytest.mark.django_db


def test_cases_demo_has_every_state_and_is_idempotent(directory):
    staff.load()
    volunteers.load()
    cases.load()
    hk = Case.objects.filter(case_service__service__slug="hjelpekilden")
    assert hk.count() == 40
    states = {s: hk.filter(status=s).count() for s, _ in Case.STATUS_CHOICES}
    assert all(states.values()), states
    assert ContactPerson.objects.filter(volunteer__organisation__slug="hjelpekilden").count() == 12
    kinds = set(Concern.objects.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert kinds == {"worry", "suicide", "dependency"}
    assert hk.filter(status=Case.ACTIVE, assignments__volunteer__user__username="hk-frivillig").exists()
    cases.load()
    assert Case.objects.filter(case_service__service__slug="hjelpekilden").count() == 40
