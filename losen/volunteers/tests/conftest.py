import pytest

from losen.accounts import roles
from losen.conftest import make_staff
from losen.volunteers import actions, stages


@pytest.fixture
def coordinator(orgs):
    return make_staff("koordinator-a", roles.COORDINATOR, orgs["a"])


@pytest.fixture
def make_volunteer(orgs, coordinator):
    """make_volunteer(name, stage=ACTIVE, org_key="a") -> Volunteer moved through the stages."""

    def build(name, stage=stages.ACTIVE, org_key="a"):
        org = orgs[org_key]
        volunteer, _ = actions.register_applicant(org, name, name.title(), coordinator)
        path = [stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE]
        if stage == stages.PAUSED:
            path = path + [stages.PAUSED]
        elif stage == stages.ENDED:
            path = [stages.ENDED]
        else:
            path = path[: path.index(stage) + 1] if stage in path else []
        for step in path:
            actions.move(volunteer, step, coordinator)
        volunteer.refresh_from_db()
        return volunteer

    return build
