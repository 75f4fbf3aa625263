"""WebSocket consumers: the help seeker's chat and the staff console.

Visitor protocol (ws/chat/<token>/), JSON frames:
  -> {"type": "hello", "last_seq": N}          replay everything after N, then live
  -> {"type": "msg", "client_id": "...", "text": "..."}   persisted first, then acknowledged
  -> {"type": "typing"} | {"type": "delivered", "seq": N} | {"type": "leave"}
  <- {"type": "state", ...} {"type": "msg", ...} {"type": "ack", "client_id", "seq"}
     {"type": "queue", "position", "estimate"} {"type": "typing"} {"type": "delivered"}
     {"type": "redacted", "seq"} {"type": "replayed", "last_seq"}

Staff protocol (ws/chat/vakt/<org>/): the same message frames carry "conversation": id;
plus "take_next", "watch" (open a conversation live; audit-logged) and "note" (shift leader).

One `Hub` per process listens for "queue changed" on the channel layer (one channel per
process, not per visitor), recomputes each service's queue at most twice a second and pushes
places and estimates to the consumers in this process, and keeps queued visitors' chats
alive. Retention and timeouts run from the scheduler (`losen.core.scheduler`), never here.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer

import orjson

from losen.chat import actions, engine
from losen.chat.actions import fastpath
from losen.chat.models import Conversation, Message
from losen.core import frames

log = logging.getLogger("losen.chat")

db = database_sync_to_async


def _store(*args, **kwargs):
    """Without channels' close_old_connections and the health-check query it triggers on
    every call; a broken connection is closed and the call retried once."""
    from django.db import InterfaceError, OperationalError, connection

    try:
        return actions.store_message(*args, **kwargs)
    except (OperationalError, InterfaceError):
        connection.close()
        return actions.store_message(*args, **kwargs)


_store_in_thread = sync_to_async(_store, thread_sensitive=True)


async def store(*args, **kwargs):
    """The hot path, one call per chat message: on PostgreSQL awaited in the event loop (no
    thread hop), elsewhere in the database thread."""
    if fastpath.pool.enabled():
        import psycopg

        try:
            return await fastpath.store_message(*args, **kwargs)
        except psycopg.OperationalError:
            return await fastpath.store_message(*args, **kwargs)
    return await _store_in_thread(*args, **kwargs)


class Hub:
    DEBOUNCE = 0.5
    HEARTBEAT_EVERY = 60  # well inside engine.STALE_QUEUE_SECONDS

    def __init__(self):
        self.loop = None
        self.channel = None
        self.local = defaultdict(set)  # service id -> consumers
        self.joined = set()
        self.dirty = set()
        self.flusher = None
        self.tasks = []

    async def ensure(self):
        loop = asyncio.get_running_loop()
        if self.loop is loop:
            return
        self.__init__()
        self.loop = loop
        layer = get_channel_layer()
        self.channel = await layer.new_channel()  # the layer's own prefix: one receive loop per process
        self.tasks = [loop.create_task(self._listen(layer)), loop.create_task(self._heartbeat())]

    async def _listen(self, layer):
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("chat hub receive failed")
                await asyncio.sleep(1)
                continue
            if message.get("type") == "queue.changed":
                self.mark(message["service"])

    async def _heartbeat(self):
        """Queued visitors with an open socket here are alive: keep them from being abandoned
        by the `chat.stale` job. (Retention and timeouts run from the scheduler.)"""
        while True:
            queued = [c.conversation_id for consumers in list(self.local.values()) for c in consumers if getattr(c, "queued", False)]
            if queued:
                await db(actions.touch)(queued)
            await asyncio.sleep(self.HEARTBEAT_EVERY)

    def mark(self, service_id):
        self.dirty.add(service_id)
        if self.flusher is None or self.flusher.done():
            self.flusher = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self):
        await asyncio.sleep(self.DEBOUNCE)
        while self.dirty:
            sid = self.dirty.pop()
            if not self.local.get(sid):
                continue
            try:
                snapshot = await db(engine.queue_snapshot)(sid)
            except Exception:
                log.exception("queue snapshot failed")
                continue
            for consumer in list(self.local.get(sid, ())):
                try:
                    await consumer.queue_update(snapshot)
                except Exception as exc:  # a socket closing meanwhile: the others still get theirs
                    log.info("queue update not sent: %s", type(exc).__name__)

    async def register(self, service_id, consumer):
        await self.ensure()
        self.local[service_id].add(consumer)
        if service_id not in self.joined:
            self.joined.add(service_id)
            await get_channel_layer().group_add(engine.queue_group(service_id), self.channel)
        self.mark(service_id)

    async def unregister(self, service_id, consumer):
        self.local[service_id].discard(consumer)


hub = Hub()


class BaseChatConsumer(AsyncJsonWebsocketConsumer):
    audience = "all"

    @classmethod
    async def encode_json(cls, content):
        return orjson.dumps(content).decode()

    async def dispatch(self, message):
        """Channels' own dispatch hops to a thread for `close_old_connections` before every
        event (each frame in, each chat event out: two hops per message). The consumers touch
        the database only through `db(...)`, which closes old connections in its thread, or
        through the async pool: the hop is pure overhead, so it is skipped."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Every frame from outside: bad ones get an error event and the socket stays open;
        nothing a client sends makes the consumer raise."""
        try:
            content = frames.parse(text_data, bytes_data)
        except frames.BadFrame as bad:
            await self.send_json({"type": "error", "code": bad.code})
            return
        try:
            await self.receive_json(content, **kwargs)
        except Exception as exc:
            # the type only: a frame's text never goes to the log
            log.error("chat frame failed: %s", type(exc).__name__)
            await self.send_json({"type": "error", "code": "failed"})

    async def chat_event(self, message):
        event = message["event"]
        if message.get("audience") == "staff" and self.audience != "staff":
            return
        if message.get("origin") == self.channel_name and event.get("type") in ("typing", "delivered", "msg"):
            return  # our own frame: the sender already has it (its ack carries the number)
        await self.on_event(event)

    async def on_event(self, event):
        await self.send_json(event)

    async def relay(self, group, event):
        await self.channel_layer.group_send(group, {"type": "chat.event", "event": event, "audience": "all", "origin": self.channel_name})


class NotFoundConsumer(AsyncJsonWebsocketConsumer):
    """No such chat: refuse the handshake (close before accept, 4404 like a stale token)."""

    async def connect(self):
        await self.close(code=4404)


# --- the help seeker -------------------------------------------------------------------------


def _visitor_open(token, address):
    conv = Conversation.objects.select_related("service").filter(token=token).first()
    if conv is None:
        return None
    if conv.state == Conversation.QUEUED:
        actions.touch([conv.pk])
    return {"id": conv.pk, "state": conv.state, "service_id": conv.service_id, "risk": conv.risk, "feedback": conv.service.feedback_enabled, "language": conv.language}


def _visitor_state(conv_id):
    conv = Conversation.objects.filter(pk=conv_id).values("state", "risk", "service_id").first()
    return conv


class VisitorConsumer(BaseChatConsumer):
    """One help seeker's browser tab. Knows the conversation only by its token."""

    async def connect(self):
        token = self.scope["url_route"]["kwargs"]["token"]
        info = await db(_visitor_open)(token, None)
        if info is None:
            await self.close(code=4404)
            return
        self.conversation_id = info["id"]
        self.service_id = info["service_id"]
        self.state = info["state"]
        self.risk = info["risk"]
        self.language = info["language"]
        self.queued = self.state == Conversation.QUEUED
        self.group = engine.conv_group(self.conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        if self.queued:
            await hub.register(self.service_id, self)
        else:
            await hub.ensure()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await hub.unregister(self.service_id, self)

    async def receive_json(self, content, **kwargs):
        kind = frames.to_text(content.get("type"), 20)
        if kind == "msg":
            await self.visitor_message(content)
        elif kind == "hello":
            await self.hello(content)
        elif kind == "typing":
            await self.relay(self.group, {"type": "typing", "conversation": self.conversation_id, "who": "visitor"})
        elif kind == "delivered":
            await self.relay(self.group, {"type": "delivered", "conversation": self.conversation_id, "seq": _int(content.get("seq")), "by": "visitor"})
        elif kind == "leave":
            await db(_leave)(self.conversation_id)

    async def hello(self, content):
        after = _int(content.get("last_seq"))
        current = await db(_visitor_state)(self.conversation_id)
        if current:
            self.state = current["state"]
        await self.send_json({"type": "state", "state": self.state, "conversation": self.conversation_id})
        for event in await db(engine.history)(self.conversation_id, after):
            await self.send_json(event)
        await self.send_json({"type": "replayed"})
        if self.state == Conversation.QUEUED:
            hub.mark(self.service_id)

    async def visitor_message(self, content):
        text, client_id = frames.to_text(content.get("text"), None), frames.to_text(content.get("client_id"), 64)
        try:
            message, created = await store(self.conversation_id, Message.VISITOR, text, client_id)
        except engine.TooLong:
            await self.send_json({"type": "error", "client_id": client_id, "code": "too_long", "limit": engine.MAX_TEXT, "message": engine.too_long_text(self.language)})
            return
        except ValueError:
            await self.send_json({"type": "error", "client_id": client_id, "code": "empty"})
            return
        except engine.ChatClosed:
            await self.send_json({"type": "error", "client_id": client_id, "code": "closed"})
            return
        await self.send_json({"type": "ack", "client_id": client_id, "seq": message["seq"]})
        if created:
            event = engine.message_event(message)
            await self.channel_layer.group_send(self.group, {"type": "chat.event", "event": event, "audience": "all", "origin": self.channel_name})
            if not self.risk and self.state == Conversation.QUEUED:
                # While queued, what the person writes goes through the crisis detector (it
                # decides the queue order). Once a responder reads along, the detector is not
                # run: it costs ~20 ms of CPU per message and a person is now reading.
                result = await sync_to_async(engine.crisis, thread_sensitive=False)(text)
                if result is not None and result.crisis:
                    self.risk = await db(actions.flag_risk)(self.conversation_id, result)

    async def on_event(self, event):
        if "state" in event:
            self.state = event["state"]
            if self.state != Conversation.QUEUED and self.queued:
                self.queued = False
                await hub.unregister(self.service_id, self)
        await self.send_json(event)

    async def queue_update(self, snapshot):
        place = snapshot["positions"].get(self.conversation_id)
        if place is None:
            return
        await self.send_json({"type": "queue", "position": place["position"], "estimate": place["estimate"], "on_duty": snapshot["on_duty"]})


def _leave(conv_id):
    conv = Conversation.objects.select_related("service__service").filter(pk=conv_id).first()
    if conv is not None:
        actions.end(conv, "visitor")


_int = frames.to_int


# --- staff -----------------------------------------------------------------------------------

STAFF_ROLES = ("volunteer", "shift_leader", "coordinator")


def _staff_open(user, org_slug, session):
    """The organisation and the user's roles in it, or None unless signed in with TOTP."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    from losen.accounts.models import Organisation

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    device_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(device_id) if device_id else None
    if device is None or device.user_id != user.pk or not getattr(device, "confirmed", False):
        return None
    org = Organisation.objects.filter(slug=org_slug).first()
    if org is None:
        return None
    roles = set(user.memberships.filter(organisation=org, role__in=STAFF_ROLES).values_list("role", flat=True))
    if not roles:
        return None
    live = list(
        Conversation.objects.filter(responder=user, state__in=Conversation.LIVE_STATES).values_list("id", flat=True)
    )
    services = [cs.pk for cs in engine.services_of(org)]
    return {"org": org, "roles": roles, "live": live, "services": services}


def _watch(user, org, roles, conv_id, after):
    conv = engine.may_watch(user, org, roles, conv_id)
    if conv is None:
        return None
    from losen.audit.models import record

    if conv.responder_id != user.pk:
        record(user, "chat_transcript_opened", organisation=org, target=conv, live=True)
    return {"id": conv.pk, "state": conv.state, "history": engine.history(conv.pk, after, staff=True), "leader": conv.responder_id != user.pk}


def _take_next(user, org):
    conv = actions.take_next(user, org)
    if conv is None:
        return None
    return {"id": conv.pk, "service": conv.service.service.slug, "answers": conv.answers, "risk": conv.risk}


class StaffConsumer(BaseChatConsumer):
    audience = "staff"

    async def connect(self):
        user = self.scope.get("user")
        org_slug = self.scope["url_route"]["kwargs"]["org"]
        info = await db(_staff_open)(user, org_slug, self.scope.get("session"))
        if info is None:
            await self.close(code=4403)
            return
        self.user, self.org, self.roles = user, info["org"], info["roles"]
        self.responding = set(info["live"])
        self.groups_joined = {engine.org_group(self.org.pk), engine.user_group(user.pk)}
        self.groups_joined |= {engine.conv_group(c) for c in info["live"]}
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.services = info["services"]
        for sid in self.services:
            await hub.register(sid, self)
        self.queues = {}

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)
        for sid in getattr(self, "services", ()):
            await hub.unregister(sid, self)

    async def join_conv(self, conv_id):
        group = engine.conv_group(conv_id)
        if group not in self.groups_joined:
            self.groups_joined.add(group)
            await self.channel_layer.group_add(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = frames.to_text(content.get("type"), 20)
        conv_id = _int(content.get("conversation"))
        if kind in ("msg", "note"):
            text, client_id = frames.to_text(content.get("text"), None), frames.to_text(content.get("client_id"), 64)
            try:
                if kind == "msg" and conv_id in self.responding:
                    # one query: the database checks that this person still answers the chat
                    try:
                        message, created = await store(conv_id, Message.RESPONDER, text, client_id, author_id=self.user.pk, responder_id=self.user.pk)
                    except engine.ChatClosed:
                        self.responding.discard(conv_id)
                        raise
                else:
                    message, created = await db(actions.staff_store)(self.user, self.org, self.roles, conv_id, text, client_id, kind == "note")
            except (engine.NotAllowed, engine.ChatClosed):
                await self.send_json({"type": "error", "client_id": client_id, "code": "closed", "conversation": conv_id})
                return
            except engine.TooLong:
                await self.send_json({"type": "error", "client_id": client_id, "code": "too_long", "limit": engine.MAX_TEXT, "conversation": conv_id})
                return
            except ValueError:
                await self.send_json({"type": "error", "client_id": client_id, "code": "empty", "conversation": conv_id})
                return
            await self.send_json({"type": "ack", "client_id": client_id, "seq": message["seq"], "conversation": conv_id})
            if created:
                audience = "staff" if message["kind"] == Message.NOTE else "all"
                await self.channel_layer.group_send(
                    engine.conv_group(conv_id), {"type": "chat.event", "event": engine.message_event(message), "audience": audience, "origin": self.channel_name}
                )
        elif kind == "take_next":
            try:
                taken = await db(_take_next)(self.user, self.org)
            except engine.NotAllowed:
                taken = None
            if taken:
                await self.join_conv(taken["id"])
                self.responding.add(taken["id"])
            await self.send_json({"type": "assigned", "conversation": taken})
        elif kind == "watch":
            result = await db(_watch)(self.user, self.org, self.roles, conv_id, _int(content.get("last_seq")))
            if result is None:
                await self.send_json({"type": "error", "code": "forbidden", "conversation": conv_id})
                return
            await self.join_conv(conv_id)
            if not result["leader"]:
                self.responding.add(conv_id)
            await self.send_json({"type": "state", "conversation": conv_id, "state": result["state"]})
            for event in result["history"]:
                await self.send_json(event)
            await self.send_json({"type": "replayed", "conversation": conv_id})
        elif kind == "typing" and conv_id:
            if engine.conv_group(conv_id) in self.groups_joined:
                await self.relay(engine.conv_group(conv_id), {"type": "typing", "conversation": conv_id, "who": "staff"})
        elif kind == "delivered" and conv_id:
            if engine.conv_group(conv_id) in self.groups_joined:
                await self.relay(engine.conv_group(conv_id), {"type": "delivered", "conversation": conv_id, "seq": _int(content.get("seq")), "by": "staff"})

    async def on_event(self, event):
        await self.send_json(event)
        conv_id = event.get("conversation")
        if event.get("text") == "transfer_done" and event.get("responder") not in (None, self.user.pk) and conv_id in self.responding:
            # the chat went to someone else: this socket stops receiving it, and the page says where
            self.responding.discard(conv_id)
            group = engine.conv_group(conv_id)
            self.groups_joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)
            await self.send_json({"type": "moved", "conversation": conv_id, "to": event.get("moved_to", "")})

    async def queue_update(self, snapshot):
        self.queues[snapshot["service"]] = {"slug": snapshot["slug"], "size": snapshot["size"], "longest_seconds": snapshot["longest_seconds"]}
        await self.send_json({"type": "queue", "services": list(self.queues.values())})
