from datetime import timedelta

import pytest
from django.utils import timezone

from losen.rota import actions, duty
from losen.rota.models import Assignment, ServiceRule
from losen.volunteers import actions as vactions, stages
from losen.volunteers.models import Declaration, Module, Requirement


@pytest.mark.django_db
def test_without_a_rota_everybody_may_go_on_duty(orgs, staff_of):
    decision = duty.check(staff_of("volunteer"), orgs["a"], "chat", timezone.now())
    assert decision.allowed and decision.reasons == ()


@pytest.mark.django_db
def test_training_gating_names_the_missing_modules(orgs, volunteer, coordinator):
    user = volunteer("kari")
    intro = Module.objects.create(organisation=orgs["a"], code="innforing", name="Innføringskurs 40 t", hours=40)
    chat = Module.objects.create(organisation=orgs["a"], code="chat", name="Chat: tre kvelder")
    for m in (intro, chat):
        Requirement.objects.create(organisation=orgs["a"], channel="chat", module=m)
    Requirement.objects.create(organisation=orgs["a"], channel="phone", module=intro)
    decision = duty.check(user, orgs["a"], "chat", timezone.now())
    assert not decision.allowed
    assert set(decision.missing_training) == {"Innføringskurs 40 t", "Chat: tre kvelder"}
    assert any("Chat: tre kvelder" in r for r in decision.reasons)
    vactions.record_completion(user, intro, timezone.localdate(), coordinator)
    assert duty.check(user, orgs["a"], "phone", timezone.now()).allowed
    assert duty.check(user, orgs["a"], "chat", timezone.now()).missing_training == ("Chat: tre kvelder",)
    vactions.record_completion(user, chat, timezone.localdate(), coordinator)
    assert duty.check(user, orgs["a"], "chat", timezone.now()).allowed


@pytest.mark.django_db
def test_stage_and_declarations_gate_duty(orgs, volunteer, coordinator):
    trainee = volunteer("trainee", stage=stages.TRAINING)
    decision = duty.check(trainee, orgs["a"], "chat", timezone.now())
    assert not decision.allowed and "I opplæring" in decision.reasons[0]
    user = volunteer("kari")
    d = vactions.publish_declaration(orgs["a"], Declaration.CONFIDENTIALITY, "Taushetserklæring", "Tekst", coordinator, True)
    assert duty.check(user, orgs["a"], "chat", timezone.now()).unsigned_declarations == ("Taushetserklæring",)
    vactions.sign(user, d)
    assert duty.check(user, orgs["a"], "chat", timezone.now()).allowed


@pytest.mark.django_db
def test_a_current_shift_counts_from_fifteen_minutes_before(orgs, volunteer, shift, leader):
    user = volunteer("kari")
    s = shift(starts_in=timedelta(days=1), leader_required=False)
    Assignment.objects.create(shift=s, user=user)
    assert not duty.check(user, orgs["a"], "chat", s.starts_at - timedelta(minutes=16)).allowed
    early = duty.check(user, orgs["a"], "chat", s.starts_at - timedelta(minutes=15))
    assert early.allowed and early.shift_id == s.pk
    assert duty.check(user, orgs["a"], "chat", s.ends_at - timedelta(minutes=1)).allowed
    after = duty.check(user, orgs["a"], "chat", s.ends_at)
    assert not after.allowed and after.needs_approval
    assert not duty.check(user, orgs["a"], "phone", s.starts_at).needs_approval  # no phone rota


@pytest.mark.django_db
def test_without_a_shift_the_shift_leader_must_approve(orgs, volunteer, shift, leader):
    user = volunteer("kari")
    shift()
    now = timezone.now()
    decision = duty.check(user, orgs["a"], "chat", now)
    assert not decision.allowed and decision.needs_approval and not decision.approval_pending
    approval = duty.request_approval(user, orgs["a"], "chat")
    assert duty.check(user, orgs["a"], "chat", now).approval_pending
    actions.decide_duty_approval(approval, leader, True, now=now)
    assert duty.check(user, orgs["a"], "chat", now + timedelta(minutes=1)).allowed
    assert not duty.check(user, orgs["a"], "chat", now + actions.APPROVAL_VALID + timedelta(minutes=1)).allowed
    assert duty.check(leader, orgs["a"], "chat", now).allowed  # leaders go on duty directly


@pytest.mark.django_db
def test_never_alone_no_chats_without_a_leader_on_duty(orgs, volunteer, shift, leader, service):
    ServiceRule.objects.create(organisation=orgs["a"], service=service, leader_required=True)
    user = volunteer("kari")
    s = shift(starts_in=timedelta(minutes=10))
    Assignment.objects.create(shift=s, user=user)
    decision = duty.check(user, orgs["a"], "chat", timezone.now(), service=service)
    assert not decision.allowed and decision.leader_required and decision.leader_present is False
    assert any("vaktleder" in r for r in decision.reasons)
    Assignment.objects.create(shift=s, user=leader, role=Assignment.LEADER)
    decision = duty.check(user, orgs["a"], "chat", timezone.now(), service=service)
    assert decision.allowed and decision.leader_present


@pytest.mark.django_db
def test_a_leader_on_a_phone_shift_of_the_service_counts_as_present(orgs, volunteer, shift, leader, service):
    ServiceRule.objects.create(organisation=orgs["a"], service=None, leader_required=True)
    user = volunteer("kari")
    Assignment.objects.create(shift=shift(starts_in=timedelta(minutes=-30)), user=user)
    Assignment.objects.create(shift=shift(starts_in=timedelta(minutes=-30), channel="phone"), user=leader, role=Assignment.LEADER)
    assert duty.check(user, orgs["a"], "chat", timezone.now(), service=service).allowed


@pytest.mark.django_db
def test_a_channel_record_with_a_service_is_accepted(orgs, volunteer, service):
    class ChannelRecord:  # like chat's ChatService: points at the directory service
        pass

    record = ChannelRecord()
    record.service = service
    ServiceRule.objects.create(organisation=orgs["a"], service=service, leader_required=True)
    decision = duty.check(volunteer("kari"), orgs["a"], "chat", timezone.now(), service=record)
    assert decision.leader_required and not decision.allowed
