"""What happens to a chat, shared by the HTTP views, the WebSocket consumers and the jobs.

Synchronous functions over the database (call them with `database_sync_to_async` from the
consumers) plus `publish()`, which sends an event through the channel layer. The database is
the truth: the queue and each conversation's state are read from it, so any process may act.

Channel layer groups:
  chat.conv.<id>      everyone attached to one conversation (visitor and staff)
  chat.org.<id>       staff consoles of one organisation (duty, escalations, transfers)
  chat.user.<id>      one staff member (offers of a transfer to them)
  chat.queue.<id>     one listener per process per service: "the queue changed"
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from losen.audit.models import record
from losen.chat import lines
from losen.chat import queue as rules
from losen.chat import waits
from losen.stats.actions import record_contact, update_contact
from losen.stats.models import Contact
from losen.chat.models import (
    ChatService,
    Conversation,
    Duty,
    DutyToAvert,
    Escalation,
    Message,
    Transfer,
)

log = logging.getLogger("losen.chat")

MAX_TEXT = 4000
STALE_QUEUE_SECONDS = 180  # a queued visitor with no sign of life this long has left
IDLE_END_SECONDS = 6 * 60 * 60  # a live chat with no message this long is ended
HANDLING_SAMPLES = 50
FAIRNESS_WINDOW = timedelta(hours=2)
LEADER_ROLES = ("shift_leader", "coordinator")


class ChatClosed(Exception):
    """The conversation is not open for this."""


class NotAllowed(Exception):
    pass


TOO_LONG = _("Meldingen er for lang. Del den opp i flere meldinger på høyst %(limit_value)s tegn.")


class TooLong(ValueError):
    """A message over MAX_TEXT characters: refused whole, never cut."""


def too_long_text(language: str = "nb") -> str:
    from django.utils import translation

    with translation.override(language or "nb"):
        return str(TOO_LONG % {"limit_value": MAX_TEXT})


# --- channel layer -------------------------------------------------------------------------


def conv_group(conversation_id) -> str:
    return f"chat.conv.{conversation_id}"


def org_group(organisation_id) -> str:
    return f"chat.org.{organisation_id}"


def user_group(user_id) -> str:
    return f"chat.user.{user_id}"


def queue_group(service_id) -> str:
    return f"chat.queue.{service_id}"


def publish(group: str, event: dict, audience: str = "all", origin: str = "") -> None:
    """Send an event to a group from synchronous code (views, jobs)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, {"type": "chat.event", "event": event, "audience": audience, "origin": origin})


def notify_queue(*service_ids) -> None:
    layer = get_channel_layer()
    for sid in set(service_ids):
        async_to_sync(layer.group_send)(queue_group(sid), {"type": "queue.changed", "service": sid})


# --- services and opening --------------------------------------------------------------------


def chat_service(slug: str) -> ChatService | None:
    return ChatService.objects.select_related("service", "service__organisation").filter(service__slug=slug, enabled=True).first()


def on_duty(cs: ChatService):
    return Duty.objects.filter(services=cs, ended_at__isnull=True)


def chat_channel(cs: ChatService):
    from losen.directory import catalogue

    entry = catalogue.get(cs.service.slug)
    if entry is None:
        return entry, None
    return entry, next(iter(entry.channels_of("chat")), None)


@dataclass
class Opening:
    open: bool
    opens_at: datetime | None = None
    unknown: bool = False


def opening(cs: ChatService, at: datetime | None = None) -> Opening:
    at = at or timezone.now()
    if not cs.enabled:
        return Opening(False)
    if cs.hours == ChatService.HOURS_ALWAYS:
        return Opening(True)
    if cs.hours == ChatService.HOURS_STAFFED:
        return Opening(on_duty(cs).exists())
    _entry, channel = chat_channel(cs)
    if channel is None:
        return Opening(False)
    status = channel.schedule.status(at)
    if status.open is None:
        return Opening(False, unknown=True)
    return Opening(bool(status.open), status.opens_at)


def alternatives(cs: ChatService | None, at: datetime | None = None, limit: int = 5) -> list[dict]:
    """Chat and phone services open now for the same topics (excluding this one)."""
    from losen.directory import catalogue, presenting

    at = at or timezone.now()
    topics = set()
    exclude = None
    if cs is not None:
        exclude = cs.service.slug
        topics = set(cs.service.document.get("topics") or [])
    found = []
    for entry in catalogue.entries():
        if entry.slug == exclude:
            continue
        overlap = len(topics & set(entry.doc.get("topics") or [])) if topics else 0
        if topics and not overlap:
            continue
        for channel in entry.channels:
            if channel.kind not in ("chat", "phone"):
                continue
            if channel.schedule.status(at).open:
                found.append((-overlap, channel.kind != "chat", entry.slug, entry, channel))
                break
    found.sort(key=lambda row: row[:3])
    rows = []
    for _o, _k, slug, entry, channel in found[:limit]:
        internal = ChatService.objects.filter(service__slug=slug, enabled=True).exists() and channel.kind == "chat"
        rows.append(
            {
                "slug": slug,
                "name": presenting.text(entry.doc.get("name")),
                "kind": presenting.channel_name(channel.kind),
                "action": presenting.action(channel.doc),
                "internal": internal,
            }
        )
    return rows


# --- the anonymous contact record (stats.Contact) ---------------------------------------------


def _contact(contact_id, **fields) -> int:
    return update_contact(contact_id, **fields) if contact_id else 0


def _seconds(start, end) -> int:
    return max(0, int((end - start).total_seconds()))


# --- starting, the queue ----------------------------------------------------------------------

BANDS = {
    "age": ["under-13", "13-15", "16-18", "19-25", "26-35", "36-50", "51-66", "67+"],
    "gender": ["girl_woman", "boy_man", "other"],  # "Vil ikke svare" is the skip choice
    "county": [
        "agder", "akershus", "buskerud", "finnmark", "innlandet", "more-og-romsdal", "nordland", "oslo",
        "rogaland", "telemark", "troms", "trondelag", "vestfold", "vestland", "ostfold", "abroad",
    ],
    "before": ["yes", "no"],
}
QUESTIONS = ("age", "gender", "county", "before", "opening")


def clean_answers(cs: ChatService, raw: dict) -> dict:
    asked = set(cs.questions or [])
    return {k: raw[k] for k in BANDS if k in asked and raw.get(k) in BANDS[k]}


def _fernet():
    """The sealing key from settings (validated at start-up by `losen.config`), as a Fernet,
    or None if there is none or it is unusable: sealing never breaks a help seeker's start."""
    from django.conf import settings

    key = getattr(settings, "LOSEN_SEALED_CONNECTION_KEY", None)
    if not key:
        return None
    from cryptography.fernet import Fernet

    try:
        return Fernet(key if isinstance(key, bytes) else str(key).strip().encode())
    except (ValueError, TypeError):
        log.error("LOSEN_SEALED_CONNECTION_KEY is not a valid Fernet key; connection addresses are not sealed")
        return None


def seal(address: str | None) -> bytes | None:
    """Encrypt a connection address with the key kept outside the database."""
    fernet = _fernet() if address else None
    return fernet.encrypt(address.encode()) if fernet else None


def unseal(blob: bytes) -> str | None:
    fernet = _fernet() if blob else None
    if fernet is None:
        return None
    from cryptography.fernet import InvalidToken

    try:
        return fernet.decrypt(bytes(blob)).decode()
    except InvalidToken:
        return None


def crisis(text: str):
    """The navigator's crisis detector, if it is installed; None otherwise."""
    try:
        from losen.navigator.crisis import detect
    except Exception:  # absent or broken: the chat goes on, unflagged, and says so in the log
        log.warning("crisis detector unavailable; chats are not risk-flagged automatically")
        return None
    try:
        return detect(text)
    except Exception:  # never let the detector break a chat
        log.exception("crisis detector failed")
        return None


def start(cs: ChatService, answers: dict, language: str = "nb", opening_text: str = "", address: str | None = None) -> Conversation:
    answers = clean_answers(cs, answers)
    before = answers.get("before")
    first_time = None if before is None else before == "no"
    now = timezone.now()
    with transaction.atomic():
        contact = record_contact(
            organisation=cs.service.organisation, service=cs.service, channel=Contact.Channel.CHAT, received_at=now,
            first_contact=first_time, age_band=answers.get("age", ""), gender=answers.get("gender", ""), county=answers.get("county", ""),
        )
        conv = Conversation.objects.create(
            service=cs, answers=answers, first_time=first_time, language=language[:8], queued_at=now, last_seen=now,
            sealed_address=seal(address) if cs.sealed_connection_retention else None, contact=contact,
        )
    opening_text = (opening_text or "").strip()[:MAX_TEXT]
    if opening_text and "opening" in (cs.questions or []):
        store_message(conv.pk, Message.VISITOR, opening_text, "opening")
        check_risk(conv.pk, opening_text)
    notify_queue(cs.pk)
    return Conversation.objects.get(pk=conv.pk)


def waiting_items(service_ids) -> list[rules.Waiting]:
    rows = Conversation.objects.filter(state=Conversation.QUEUED, service_id__in=list(service_ids)).values_list(
        "id", "service_id", "queued_at", "risk", "first_time", "manual_rank"
    )
    return [rules.Waiting(i, s, q.timestamp(), r, f, m) for i, s, q, r, f, m in rows]


def capacity_of(cs: ChatService) -> dict:
    duties = list(on_duty(cs).values("user_id", "capacity"))
    users = [d["user_id"] for d in duties]
    busy = dict(
        Conversation.objects.filter(responder_id__in=users, state__in=Conversation.LIVE_STATES)
        .values_list("responder_id")
        .annotate(n=Count("id"))
        .values_list("responder_id", "n")
    )
    capacity = sum(d["capacity"] for d in duties)
    free = sum(max(0, d["capacity"] - busy.get(d["user_id"], 0)) for d in duties)
    return {"on_duty": len(duties), "capacity": capacity, "free": free}


def handling_times(cs: ChatService) -> list[float]:
    since = timezone.now() - timedelta(days=14)
    rows = (
        Contact.objects.filter(service_id=cs.service_id, channel=Contact.Channel.CHAT, outcome=Contact.Outcome.ANSWERED, handle_seconds__isnull=False, received_hour__gte=since)
        .order_by("-received_hour", "-id")
        .values_list("handle_seconds", flat=True)[:HANDLING_SAMPLES]
    )
    return [float(h) for h in rows]


def estimate_dict(e: waits.Estimate) -> dict:
    low, high = e.minutes()
    return {"known": e.known, "low_minutes": low, "high_minutes": high, "capped": e.capped}


def queue_snapshot(service_id: int) -> dict:
    """Size, longest wait and every queued chat's place and estimate for one service."""
    cs = ChatService.objects.select_related("service").get(pk=service_id)
    items = rules.order(waiting_items([service_id]))
    now = timezone.now().timestamp()
    cap = capacity_of(cs)
    handling = handling_times(cs)
    positions = {}
    for place, item in enumerate(items, start=1):
        e = waits.estimate(place, cap["on_duty"], cap["free"], cap["capacity"], handling)
        positions[item.id] = {"position": place, "estimate": estimate_dict(e)}
    longest = max((rules.waited_seconds(i.queued_at, now) for i in items), default=0)
    return {"service": service_id, "slug": cs.service.slug, "size": len(items), "longest_seconds": longest, "positions": positions, **cap}


def touch(conversation_ids) -> None:
    Conversation.objects.filter(pk__in=list(conversation_ids), state=Conversation.QUEUED).update(last_seen=timezone.now())


# --- messages --------------------------------------------------------------------------------


def message_event(m) -> dict:
    return {
        "type": "msg",
        "conversation": m["conversation_id"],
        "seq": m["seq"],
        "sender": m["sender"],
        "kind": m["kind"],
        "text": "" if m["redacted"] else m["text"],
        "label": lines.visitor_line(m["text"]) if m["kind"] == Message.EVENT else None,
        "staff_label": lines.staff_line(m["text"]) if m["kind"] == Message.EVENT else None,
        "redacted": m["redacted"],
        "client_id": m["client_id"],
        "at": m["created_at"].isoformat() if hasattr(m["created_at"], "isoformat") else m["created_at"],
    }


VISITOR_STATES = (Conversation.QUEUED, Conversation.ACTIVE, Conversation.TRANSFERRED)
STAFF_STATES = (Conversation.ACTIVE, Conversation.TRANSFERRED)

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


def store_message(conversation_id: int, sender: str, text: str, client_id: str, author_id=None, kind=Message.TEXT, states=None, responder_id=None) -> tuple[dict, bool]:
    """Persist a message once per (conversation, client id). Returns (message, created).
    Raises ChatClosed if the conversation does not take messages now (or, with
    `responder_id`, if that person is no longer its responder)."""
    text = text or ""
    if len(text) > MAX_TEXT:
        raise TooLong()
    client_id = (client_id or "")[:64]
    if not text.strip() or not client_id:
        raise ValueError("empty")
    if states is None:
        states = VISITOR_STATES if sender == Message.VISITOR else STAFF_STATES
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
    import uuid

    try:
        m, _ = store_message(conversation_id, Message.SYSTEM, code, f"sys-{uuid.uuid4()}", kind=Message.EVENT, states=[s for s, _l in Conversation.STATES])
    except ChatClosed:
        return None
    event = message_event(m) | extra
    publish(conv_group(conversation_id), event)
    return event


def history(conversation_id: int, after: int = 0, staff: bool = False) -> list[dict]:
    qs = Message.objects.filter(conversation_id=conversation_id, seq__gt=after)
    if not staff:
        qs = qs.exclude(kind=Message.NOTE)
    rows = qs.order_by("seq").values("conversation_id", "seq", "sender", "kind", "text", "client_id", "created_at", "redacted")
    return [message_event(m) for m in rows]


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


def may_watch(user, org, roles, conv_id):
    """A responder their own chat; a shift leader or coordinator any live chat of the organisation."""
    conv = Conversation.objects.select_related("service__service").filter(pk=conv_id, service__service__organisation=org).first()
    if conv is None:
        return None
    if conv.responder_id == user.pk:
        return conv
    if roles & {"shift_leader", "coordinator"}:
        return conv
    return None


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


# --- duty ------------------------------------------------------------------------------------


def services_of(organisation) -> list[ChatService]:
    return list(ChatService.objects.filter(service__organisation=organisation, enabled=True).select_related("service"))


def current_duty(user, organisation) -> Duty | None:
    return Duty.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).prefetch_related("services").first()


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


def leader_on_duty(organisation) -> bool:
    return Duty.objects.filter(organisation=organisation, ended_at__isnull=True, leader=True).exists()


def colleagues(organisation) -> list[Duty]:
    return list(Duty.objects.filter(organisation=organisation, ended_at__isnull=True).select_related("user").order_by("-leader", "started_at"))


def live_count(user) -> int:
    return Conversation.objects.filter(responder=user, state__in=Conversation.LIVE_STATES).count()


def take_next(user, organisation) -> Conversation | None:
    """Give the responder the next chat by the queue's rules, if they have a free slot."""
    duty = current_duty(user, organisation)
    if duty is None:
        raise NotAllowed("not on duty")
    services = list(duty.services.all())
    if not services:
        return None
    for _attempt in range(5):
        if live_count(user) >= duty.capacity:
            return None
        items = waiting_items([cs.pk for cs in services])
        if not items:
            return None
        since = timezone.now() - FAIRNESS_WINDOW
        served = dict(
            Conversation.objects.filter(service__in=services, answered_at__gte=since)
            .values_list("service_id")
            .annotate(n=Count("id"))
            .values_list("service_id", "n")
        )
        weights = {cs.pk: cs.weight for cs in services}
        choice = rules.pick_next(items, weights.keys(), weights, served)
        if choice is None:
            return None
        now = timezone.now()
        taken = Conversation.objects.filter(pk=choice.id, state=Conversation.QUEUED).update(
            state=Conversation.ACTIVE, responder=user, answered_at=now
        )
        if taken:
            conv = Conversation.objects.select_related("service__service__organisation").get(pk=choice.id)
            _contact(conv.contact_id, outcome=Contact.Outcome.ANSWERED, wait_seconds=_seconds(conv.queued_at, now))
            record(user, "chat_taken", organisation=organisation, target=conv)
            system_event(conv.pk, "answered", state=Conversation.ACTIVE)
            notify_queue(conv.service_id)
            return conv
    return None


# --- leaving, ending -------------------------------------------------------------------------


def abandon(conv: Conversation, by: str = "visitor") -> bool:
    now = timezone.now()
    changed = Conversation.objects.filter(pk=conv.pk, state=Conversation.QUEUED).update(state=Conversation.ABANDONED, ended_at=now, ended_by=by)
    if changed:
        _contact(conv.contact_id, outcome=Contact.Outcome.ABANDONED_QUEUE, wait_seconds=_seconds(conv.queued_at, now))
        notify_queue(conv.service_id)
        publish(conv_group(conv.pk), {"type": "state", "state": Conversation.ABANDONED})
    return bool(changed)


def end(conv: Conversation, by: str) -> bool:
    if conv.state == Conversation.QUEUED:
        return abandon(conv, by)
    now = timezone.now()
    changed = Conversation.objects.filter(pk=conv.pk, state__in=Conversation.LIVE_STATES).update(state=Conversation.ENDED, ended_at=now, ended_by=by)
    if changed:
        Transfer.objects.filter(conversation=conv, state__in=Transfer.PENDING).update(state=Transfer.REFUSED, decided_at=now)
        Escalation.objects.filter(conversation=conv, kind=Escalation.ESCALATION).exclude(state=Escalation.CLOSED).update(state=Escalation.CLOSED, closed_at=now)
        conv.refresh_from_db()
        _contact(conv.contact_id, handle_seconds=_seconds(conv.answered_at, now) if conv.answered_at else None, transfers=conv.transfers, escalations=conv.escalations)
        system_event(conv.pk, f"ended_by_{by}", state=Conversation.ENDED)
        publish(org_group(conv.service.service.organisation_id), {"type": "mine"})
    return bool(changed)


def wrap_up(conv: Conversation, user, topics, referrals, outcome) -> None:
    from losen.directory import taxonomy
    from losen.directory.models import Service

    topics = [t for t in topics if t in taxonomy.CODES]
    referrals = list(Service.objects.filter(slug__in=list(referrals)).values_list("slug", flat=True))
    _contact(conv.contact_id, topics=topics, referrals=referrals, wrap_up=(outcome or "")[:24])
    record(user, "chat_wrapped_up", organisation=conv.service.service.organisation, target=conv)


FEEDBACK = {"helped": ["yes", "partly", "no"], "again": ["yes", "maybe", "no"]}


def feedback(conv: Conversation, raw: dict) -> bool:
    if not conv.service.feedback_enabled or conv.state != Conversation.ENDED:
        return False
    answers = {k: raw.get(k) for k in FEEDBACK if raw.get(k) in FEEDBACK[k]}
    if not answers:
        return False
    if conv.contact_id is None or Contact.objects.filter(pk=conv.contact_id).exclude(feedback={}).exists():
        return False
    return bool(_contact(conv.contact_id, feedback=answers))


# --- escalation, transfer ----------------------------------------------------------------------


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


def transfer_targets(conv: Conversation, user) -> dict:
    """Colleagues on duty with a free slot, and other services whose chat is open and staffed."""
    org = conv.service.service.organisation
    people = []
    for duty in colleagues(org):
        if duty.user_id == user.pk:
            continue
        if live_count(duty.user) < duty.capacity and duty.services.filter(pk=conv.service_id).exists():
            people.append(duty.user)
    services = []
    for cs in ChatService.objects.filter(enabled=True).exclude(pk=conv.service_id).select_related("service"):
        if opening(cs).open and on_duty(cs).exists():
            services.append(cs)
    return {"people": people, "services": services}


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


def offers_for(user, organisation) -> list[Transfer]:
    duty = current_duty(user, organisation)
    qs = Transfer.objects.filter(state=Transfer.OFFERED).select_related("from_service__service", "to_service__service", "from_user")
    q = Q(to_user=user)
    if duty is not None:
        q |= Q(to_user__isnull=True, to_service__in=duty.services.all())
    return list(qs.filter(q).exclude(from_user=user))


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


# --- duty to avert ---------------------------------------------------------------------------


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


# --- housekeeping: retention and timeouts (scheduler jobs, never visitors' requests) ---------

CHAT_TABLES = ("chat_message", "chat_transfer", "chat_conversation")


def end_stale(now=None) -> dict:
    """Queued chats whose page or socket went quiet are abandoned; live chats silent for
    IDLE_END_SECONDS are ended. The scheduler runs this every 15 seconds."""
    now = now or timezone.now()
    counts = {"abandoned": 0, "ended": 0}
    stale = now - timedelta(seconds=STALE_QUEUE_SECONDS)
    for conv in Conversation.objects.filter(state=Conversation.QUEUED, last_seen__lt=stale):
        counts["abandoned"] += abandon(conv, by="system")
    idle = now - timedelta(seconds=IDLE_END_SECONDS)
    for conv in Conversation.objects.filter(state__in=Conversation.LIVE_STATES, last_seen__lt=idle).select_related("service__service"):
        if not Message.objects.filter(conversation=conv, created_at__gte=idle).exists():
            counts["ended"] += end(conv, by="system")
    return counts


def purge(now=None) -> dict:
    """Delete transcripts past their service's retention period unless held by duty to avert.
    The contact records stay (they hold nothing from the text). On PostgreSQL the chat tables
    are vacuumed afterwards, so the deleted text does not linger in the heap files as dead
    rows (the volume must still be encrypted at rest: WAL and backups hold it for a while)."""
    now = now or timezone.now()
    counts = {"deleted": 0, "held": 0}
    held = set(DutyToAvert.objects.filter(state__in=DutyToAvert.HOLDING, conversation__isnull=False).values_list("conversation_id", flat=True))
    doomed = []
    for conv_id, ended_at, hours in Conversation.objects.filter(state__in=(Conversation.ENDED, Conversation.ABANDONED)).values_list(
        "id", "ended_at", "service__retention_hours"
    ):
        if ended_at is None or ended_at + timedelta(hours=hours) > now:
            continue
        if conv_id in held:
            counts["held"] += 1
            continue
        doomed.append(conv_id)
    for start in range(0, len(doomed), 500):
        chunk = doomed[start : start + 500]
        with transaction.atomic():
            Message.objects.filter(conversation_id__in=chunk).delete()
            Transfer.objects.filter(conversation_id__in=chunk).delete()
            Conversation.objects.filter(pk__in=chunk).delete()
    counts["deleted"] = len(doomed)
    if doomed:
        log.info("chat retention: deleted %d transcripts", len(doomed))
        counts["vacuumed"] = vacuum()
    return counts


def vacuum() -> bool:
    """Rewrite the chat tables on PostgreSQL after a purge, outside any transaction.

    A plain VACUUM marks the dead rows' space free but leaves their bytes in the page until
    something overwrites them (a test reads the heap file to prove it), so the tables holding
    text (messages, handover summaries) get `VACUUM FULL`, which writes a fresh file. It holds
    an exclusive lock while it runs, bounded by a short lock_timeout: if live chats keep the
    table busy, a plain VACUUM runs now and the next purge tries again. SQLite needs nothing:
    it runs with secure_delete, which overwrites deleted rows."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cur:
        cur.execute("SET lock_timeout = '2s'")
        try:
            cur.execute("VACUUM FULL chat_message, chat_transfer")
            full = True
        except DatabaseError:
            log.warning("chat retention: VACUUM FULL could not get its lock; plain VACUUM instead")
            full = False
        finally:
            cur.execute("RESET lock_timeout")
        cur.execute("VACUUM " + ", ".join(CHAT_TABLES))
    return full


def housekeeping(now=None) -> dict:
    """Everything periodic at once, for `losen purge_chats` from cron."""
    now = now or timezone.now()
    return {"transfers_returned": expire_transfers(now), **end_stale(now), **purge(now)}
