"""Default-deny on every staff page and every case action of the cases app: who may use it, and
what the wrong role, the wrong organisation, an unassigned volunteer, a volunteer moved off the
case and someone not signed in get. A refused write changes nothing."""

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.cases import actions
from losen.cases.models import Assignment, Case, Concern, Message
from losen.conftest import make_staff

pytestmark = pytest.mark.django_db

DATA = {"first_name": "Ingrid", "forms": ["chat"], "times": ["evening"], "language": "nb", "need": "x", "consent": True}

# page -> the roles of the case's own organisation that may open it
PAGES = {
    "": {roles.COORDINATOR, roles.SERVICE_ADMIN},  # the daily leader's desk
    "ny/": {roles.COORDINATOR, roles.SERVICE_ADMIN},
    "henvendelser/": {roles.COORDINATOR, roles.SERVICE_ADMIN},
    "undersokelse/": {roles.COORDINATOR, roles.SERVICE_ADMIN, roles.STATISTICS_READER},
    "innstillinger/": {roles.SERVICE_ADMIN},
    "henvisninger/": {roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN},
}
ROLES = [roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN, roles.STATISTICS_READER]


@pytest.fixture
def case(hk):
    c, _ = actions.intake(hk["cs"], DATA)
    actions.approve(c, hk["per"].pk, hk["leader"])
    actions.agree_framework(c, forms=["chat"], frequency="weekly", times=["evening"], review_on=timezone.now().date(), actor=hk["leader"])
    return c


@pytest.mark.parametrize("page", sorted(PAGES))
def test_staff_pages_by_role_and_organisation(hk, as_user, orgs, client, page):
    org = hk["org"]
    url = f"/oppfolging/org/{org.slug}/{page}"
    for role in ROLES:
        status = as_user(make_staff(f"{role}-hk", role, org)).get(url).status_code
        assert status == (200 if role in PAGES[page] else 403), (role, status)
        # the same role in another organisation never reaches this one's page
        assert as_user(make_staff(f"{role}-b", role, orgs["b"])).get(url).status_code == 403, role
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/staff/logg-inn/")


def test_case_page_by_role_organisation_and_assignment(hk, case, as_user, orgs, client):
    url = f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/"
    assert as_user(hk["per"].user).get(url).status_code == 200  # assigned
    assert as_user(hk["leader"]).get(url).status_code == 200  # the daily leader
    assert as_user(hk["anne"].user).get(url).status_code == 404  # a volunteer of the service, not on this case
    for role in (roles.SHIFT_LEADER, roles.VOLUNTEER):
        assert as_user(make_staff(f"{role}-hk", role, hk["org"])).get(url).status_code == 404, role
    assert as_user(make_staff("stats-hk", roles.STATISTICS_READER, hk["org"])).get(url).status_code == 403
    assert as_user(make_staff("coord-b", roles.COORDINATOR, orgs["b"])).get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_assigned_volunteer_cannot_do_the_leaders_actions(hk, case, as_user):
    concern = actions.raise_concern(case, Concern.WORRY, hk["per"].user)
    leaders_actions = {
        "approve": {"volunteer": hk["anne"].pk},
        "exclude": {"excluded": [hk["anne"].pk]},
        "resolve": {"concern": concern.pk},
        "assign": {"mode": "second", "volunteer": hk["anne"].pk},
        "close": {"reason": "goal"},
        "new_code": {},
    }
    per = as_user(hk["per"].user)
    url = f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/"
    for action, data in leaders_actions.items():
        assert per.post(url, {"action": action, **data}).status_code == 403, action
    case.refresh_from_db()
    concern.refresh_from_db()
    assert case.status == Case.ACTIVE and concern.resolved_at is None
    assert list(case.assignments.values_list("volunteer_id", flat=True)) == [hk["per"].pk]


def test_only_an_assigned_contact_person_writes_in_the_channel(hk, case, as_user):
    url = f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/"
    # the daily leader sees the channel but does not write in it as the contact person
    assert as_user(hk["leader"]).post(url, {"action": "message", "body": "fra leder"}).status_code == 403
    assert as_user(hk["anne"].user).post(url, {"action": "message", "body": "fra Anne"}).status_code == 404
    assert not Message.objects.exists()
    assert as_user(hk["per"].user).post(url, {"action": "message", "body": "fra Per"}).status_code == 302
    assert list(Message.objects.values_list("body", flat=True)) == ["fra Per"]


def test_moved_off_the_case_means_out_of_it(hk, case, as_user):
    actions.move(case, hk["anne"].pk, hk["leader"], "overlevering")
    url = f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/"
    per = as_user(hk["per"].user)
    assert per.get(url).status_code == 404
    assert per.post(url, {"action": "message", "body": "etter flytting"}).status_code == 404
    assert case.ref not in per.get("/oppfolging/mine-saker/").content.decode()
    anne = as_user(hk["anne"].user)
    assert anne.get(url).status_code == 200 and "overlevering" in anne.get(url).content.decode()
    assert not Message.objects.exists()
    assert Assignment.objects.get(case=case, ended_at__isnull=True).volunteer == hk["anne"]
