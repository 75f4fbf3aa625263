"""The case channel live over WebSockets through the real ASGI application: a line from one side
appears on the other side's open page, read receipts come back at once, the help seeker's socket
needs the signed ticket from their page (no code, no cookie), and staff who may not see the case
(wrong organisation, not assigned, moved off it) get nothing. Bad input gets an error event."""

import re

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from losen.accounts import roles
from losen.cases import actions, live
from losen.cases.models import Message
from losen.core.tests.ws import cookie_for, in_thread, sock, until
from losen.conftest import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

DATA = {"first_name": "Ingrid", "forms": ["chat"], "times": ["evening"], "language": "nb", "need": "x", "consent": True}


@pytest.fixture
def open_case(hk):
    case, code = actions.intake(hk["cs"], DATA)
    actions.approve(case, hk["per"].pk, hk["leader"])
    actions.agree_framework(case, forms=["chat"], frequency="weekly", times=["evening"], review_on=timezone.now().date(), actor=hk["leader"])
    hk["case"], hk["code"] = case, code
    hk["per_cookie"] = cookie_for(hk["per"].user)
    return hk


def test_live_exchange_and_read_receipts(open_case, client):
    hk = open_case
    page = client.post("/oppfolging/min/", {"code": hk["code"]}).content.decode()
    ticket = re.search(r'data-ticket="([^"]+)"', page).group(1)
    assert hk["code"] not in ticket and hk["code"].replace("-", "") not in ticket
    in_thread(_exchange, hk, ticket)
    assert all(m.read_at for m in Message.objects.filter(case=hk["case"]))


async def _exchange(hk, ticket):
    case = hk["case"]
    staff = sock(f"/ws/oppfolging/sak/{case.pk}/", hk["per_cookie"])
    assert (await staff.connect())[0]
    await until(staff, "ready")
    seeker = sock("/ws/oppfolging/min/")
    assert (await seeker.connect())[0]
    await seeker.send_json_to({"type": "hello", "ticket": ticket})
    await until(seeker, "ready")

    # the help seeker writes: the contact person's open page gets it at once
    await database_sync_to_async(actions.post)(case, "Hei Per", from_seeker=True)
    got = await until(staff, "msg")
    assert got["text"] == "Hei Per" and got["from_seeker"] is True and got["at_label"]
    assert (await until(seeker, "msg"))["text"] == "Hei Per"  # the writer's other tabs too
    # the contact person's page sees it: "Lest" on the help seeker's side
    await staff.send_json_to({"type": "read"})
    receipt = await until(seeker, "read")
    assert receipt["by_seeker"] is False

    # and the other way round
    await database_sync_to_async(actions.post)(case, "Hei Ingrid", from_seeker=False, author=hk["per"].user)
    assert (await until(seeker, "msg"))["text"] == "Hei Ingrid"
    await seeker.send_json_to({"type": "read"})
    assert await until(staff, "read", where=lambda f: f["by_seeker"])

    # bad input: error events, the socket stays
    await seeker.send_input({"type": "websocket.receive", "text": "not json"})
    assert (await until(seeker, "error"))["code"] == "bad_frame"
    await staff.send_json_to({"type": "nonsense"})
    assert (await until(staff, "error"))["code"] == "unknown_type"
    await staff.send_json_to(["a", "list"])
    assert (await until(staff, "error"))["code"] == "bad_frame"
    # 5,000 levels of nesting and a binary frame: the same shared frame reader as the chat's
    await seeker.send_input({"type": "websocket.receive", "text": "[" * 5000 + "]" * 5000})
    assert (await until(seeker, "error"))["code"] == "bad_frame"
    await staff.send_input({"type": "websocket.receive", "bytes": b"\x00\x01"})
    assert (await until(staff, "error"))["code"] == "bad_frame"
    await seeker.send_json_to({"type": "nonsense"})  # the socket is still there
    assert (await until(seeker, "error"))["code"] == "unknown_type"
    await seeker.disconnect()
    await staff.disconnect()


def test_who_may_listen(open_case, orgs):
    hk = open_case
    outsider = make_staff("other-coord", roles.COORDINATOR, orgs["b"])
    colleague = make_staff("hk-vol-x", roles.VOLUNTEER, hk["org"])
    in_thread(_refused, hk, cookie_for(outsider), cookie_for(colleague), cookie_for(hk["leader"]))


async def _refused(hk, outsider, colleague, leader):
    case = hk["case"]
    path = f"/ws/oppfolging/sak/{case.pk}/"
    for cookie in (None, outsider, colleague):  # not signed in, wrong organisation, not assigned
        ok, code = await sock(path, cookie).connect()
        assert not ok and code == 4403
    # the daily leader may listen, but reading does not mark the help seeker's lines read
    lead = sock(path, leader)
    assert (await lead.connect())[0]
    await until(lead, "ready")
    await database_sync_to_async(actions.post)(case, "til Per", from_seeker=True)
    await until(lead, "msg")
    await lead.send_json_to({"type": "read"})
    await lead.disconnect()
    assert not await database_sync_to_async(lambda: Message.objects.filter(case=case, read_at__isnull=False).exists())()

    # a forged or foreign ticket closes the help seeker's socket
    for ticket in ("", "abc", live.ticket(type("C", (), {"pk": case.pk + 1000})())):
        s = sock("/ws/oppfolging/min/")
        assert (await s.connect())[0]
        await s.send_json_to({"type": "hello", "ticket": ticket})
        assert (await until(s, "error"))["code"] == "bad_ticket"
        await s.disconnect()

    # moved off the case: the open page stops getting lines at once
    per = sock(path, hk["per_cookie"])
    assert (await per.connect())[0]
    await until(per, "ready")
    await database_sync_to_async(actions.move)(case, hk["anne"].pk, hk["leader"], "")
    await database_sync_to_async(actions.post)(case, "etter flytting", from_seeker=True)
    closed = await per.receive_output(10)
    assert closed["type"] == "websocket.close" and closed.get("code") == 4403
