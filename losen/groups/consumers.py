"""The online text room, live over the Channels layer (one group per session, `groups.room.<id>`).

Participant socket: ws/grupper/rom/<session>/<token>/ (the page token; nothing else identifies them).
Leader socket:      ws/grupper/leder/<session>/ (staff session with a verified second factor,
                    and assigned as a leader of that session).

Frames in (JSON):
  {"type": "hello", "last_seq": N}                      replay what this reader may see after N
  {"type": "msg", "client_id": "...", "text": "..."}    persisted first, then acknowledged
  {"type": "side_open"}                                  participant: "jeg trenger å snakke med en leder"
  {"type": "side_msg", "client_id", "text", "side"?}     a line in a side chat (leaders name the side chat)
  leaders only: {"type": "mute", "participant", "muted"} {"type": "remove", "participant"}
                {"type": "pause", "paused"} {"type": "hide", "seq"} {"type": "release", "seq"} {"type": "end"}
Frames out: state, msg, ack, held, alert, hidden, muted, removed, side, side_open, topic, replayed, error.
Bad input gets {"type": "error", "code": ...}; never an exception.
"""

from __future__ import annotations

import functools
import logging

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from losen.core import frames
from losen.groups import actions
from losen.groups.models import Participant, Session, SideChat

log = logging.getLogger("losen.groups")

db = database_sync_to_async


def _store(*args, **kwargs):
    """The hot path without channels' per-call connection health check; a broken connection is
    closed and the call retried once."""
    from django.db import InterfaceError, OperationalError, connection

    try:
        return actions.participant_post(*args, **kwargs)
    except (OperationalError, InterfaceError):
        connection.close()
        return actions.participant_post(*args, **kwargs)


store = sync_to_async(_store, thread_sensitive=True)
# The lexicon decides on the hot path; the similarity layer reads the line after delivery
# (actions.screen_later).
detect = sync_to_async(functools.partial(actions.crisis, semantic=False), thread_sensitive=False)


def _int(value, default=0):
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def _text(content):
    return str(content.get("text") or "")[: actions.MAX_TEXT], str(content.get("client_id") or "")[:64]


class RoomConsumer(AsyncJsonWebsocketConsumer):
    is_leader = False
    participant_id = None

    async def receive_json(self, content, **kwargs):
        handler = self.handlers().get(str(content.get("type")))
        if handler is None:
            await self.send_json({"type": "error", "code": "unknown_type"})
            return
        try:
            await handler(content)
        except actions.NotAllowed as exc:
            await self.send_json({"type": "error", "code": str(exc.args[0] if exc.args else "not_allowed"), "client_id": content.get("client_id")})
        except ValueError:
            await self.send_json({"type": "error", "code": "empty", "client_id": content.get("client_id")})
        except Exception:  # a bug must not take the socket down; the log has no text
            log.exception("room frame failed")
            await self.send_json({"type": "error", "code": "server", "client_id": content.get("client_id")})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = frames.parse(text_data, bytes_data)
        except frames.BadFrame:
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        await self.receive_json(content)

    async def dispatch(self, message):
        """Channels runs close_old_connections before every message, a hop to the process's one
        database thread. Room events (one per socket for every line: the fan-out) touch no
        database, so they skip it and do not queue behind other sockets' writes. Frames from the
        socket keep it (their database calls also check the connection themselves)."""
        if message.get("type") == "room.event":
            await self.room_event(message)
            return
        await super().dispatch(message)

    async def room_event(self, message):
        audience = message.get("audience", "all")
        if audience == "leaders" and not self.is_leader:
            return
        if isinstance(audience, dict) and not (self.is_leader or audience.get("participant") == self.participant_id):
            return
        event = message["event"]
        if event.get("type") == "msg" and not self.is_leader and event.get("hidden"):
            event = event | {"text": ""}
        if event.get("type") == "removed" and event.get("participant") == self.participant_id and not self.is_leader:
            await self.send_json(event)
            await self.close(code=4403)
            return
        if event.get("type") == "state":
            self.state = event["state"]
        await self.send_json(event)

    async def hello(self, content):
        info = await db(_state)(self.session_id)
        self.state = info["state"]
        await self.send_json({"type": "state", **info})
        for event in await db(actions.history)(self.session_id, _int(content.get("last_seq")), staff=self.is_leader, participant_id=self.participant_id):
            await self.send_json(event)
        await self.send_json({"type": "replayed"})

    async def publish(self, m):
        # Only a side chat's line needs the database (whose side chat it is).
        pairs = await db(actions.events_for)(m) if m["side_chat_id"] else actions.events_for(m)
        for event, audience in pairs:
            await self.channel_layer.group_send(actions.room_group(self.session_id), {"type": "room.event", "event": event, "audience": audience})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)


def _state(session_id):
    s = Session.objects.filter(pk=session_id).values("state", "topic").first() or {"state": "ended", "topic": ""}
    return {"state": s["state"], "topic": s["topic"]}


# --- a participant ------------------------------------------------------------------------------


def _participant_open(session_id, token):
    p = actions.participant_by_token(str(token))
    session = Session.objects.select_related("series").filter(pk=session_id).first()
    if p is None or session is None:
        return None
    try:
        seat = actions.join_room(session, p)
    except actions.NotAllowed:
        return None
    return {"participant": p.pk, "name": p.first_name, "muted": seat.muted}


def _side_chat(session_id, participant_id):
    session = Session.objects.get(pk=session_id)
    p = Participant.objects.get(pk=participant_id)
    return actions.open_side_chat(session, p).pk


def _side_post(session_id, participant_id, side_id, text, client_id, leader=None):
    if leader is None:
        ok = SideChat.objects.filter(pk=side_id, session_id=session_id, participant_id=participant_id, closed_at__isnull=True).exists()
    else:
        ok = SideChat.objects.filter(pk=side_id, session_id=session_id, closed_at__isnull=True).exists()
    if not ok:
        raise actions.NotAllowed("no_side_chat")
    return actions.store(session_id, text, client_id, participant_id=participant_id if leader is None else None, leader=leader, side_chat_id=side_id)


class ParticipantConsumer(RoomConsumer):
    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.session_id = kwargs["session"]
        info = await db(_participant_open)(self.session_id, kwargs["token"])
        if info is None:
            await self.close(code=4403)
            return
        self.participant_id = info["participant"]
        self.side_id = None
        self.group = actions.room_group(self.session_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    def handlers(self):
        return {"hello": self.hello, "msg": self.message, "side_open": self.side_open, "side_msg": self.side_message}

    async def message(self, content):
        text, client_id = _text(content)
        if not text.strip() or not client_id:
            raise ValueError("empty")
        found = await detect(text)
        m, created = await store(self.session_id, self.participant_id, text, client_id, found=found or _NO_CRISIS)
        await self.send_json({"type": "ack", "client_id": client_id, "seq": m["seq"], "held": m["held"]})
        if created:
            await self.publish(m)
            actions.screen_later(self.channel_layer, self.session_id, m, found)

    async def side_open(self, content):
        self.side_id = await db(_side_chat)(self.session_id, self.participant_id)
        await self.send_json({"type": "side", "side": self.side_id})

    async def side_message(self, content):
        text, client_id = _text(content)
        if self.side_id is None:
            self.side_id = await db(_side_chat)(self.session_id, self.participant_id)
        m, created = await db(_side_post)(self.session_id, self.participant_id, self.side_id, text, client_id)
        await self.send_json({"type": "ack", "client_id": client_id, "seq": m["seq"]})
        if created:
            await self.publish(m)


class _NoCrisis:
    crisis = False


_NO_CRISIS = _NoCrisis()


# --- a leader -----------------------------------------------------------------------------------


def _leader_open(user, session_id, session_store):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    device_id = session_store.get(DEVICE_ID_SESSION_KEY) if session_store is not None else None
    device = Device.from_persistent_id(device_id) if device_id else None
    if device is None or device.user_id != user.pk or not getattr(device, "confirmed", False):
        return None
    session = Session.objects.filter(pk=session_id).first()
    if session is None or not actions.is_leader(session, user):
        return None
    return session


def _leader_do(user, session_id, kind, content):
    session = Session.objects.select_related("series__service__organisation").get(pk=session_id)
    if kind == "mute":
        actions.mute(session, user, _int(content.get("participant")), bool(content.get("muted", True)))
    elif kind == "remove":
        p = session.series.participants.filter(pk=_int(content.get("participant"))).first()
        if p is None or not actions.is_leader(session, user):
            raise actions.NotAllowed("no_participant")
        actions.remove(p, user, session)
    elif kind == "pause":
        actions.pause(session, user, bool(content.get("paused", True)))
    elif kind == "hide":
        actions.hide(session, user, _int(content.get("seq")))
    elif kind == "release":
        if actions.release(session, user, _int(content.get("seq"))) is None:
            raise actions.NotAllowed("not_held")
    elif kind == "end":
        actions.end(session, user)


class LeaderConsumer(RoomConsumer):
    is_leader = True

    async def connect(self):
        self.session_id = self.scope["url_route"]["kwargs"]["session"]
        session = await db(_leader_open)(self.scope.get("user"), self.session_id, self.scope.get("session"))
        if session is None:
            await self.close(code=4403)
            return
        self.user = self.scope["user"]
        self.group = actions.room_group(self.session_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    def handlers(self):
        control = {k: self.control for k in ("mute", "remove", "pause", "hide", "release", "end")}
        return {"hello": self.hello, "msg": self.message, "side_msg": self.side_message, **control}

    async def message(self, content):
        text, client_id = _text(content)
        m, created = await db(actions.store)(self.session_id, text, client_id, leader=self.user)
        await self.send_json({"type": "ack", "client_id": client_id, "seq": m["seq"]})
        if created:
            await self.publish(m)

    async def side_message(self, content):
        text, client_id = _text(content)
        m, created = await db(_side_post)(self.session_id, None, _int(content.get("side")), text, client_id, leader=self.user)
        await self.send_json({"type": "ack", "client_id": client_id, "seq": m["seq"]})
        if created:
            await self.publish(m)

    async def control(self, content):
        await db(_leader_do)(self.user, self.session_id, str(content.get("type")), content)
        await self.send_json({"type": "done", "action": content.get("type")})
