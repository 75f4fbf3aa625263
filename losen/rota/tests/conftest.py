from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.conftest import make_staff
from losen.directory.models import Service
from losen.rota.models import Shift
from losen.volunteers import actions as vactions, stages


@pytest.fixture
def service(orgs):
    return Service.objects.create(slug="tjeneste-a", organisation=orgs["a"], document={"name": {"nb": "Tjeneste A"}})


@pytest.fixture
def coordinator(orgs):
    return make_staff("koordinator-a", roles.COORDINATOR, orgs["a"])


@pytest.fixture
def leader(orgs):
    return make_staff("vaktleder-a", roles.SHIFT_LEADER, orgs["a"])


@pytest.fixture
def volunteer(orgs, coordinator):
    """volunteer(name, stage=ACTIVE) -> User with a volunteer record in org-a."""

    def build(name, stage=stages.ACTIVE):
        v, _ = vactions.register_applicant(orgs["a"], name, name.title(), coordinator)
        for step in (stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE):
            if stages.ORDER.index(step) > stages.ORDER.index(stage):
                break
            vactions.move(v, step, coordinator)
        return v.user

    return build


@pytest.fixture
def shift(orgs, service):
    """shift(starts_in=timedelta, hours=3, channel="chat", min_responders=2, leader_required=True)."""

    def build(starts_in=timedelta(days=3), hours=3, channel="chat", min_responders=2, leader_required=True, at=None):
        starts = at or timezone.now().replace(second=0, microsecond=0) + starts_in
        return Shift.objects.create(
            organisation=orgs["a"], service=service, channel=channel, title="Kveldschat", starts_at=starts,
            ends_at=starts + timedelta(hours=hours), min_responders=min_responders, leader_required=leader_required,
        )

    return build


def local(y, m, d, h=18, minute=30):
    return datetime(y, m, d, h, minute, tzinfo=timezone.get_current_timezone())
