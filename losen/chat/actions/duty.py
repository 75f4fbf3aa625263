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
from losen.chat.models import ChatService, Duty


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
    Duty.objects.filter(pk=duty.pk).update(ended_at=timezone.now())
    record(user, "chat_duty_off", organisation=organisation)
    publish(org_group(organisation.pk), {"type": "duty"})
    notify_queue(*[cs.pk for cs in duty.services.all()])
