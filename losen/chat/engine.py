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
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from losen.chat import lines, waits
from losen.chat import queue as rules
from losen.chat.models import (
    ChatService,
    Conversation,
    Duty,
    Message,
    Transfer,
)
from losen.stats.models import Contact

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


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception as exc:  # the write has happened; a lost event is healed by replay on reconnect
        log.error("chat event not sent: %s", type(exc).__name__)


def publish(group: str, event: dict, audience: str = "all", origin: str = "") -> None:
    """Send an event to a group from synchronous code (the actions), once the transaction that
    made the change has committed: nobody is told about a write that was rolled back."""
    message = {"type": "chat.event", "event": event, "audience": audience, "origin": origin}
    transaction.on_commit(lambda: _send(group, message))


def notify_queue(*service_ids) -> None:
    for sid in set(service_ids):
        message = {"type": "queue.changed", "service": sid}
        transaction.on_commit(lambda group=queue_group(sid), message=message: _send(group, message))


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
                "action": presenting.action(channel.doc, entry.doc.get("website")),
                "internal": internal,
            }
        )
    return rows


# --- the anonymous contact record (stats.Contact) ---------------------------------------------


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


def history(conversation_id: int, after: int = 0, staff: bool = False) -> list[dict]:
    qs = Message.objects.filter(conversation_id=conversation_id, seq__gt=after)
    if not staff:
        qs = qs.exclude(kind=Message.NOTE)
    rows = qs.order_by("seq").values("conversation_id", "seq", "sender", "kind", "text", "client_id", "created_at", "redacted")
    return [message_event(m) for m in rows]


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


# --- duty ------------------------------------------------------------------------------------


def services_of(organisation) -> list[ChatService]:
    return list(ChatService.objects.filter(service__organisation=organisation, enabled=True).select_related("service"))


def current_duty(user, organisation) -> Duty | None:
    return Duty.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).prefetch_related("services").first()


def leader_on_duty(organisation) -> bool:
    return Duty.objects.filter(organisation=organisation, ended_at__isnull=True, leader=True).exists()


def colleagues(organisation) -> list[Duty]:
    return list(Duty.objects.filter(organisation=organisation, ended_at__isnull=True).select_related("user").order_by("-leader", "started_at"))


def live_count(user) -> int:
    return Conversation.objects.filter(responder=user, state__in=Conversation.LIVE_STATES).count()


# --- leaving, ending -------------------------------------------------------------------------


FEEDBACK = {"helped": ["yes", "partly", "no"], "again": ["yes", "maybe", "no"]}


# --- escalation, transfer ----------------------------------------------------------------------


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


def offers_for(user, organisation) -> list[Transfer]:
    duty = current_duty(user, organisation)
    qs = Transfer.objects.filter(state=Transfer.OFFERED).select_related("from_service__service", "to_service__service", "from_user")
    q = Q(to_user=user)
    if duty is not None:
        q |= Q(to_user__isnull=True, to_service__in=duty.services.all())
    return list(qs.filter(q).exclude(from_user=user))


# --- duty to avert ---------------------------------------------------------------------------


# --- housekeeping: retention and timeouts (scheduler jobs, never visitors' requests) ---------


