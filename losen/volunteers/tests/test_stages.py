import pytest
from hypothesis import given, strategies as st

from losen.accounts import roles
from losen.accounts.models import Membership
from losen.audit.models import AuditEvent
from losen.volunteers import actions, stages
from losen.volunteers.models import StageChange


@given(st.sampled_from(stages.ORDER), st.sampled_from(stages.ORDER))
def test_moves_follow_the_table(current, target):
    if target in stages.TRANSITIONS[current]:
        stages.check_move(current, target)
    else:
        with pytest.raises(stages.StageError):
            stages.check_move(current, target)


def test_nothing_follows_ended_and_ending_is_always_possible():
    assert stages.next_steps(stages.ENDED) == []
    assert all(stages.ENDED in stages.TRANSITIONS[s] for s in stages.ORDER if s != stages.ENDED)


@pytest.mark.django_db
def test_each_step_is_recorded_with_date_and_who(make_volunteer, coordinator):
    v = make_volunteer("kari")
    changes = list(StageChange.objects.filter(volunteer=v))
    assert [c.to_stage for c in changes] == [stages.APPLICANT, stages.INTERVIEW, stages.TRAINING, stages.MENTORED, stages.ACTIVE]
    assert all(c.by == coordinator and c.at for c in changes)
    assert AuditEvent.objects.filter(action="volunteer_stage", target_id=str(v.pk)).count() == 4


@pytest.mark.django_db
def test_an_applicant_cannot_jump_to_active(make_volunteer, coordinator):
    v = make_volunteer("ola", stage=stages.APPLICANT)
    with pytest.raises(stages.StageError):
        actions.move(v, stages.ACTIVE, coordinator)
    v.refresh_from_db()
    assert v.stage == stages.APPLICANT


@pytest.mark.django_db
def test_access_comes_with_training_not_with_the_application(make_volunteer, coordinator):
    v = make_volunteer("per", stage=stages.INTERVIEW)
    assert not Membership.objects.filter(user=v.user, role=roles.VOLUNTEER).exists()
    actions.move(v, stages.TRAINING, coordinator)
    assert Membership.objects.filter(user=v.user, organisation=v.organisation, role=roles.VOLUNTEER).exists()


@pytest.mark.django_db
def test_pause_me(make_volunteer):
    v = make_volunteer("siri")
    actions.pause_self(v)
    v.refresh_from_db()
    assert v.stage == stages.PAUSED
    with pytest.raises(stages.StageError):
        actions.pause_self(v)  # already paused


@pytest.mark.django_db
def test_registering_an_existing_account_reuses_it(orgs, coordinator, staff_of):
    user = staff_of(roles.VOLUNTEER)
    v, temporary = actions.register_applicant(orgs["a"], user.username, "Navn", coordinator)
    assert v.user == user and temporary is None
    v2, temporary = actions.register_applicant(orgs["a"], "helt-ny", "Ny Person", coordinator)
    assert temporary and v2.user.must_change_password and v2.user.check_password(temporary)
