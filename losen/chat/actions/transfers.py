"""Asking the shift leader for help, and warm transfers with the visitor's consent."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from losen.audit.models import record
from losen.chat.actions.contacts import _contact
from losen.chat.actions.messages import system_event
from losen.chat.engine import (
    NotAllowed,
    current_duty,
    live_count,
    org_group,
    publish,
    user_group,
)
from losen.chat.models import ChatService, Conversation, Escalation, Transfer
from losen.stats.models import Contact


def escalate(conv: Conversation, user, kind=Escalation.ESCALATION) -> Escalation:
    org = conv.service.service.organisation
    esc = Escalation.objects.create(conversation=conv, organisation=org, kind=kind, raised_by=user)
    if kind == Escalation.ESCALATION:
        Conversation.objects.filter(pk=conv.pk).update(escalations=F("escalations") + 1)
        _contact(conv.contact_id, escalations=F("escalations") + 1)
    record(user, "chat_escalated" if kind == Escalation.ESCALATION else "chat_debrief_requested", organisation=org, target=conv)
    publish(org_group(org.pk), {"type": "escalation", "conversation": conv.pk, "kind": kind})
    return esc


def leader_join(conv: Conversation, user) -> None:
    org = conv.service.service.organisation
    Escalation.objects.filter(conversation=conv, kind=Escalation.ESCALATION, state=Escalation.OPEN).update(state=Escalation.JOINED, leader=user)
    record(user, "chat_leader_joined", organisation=org, target=conv)
    system_event(conv.pk, "leader_joined")


def propose_transfer(conv: Conversation, user, summary: str, to_user=None, to_service: ChatService | None = None) -> Transfer:
    conv.refresh_from_db()
    if conv.state != Conversation.ACTIVE or conv.responder_id != user.pk:
        raise NotAllowed("not your active chat")
    if Transfer.objects.filter(conversation=conv, state__in=Transfer.PENDING).exists():
        raise NotAllowed("a transfer is already under way")
    target_service = to_service or conv.service
    t = Transfer.objects.create(
        conversation=conv, from_user=user, from_service=conv.service, to_user=to_user, to_service=target_service, summary=(summary or "")[:2000]
    )
    record(user, "chat_transfer_proposed", organisation=conv.service.service.organisation, target=conv, to_service=target_service.slug, to_user=to_user.pk if to_user else None)
    system_event(conv.pk, "transfer_consent", transfer=t.pk, to=target_service.service.name(conv.language) if to_service else "")
    return t


def visitor_consent(conv: Conversation, transfer_id: int, yes: bool) -> Transfer | None:
    t = Transfer.objects.select_related("to_service__service", "to_user").filter(pk=transfer_id, conversation=conv, state=Transfer.AWAITING_CONSENT).first()
    if t is None:
        return None
    now = timezone.now()
    if not yes:
        Transfer.objects.filter(pk=t.pk).update(state=Transfer.DECLINED, decided_at=now)
        system_event(conv.pk, "transfer_declined")
        return t
    Transfer.objects.filter(pk=t.pk).update(state=Transfer.OFFERED, offered_at=now)
    Conversation.objects.filter(pk=conv.pk, state=Conversation.ACTIVE).update(state=Conversation.TRANSFERRED)
    system_event(conv.pk, "transfer_waiting", state=Conversation.TRANSFERRED)
    event = {"type": "transfer_offer", "transfer": t.pk, "conversation": conv.pk}
    if t.to_user_id:
        publish(user_group(t.to_user_id), event)
    else:
        publish(org_group(t.to_service.service.organisation_id), event)
    return t


def answer_transfer(t: Transfer, user, accept: bool) -> bool:
    """The receiver accepts (the chat moves to them) or refuses (it returns to the sender)."""
    now = timezone.now()
    conv = t.conversation
    if accept:
        duty = current_duty(user, t.to_service.service.organisation)
        if duty is None or live_count(user) >= duty.capacity:
            raise NotAllowed("no free slot")
        with transaction.atomic():
            done = Transfer.objects.filter(pk=t.pk, state=Transfer.OFFERED).update(state=Transfer.ACCEPTED, decided_at=now, decided_by=user)
            if not done:
                return False
            Conversation.objects.filter(pk=conv.pk).update(
                state=Conversation.ACTIVE, responder=user, service=t.to_service, transfers=F("transfers") + 1
            )
            contact = Contact.objects.filter(pk=conv.contact_id).values("transfers", "transferred_to").first()
            if contact:
                to = contact["transferred_to"]
                if t.to_service_id != t.from_service_id:
                    to = [*to, t.to_service.service.slug]
                _contact(conv.contact_id, transfers=contact["transfers"] + 1, transferred_to=to)
        record(user, "chat_transfer_accepted", organisation=t.to_service.service.organisation, target=conv, from_service=t.from_service.slug)
        system_event(conv.pk, "transfer_done", state=Conversation.ACTIVE, responder=user.pk, moved_to=t.to_service.service.name(), from_user=t.from_user_id)
        publish(user_group(t.from_user_id), {"type": "transfer_answer", "conversation": conv.pk, "accepted": True})
        return True
    return return_transfer(t, Transfer.REFUSED, user)


def return_transfer(t: Transfer, state: str, user=None) -> bool:
    now = timezone.now()
    done = Transfer.objects.filter(pk=t.pk, state__in=Transfer.PENDING).update(state=state, decided_at=now, decided_by=user)
    if not done:
        return False
    Conversation.objects.filter(pk=t.conversation_id, state=Conversation.TRANSFERRED).update(state=Conversation.ACTIVE)
    if user is not None:
        record(user, "chat_transfer_refused", organisation=t.to_service.service.organisation, target=t.conversation)
    system_event(t.conversation_id, "transfer_returned", state=Conversation.ACTIVE)
    publish(user_group(t.from_user_id), {"type": "transfer_answer", "conversation": t.conversation_id, "accepted": False})
    return True


def expire_transfers(now=None) -> int:
    now = now or timezone.now()
    n = 0
    for t in Transfer.objects.filter(state__in=Transfer.PENDING).select_related("from_service", "to_service__service", "conversation"):
        if (now - t.created_at).total_seconds() >= t.from_service.transfer_timeout_seconds:
            n += return_transfer(t, Transfer.TIMED_OUT)
    return n
