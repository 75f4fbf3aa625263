"""Duty to avert (straffeloven § 196) and the two-person opening of a sealed address."""

from __future__ import annotations

from django.utils import timezone

from losen.audit.models import record
from losen.chat.engine import (
    NotAllowed,
    org_group,
    publish,
    unseal,
)
from losen.chat.models import Conversation, DutyToAvert


def raise_duty(conv: Conversation, user) -> DutyToAvert:
    org = conv.service.service.organisation
    d = DutyToAvert.objects.create(conversation=conv, organisation=org, raised_by=user)
    record(user, "duty_to_avert_raised", organisation=org, target=conv, duty=d.pk)
    publish(org_group(org.pk), {"type": "duty_to_avert", "conversation": conv.pk})
    return d


def confirm_duty(d: DutyToAvert, user, confirm: bool) -> None:
    now = timezone.now()
    state = DutyToAvert.CONFIRMED if confirm else DutyToAvert.REJECTED
    DutyToAvert.objects.filter(pk=d.pk, state=DutyToAvert.RAISED).update(state=state, confirmed_by=user, confirmed_at=now)
    record(user, "duty_to_avert_confirmed" if confirm else "duty_to_avert_rejected", organisation=d.organisation, target=d.conversation, duty=d.pk)


def release_duty(d: DutyToAvert, user) -> None:
    DutyToAvert.objects.filter(pk=d.pk, state=DutyToAvert.CONFIRMED).update(state=DutyToAvert.RELEASED, released_by=user, released_at=timezone.now())
    record(user, "duty_to_avert_released", organisation=d.organisation, target=d.conversation, duty=d.pk)


def request_open_sealed(d: DutyToAvert, user) -> None:
    DutyToAvert.objects.filter(pk=d.pk, state=DutyToAvert.CONFIRMED, open_requested_by__isnull=True).update(open_requested_by=user)
    record(user, "sealed_address_open_requested", organisation=d.organisation, target=d.conversation, duty=d.pk)


def approve_open_sealed(d: DutyToAvert, user) -> str | None:
    """The second person (a coordinator, not the requester) opens the sealed address."""
    d.refresh_from_db()
    if d.state != DutyToAvert.CONFIRMED or d.open_requested_by_id is None or d.open_requested_by_id == user.pk or d.conversation is None:
        raise NotAllowed("two different people must take part")
    DutyToAvert.objects.filter(pk=d.pk).update(open_approved_by=user)
    record(user, "sealed_address_opened", organisation=d.organisation, target=d.conversation, duty=d.pk, requested_by=d.open_requested_by_id)
    return unseal(d.conversation.sealed_address)
