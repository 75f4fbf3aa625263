"""The case channel, live (`losen.cases.live`).

Help seeker: ws/oppfolging/min/   -> {"type": "hello", "ticket": "..."} first (the ticket from
            their page; no code, no cookie), then {"type": "read"} when they have seen new lines.
Staff:      ws/oppfolging/sak/<id>/ (staff session with a verified second factor; the daily
            leader, coordinators of the organisation or a volunteer assigned now; checked again
            for every event, so someone moved off the case stops seeing it at once).
            {"type": "read"} marks the help seeker's lines read (assigned volunteers only).
Out: {"type": "ready"}, {"type": "msg", "id", "from_seeker", "at", "at_label", "text"},
     {"type": "read", "by_seeker", "at"}, {"type": "error", "code"}. Bad input gets an error
     event, never an exception.
"""

from __future__ import annotations

import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from losen.cases import actions, live
from losen.cases.models import Case
from losen.core import frames

log = logging.getLogger("losen.cases")
db = database_sync_to_async


def _open_case(pk):
    return Case.objects.select_related("organisation").filter(pk=pk, personal_data_deleted_at__isnull=True).exclude(status=Case.CLOSED).first()


def _staff_user(user, session_store):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    device_id = session_store.get(DEVICE_ID_SESSION_KEY) if session_store is not None else None
    device = Device.from_persistent_id(device_id) if device_id else None
    return device is not None and device.user_id == user.pk and bool(getattr(device, "confirmed", False))


def _staff_may_see(user, pk):
    case = _open_case(pk)
    return case is not None and actions.can_see(user, case)


def _staff_read(user, pk):
    case = _open_case(pk)
    if case is None or not actions.assigned(user, case):
        return False
    actions.mark_read(case, by_seeker=False)
    return True


def _seeker_read(pk):
    case = _open_case(pk)
    if case is None:
        return False
    actions.mark_read(case, by_seeker=True)
    return True


class ChannelConsumer(AsyncJsonWebsocketConsumer):
    case_id = None

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = frames.parse(text_data, bytes_data)
        except frames.BadFrame:
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        try:
            await self.handle(str(content.get("type")), content)
        except Exception:  # a bug must not take the socket down; the log has no text
            log.exception("case frame failed")
            await self.send_json({"type": "error", "code": "server"})

    async def join(self, case_id):
        self.case_id = case_id
        await self.channel_layer.group_add(live.group(case_id), self.channel_name)
        await self.send_json({"type": "ready"})

    async def disconnect(self, code):
        if self.case_id is not None:
            await self.channel_layer.group_discard(live.group(self.case_id), self.channel_name)

    async def case_event(self, message):
        await self.send_json(message["event"])


class SeekerConsumer(ChannelConsumer):
    async def connect(self):
        await self.accept()

    async def handle(self, kind, content):
        if kind == "hello" and self.case_id is None:
            pk = live.case_of_ticket(content.get("ticket"))
            if pk is None or await db(_open_case)(pk) is None:
                await self.send_json({"type": "error", "code": "bad_ticket"})
                await self.close(code=4403)
                return
            await self.join(pk)
        elif kind == "read" and self.case_id is not None:
            await db(_seeker_read)(self.case_id)
        else:
            await self.send_json({"type": "error", "code": "unknown_type"})


class StaffConsumer(ChannelConsumer):
    async def connect(self):
        user = self.scope.get("user")
        pk = self.scope["url_route"]["kwargs"]["pk"]
        if not await db(_staff_user)(user, self.scope.get("session")) or not await db(_staff_may_see)(user, pk):
            await self.close(code=4403)
            return
        self.user = user
        await self.accept()
        await self.join(pk)

    async def handle(self, kind, content):
        if kind == "read":
            await db(_staff_read)(self.user, self.case_id)
        else:
            await self.send_json({"type": "error", "code": "unknown_type"})

    async def case_event(self, message):
        if not await db(_staff_may_see)(self.user, self.case_id):
            await self.close(code=4403)
            return
        await self.send_json(message["event"])
