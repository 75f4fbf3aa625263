"""Messages and system lines: persisted once per client id, then published."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from losen.audit.models import record
from losen.chat.actions.contacts import _contact
from losen.chat.engine import (
    MAX_TEXT,
    STAFF_STATES,
    VISITOR_STATES,
    ChatClosed,
    NotAllowed,
    TooLong,
    conv_group,
    crisis,
    may_watch,
    message_event,
    notify_queue,
    org_group,
    publish,
)
from losen.chat.models import Conversation, Escalation, Message
from losen.stats.models import Contact

_PG_STORE = """
WITH bump AS (
  UPDATE chat_conversation SET last_seq = last_seq + 1
  WHERE id = %(cid)s AND state = ANY(%(states)s) AND (%(resp)s::bigint IS NULL OR responder_id = %(resp)s::bigint)
    AND NOT EXISTS (SELECT 1 FROM chat_message WHERE conversation_id = %(cid)s AND client_id = %(client)s)
  RETURNING last_seq
)
INSERT INTO chat_message (conversation_id, seq, sender, kind, author_id, text, client_id, created_at, redacted)
SELECT %(cid)s, bump.last_seq, %(sender)s, %(kind)s, %(author)s, %(text)s, %(client)s, %(now)s, false FROM bump
ON CONFLICT DO NOTHING
RETURNING seq
"""


def _validated(sender, text, client_id, states):
    """A message over MAX_TEXT is refused whole (TooLong), an empty one or one without a client
    id is refused (ValueError)."""
    text = text or ""
    if len(text) > MAX_TEXT:
        raise TooLong()
    client_id = (client_id or "")[:64]
    if not text.strip() or not client_id:
        raise ValueError("empty")
    if states is None:
        states = VISITOR_STATES if sender == Message.VISITOR else STAFF_STATES
    return text, client_id, states


def store_message(conversation_id: int, sender: str, text: str, client_id: str, author_id=None, kind=Message.TEXT, states=None, responder_id=None) -> tuple[dict, bool]:
    """Persist a message once per (conversation, client id). Returns (message, created).
    Raises ChatClosed if the conversation does not take messages now (or, with
    `responder_id`, if that person is no longer its responder)."""
    text, client_id, states = _validated(sender, text, client_id, states)
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(_PG_STORE, {"cid": conversation_id, "states": list(states), "client": client_id, "sender": sender, "kind": kind, "author": author_id, "text": text, "now": now, "resp": responder_id})
            row = cur.fetchone()
        if row:
            return {"conversation_id": conversation_id, "seq": row[0], "sender": sender, "kind": kind, "text": text, "client_id": client_id, "created_at": now, "redacted": False}, True
    else:
        try:
            with transaction.atomic():
                if not Message.objects.filter(conversation_id=conversation_id, client_id=client_id).exists():
                    target = Conversation.objects.filter(pk=conversation_id, state__in=states)
                    if responder_id is not None:
                        target = target.filter(responder_id=responder_id)
                    bumped = target.update(last_seq=F("last_seq") + 1)
                    if bumped:
                        seq = Conversation.objects.values_list("last_seq", flat=True).get(pk=conversation_id)
                        Message.objects.create(conversation_id=conversation_id, seq=seq, sender=sender, kind=kind, author_id=author_id, text=text, client_id=client_id, created_at=now)
                        return {"conversation_id": conversation_id, "seq": seq, "sender": sender, "kind": kind, "text": text, "client_id": client_id, "created_at": now, "redacted": False}, True
        except IntegrityError:
            pass
    existing = Message.objects.filter(conversation_id=conversation_id, client_id=client_id).values(
        "conversation_id", "seq", "sender", "kind", "text", "client_id", "created_at", "redacted"
    ).first()
    if existing:
        return existing, False
    raise ChatClosed()


def system_event(conversation_id: int, code: str, **extra) -> dict | None:
    """A fixed system line in the transcript (no free text), published to everyone."""

    try:
        m, _ = store_message(conversation_id, Message.SYSTEM, code, f"sys-{uuid.uuid4()}", kind=Message.EVENT, states=[s for s, _l in Conversation.STATES])
    except ChatClosed:
        return None
    event = message_event(m) | extra
    publish(conv_group(conversation_id), event)
    return event


def check_risk(conversation_id: int, text: str) -> bool:
    """Flag the conversation when the text has crisis language. Returns True if newly flagged."""
    result = crisis(text)
    if result is None or not result.crisis:
        return False
    return flag_risk(conversation_id, result)


def flag_risk(conversation_id: int, result) -> bool:
    reasons = [str(r) for r in (result.reasons or [])][:10]
    changed = Conversation.objects.filter(pk=conversation_id, risk=False).update(risk=True, risk_reasons=reasons)
    if changed:
        conv = Conversation.objects.select_related("service").get(pk=conversation_id)
        _contact(conv.contact_id, risk=Contact.Risk.ACUTE)
        if conv.state == Conversation.QUEUED:
            notify_queue(conv.service_id)
        publish(conv_group(conversation_id), {"type": "risk", "conversation": conversation_id, "reasons": reasons}, audience="staff")
        publish(org_group(conv.service.service.organisation_id), {"type": "risk", "conversation": conversation_id})
    return bool(changed)


def mark_risk_by_checklist(conv: Conversation) -> None:
    """The responder's risk checklist found a plan, preparations or means."""
    Conversation.objects.filter(pk=conv.pk).update(risk=True)
    _contact(conv.contact_id, risk=Contact.Risk.ACUTE)


def redact(message_pk: int, user) -> Message:
    msg = Message.objects.select_related("conversation__service__service").get(pk=message_pk)
    Message.objects.filter(pk=message_pk).update(text="", redacted=True)
    record(user, "chat_message_redacted", organisation=msg.conversation.service.service.organisation, target=msg.conversation, seq=msg.seq)
    publish(conv_group(msg.conversation_id), {"type": "redacted", "conversation": msg.conversation_id, "seq": msg.seq})
    return msg


def staff_store(user, org, roles, conv_id, text, client_id, note):
    conv = may_watch(user, org, roles, conv_id)
    if conv is None:
        raise NotAllowed()
    if conv.responder_id == user.pk:
        if note:
            raise NotAllowed()
        return store_message(conv.pk, Message.RESPONDER, text, client_id, author_id=user.pk)
    if note:
        return store_message(conv.pk, Message.LEADER, text, client_id, author_id=user.pk, kind=Message.NOTE)
    if not Escalation.objects.filter(conversation=conv, state=Escalation.JOINED, leader=user).exists():
        raise NotAllowed()
    return store_message(conv.pk, Message.LEADER, text, client_id, author_id=user.pk)
