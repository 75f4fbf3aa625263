"""Live updates of the case channel over the Channels layer: one group per case
(`cases.case.<id>`). Actions publish after their transaction commits (`transaction.on_commit`);
the consumers (`losen.cases.consumers`) pass events on to whoever has the case open. A lost event
costs nothing: the page shows everything when it is loaded, and works without JavaScript.

The help seeker's socket carries no code: their page holds a signed, short-lived ticket for the
case, sent in the first frame (never in a URL)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import signing
from django.utils import timezone

log = logging.getLogger("losen.cases")

TICKET_SALT = "losen.cases.live"
TICKET_SECONDS = 12 * 3600


def group(case_id: int) -> str:
    return f"cases.case.{int(case_id)}"


def publish(case_id: int, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group(case_id), {"type": "case.event", "event": event})
    except Exception as exc:  # the write has happened; the page shows it on the next load
        log.error("case event not sent: %s", type(exc).__name__)


def message_event(m) -> dict:
    at = timezone.localtime(m.sent_at)
    return {"type": "msg", "id": m.pk, "from_seeker": m.from_seeker, "at": at.isoformat(), "at_label": at.strftime("%d.%m. %H:%M"), "text": m.body}


def read_event(by_seeker: bool, at) -> dict:
    return {"type": "read", "by_seeker": by_seeker, "at": at.isoformat()}


def ticket(case) -> str:
    return signing.dumps({"c": case.pk}, salt=TICKET_SALT, compress=True)


def case_of_ticket(value) -> int | None:
    try:
        data = signing.loads(str(value or ""), salt=TICKET_SALT, max_age=TICKET_SECONDS)
    except signing.BadSignature:
        return None
    pk = data.get("c") if isinstance(data, dict) else None
    return pk if isinstance(pk, int) else None
