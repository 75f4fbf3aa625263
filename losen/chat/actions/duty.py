"""Going on and off chat duty."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from losen.audit.models import record
from losen.chat.engine import (
    current_duty,
    notify_queue,
    org_group,
    publish,
)
from losen.chat.models import ChatService, Duty, DutyRequest
from losen.rota import duty as rota
from losen.rota.signals import went_off_duty


def go_on_duty(user, organisation, services: list[ChatService], leader: bool = False) -> Duty:
    with transaction.atomic():
        Duty.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).update(ended_at=timezone.now())
        capacity = max([cs.max_concurrent for cs in services] or [1])
        duty = Duty.objects.create(user=user, organisation=organisation, leader=leader, capacity=capacity)
        duty.services.set(services)
    record(user, "chat_duty_on", organisation=organisation, leader=leader, services=[cs.slug for cs in services])
    publish(org_group(organisation.pk), {"type": "duty"})
    notify_queue(*[cs.pk for cs in services])
    return duty


def go_off_duty(user, organisation) -> None:
    duty = current_duty(user, organisation)
    if duty is None:
        return
    ended = timezone.now()
    Duty.objects.filter(pk=duty.pk).update(ended_at=ended)
    record(user, "chat_duty_off", organisation=organisation)
    publish(org_group(organisation.pk), {"type": "duty"})
    notify_queue(*[cs.pk for cs in duty.services.all()])
    transaction.on_commit(
        lambda: went_off_duty.send(sender="chat", user=user, organisation=organisation, channel="chat", started_at=duty.started_at, ended_at=ended)
    )


def ask_for_duty(user, organisation, services: list[ChatService], leader: bool = False):
    """Going on duty as rota decides: directly, after a shift leader's approval, or not at all.
    Returns (decision, Duty or None, DutyRequest or None)."""
    decision = rota.check(user, organisation, "chat", timezone.now())
    if decision.allowed:
        return decision, go_on_duty(user, organisation, services, leader=leader), None
    if decision.needs_approval:
        request = DutyRequest.objects.filter(user=user, organisation=organisation, state=DutyRequest.WAITING).first()
        if request is None:
            request = DutyRequest.objects.create(user=user, organisation=organisation, leader=leader)
            request.services.set(services)
            record(user, "chat_duty_requested", organisation=organisation)
            publish(org_group(organisation.pk), {"type": "duty"})
        return decision, None, request
    record(user, "chat_duty_refused_by_rota", organisation=organisation, reasons=list(decision.reasons), missing=list(decision.missing_training))
    return decision, None, None


def decide_duty_request(request: DutyRequest, leader_user, approve: bool) -> Duty | None:
    """A shift leader on duty approves (the person goes on duty) or refuses a request."""
    state = DutyRequest.APPROVED if approve else DutyRequest.REFUSED
    done = DutyRequest.objects.filter(pk=request.pk, state=DutyRequest.WAITING).update(state=state, decided_by=leader_user, decided_at=timezone.now())
    if not done:
        return None
    record(leader_user, "chat_duty_request_approved" if approve else "chat_duty_request_refused", organisation=request.organisation, target=request.user)
    publish(org_group(request.organisation_id), {"type": "duty"})
    if approve:
        return go_on_duty(request.user, request.organisation, list(request.services.all()), leader=request.leader)
    return None
