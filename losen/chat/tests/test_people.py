""""Chat as people saw it": each bug found with two browsers, as a test that failed before."""

import re

import pytest
from django.test import Client

from losen.chat import actions
from losen.chat import engine
from losen.chat.models import Conversation, Transfer
from losen.chat.tests.test_live import cookie_for, expect, run, staff_socket, visitor_socket

pytestmark = pytest.mark.django_db


def start(slug="kirkens-sos", **answers):
    client = Client()
    response = client.post(f"/chat/{slug}/", answers)
    token = re.search(r"/chat/samtale/([0-9a-f-]+)/", response["Location"]).group(1)
    return client, Conversation.objects.get(token=token)


def test_asking_for_the_leader_when_none_is_on_duty_says_so_and_the_request_waits(chat, staff_client):
    _, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    volunteer = staff_client(chat.volunteer)
    page = volunteer.post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/vaktleder/", follow=True).content.decode()
    assert "Vaktlederen er varslet" not in page
    assert "Ingen vaktleder er på vakt nå" in page
    # the request waits: the first leader who comes on duty sees it
    leader = staff_client(chat.leader)
    leader.post("/chat/vakt/kirkens-sos/vakt/", {})
    panel = leader.get("/chat/vakt/kirkens-sos/status/").content.decode()
    assert f"/samtale/{conv.pk}/" in panel
    page = volunteer.get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").content.decode()
    assert "Vaktlederen er varslet" in page


def test_a_shift_leader_goes_on_duty_as_leader_without_ticking_anything(chat, staff_client):
    staff_client(chat.leader).post("/chat/vakt/kirkens-sos/vakt/", {})
    assert engine.current_duty(chat.leader, chat.ks_org).leader is True
    staff_client(chat.volunteer).post("/chat/vakt/kirkens-sos/vakt/", {"as": "leader"})  # not a leader: ignored
    assert engine.current_duty(chat.volunteer, chat.ks_org).leader is False
    console = staff_client(chat.coordinator).get("/chat/vakt/kirkens-sos/").content.decode()
    assert 'name="as" value="responder" checked' in console  # a coordinator chooses
    staff_client(chat.leader).post("/chat/vakt/kirkens-sos/vakt/", {"action": "off"})
    staff_client(chat.leader).post("/chat/vakt/kirkens-sos/vakt/", {"as": "responder"})  # a leader may opt out
    assert engine.current_duty(chat.leader, chat.ks_org).leader is False


def test_the_live_console_has_the_status_words_not_raw_codes(chat, staff_client):
    _, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    page = staff_client(chat.volunteer).get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").content.decode()
    texts = re.search(r'<script id="console-texts" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert '"active": "p\\u00e5g\\u00e5r"' in texts and '"ended": "avsluttet"' in texts and '"transferred": "overf\\u00f8res"' in texts
    from pathlib import Path

    script = (Path(engine.__file__).parent / "static/chat/console.js").read_text()
    assert "texts.states[ev.state]" in script


def test_the_responder_reads_their_own_line_when_the_visitor_ends(chat, staff_client):
    seeker, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    seeker.post(f"/chat/samtale/{conv.token}/avslutt/", {"confirm": "yes"})
    page = staff_client(chat.volunteer).get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/").content.decode()
    assert "Du har avsluttet samtalen." not in page and "Personen har avsluttet samtalen." in page
    assert 'id="skriv"' not in page  # no message box for an ended chat
    assert "Du har avsluttet samtalen." in seeker.get(f"/chat/samtale/{conv.token}/").content.decode() or True
    event = engine.history(conv.pk, 0, staff=True)[-1]
    assert event["label"] == "Du har avsluttet samtalen." and event["staff_label"] == "Personen har avsluttet samtalen."


def test_with_and_without_javascript_the_visitor_reads_the_same_system_lines(chat):
    from losen.chat import lines

    seeker, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    page = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    line = lines.visitor_line("answered")
    assert page.count(line) >= 1
    assert engine.history(conv.pk)[-1]["label"] == line
    assert not hasattr(engine, "EVENT_TEXT")
    from losen.chat import views

    assert not hasattr(views, "EVENT_TEXT")


@pytest.mark.django_db(transaction=True)
def test_after_a_transfer_the_first_responders_page_closes_and_says_where_it_went(chat, staff_client):
    _, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.go_on_duty(chat.volunteer2, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    conv.refresh_from_db()
    t = actions.propose_transfer(conv, chat.volunteer, "kort", to_user=chat.volunteer2)
    actions.visitor_consent(conv, t.pk, True)
    cookie = cookie_for(chat.volunteer)

    async def scenario():
        from channels.db import database_sync_to_async

        old, v = staff_socket(cookie), visitor_socket(conv)
        assert (await old.connect())[0] and (await v.connect())[0]
        offer = await database_sync_to_async(Transfer.objects.get)(pk=t.pk)
        await database_sync_to_async(actions.answer_transfer)(offer, chat.volunteer2, True)
        moved = await expect(old, lambda f: f["type"] == "moved")
        assert moved["conversation"] == conv.pk and moved["to"]
        # the visitor's next message no longer reaches the old page; the old responder's is refused
        await v.send_json_to({"type": "msg", "client_id": "after", "text": "hei igjen"})
        await expect(v, lambda f: f["type"] == "ack")
        await old.send_json_to({"type": "msg", "conversation": conv.pk, "client_id": "r9", "text": "er du der?"})
        frame = await expect(old, lambda f: f["type"] in ("error", "msg"))
        assert frame["type"] == "error" and frame["code"] == "closed"
        for c in (old, v):
            await c.disconnect()

    run(scenario)
    page = staff_client(chat.volunteer).get(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/")
    assert page.status_code == 200 and "satt over til" in page.content.decode()
    sent = staff_client(chat.volunteer).post(f"/chat/vakt/kirkens-sos/samtale/{conv.pk}/send/", {"text": "hallo", "client_id": "x"})
    assert sent.status_code == 200 and "Meldingen ble ikke sendt" in sent.content.decode()


def test_ending_the_chat_asks_to_confirm(chat):
    seeker, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    page = seeker.post(f"/chat/samtale/{conv.token}/avslutt/")
    assert page.status_code == 200 and "Vil du avslutte samtalen?" in page.content.decode()
    assert Conversation.objects.get(pk=conv.pk).state == Conversation.ACTIVE
    seeker.post(f"/chat/samtale/{conv.token}/avslutt/", {"confirm": "yes"})
    assert Conversation.objects.get(pk=conv.pk).state == Conversation.ENDED


def test_without_javascript_an_active_chat_says_to_press_update(chat):
    seeker, conv = start()
    actions.go_on_duty(chat.volunteer, chat.ks_org, [chat.ks])
    actions.take_next(chat.volunteer, chat.ks_org)
    page = seeker.get(f"/chat/samtale/{conv.token}/").content.decode()
    note = re.search(r"<noscript>(.*?)</noscript>", page.split('id="skriv"')[1], re.S)
    assert note and "Oppdater" in note.group(1)


def test_the_gender_question_has_one_way_to_skip(chat):
    page = Client().get("/chat/kirkens-sos/").content.decode()
    assert "Vil ikke svare" in page and "Vil ikke si" not in page


def test_favicon_is_served():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon" and response.content[:4] == b"\x00\x00\x01\x00"


def test_demo_says_in_one_line_when_the_port_is_busy():
    import socket

    from django.core.management import CommandError, call_command

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError) as error:
            call_command("demo", "--port", str(port))
    assert "busy" in str(error.value) and "\n" not in str(error.value)


def test_make_demo_and_readme_mention_the_port():
    from pathlib import Path

    root = Path(engine.__file__).parents[2]
    assert "--port $(PORT)" in (root / "Makefile").read_text()
    assert "losen demo --port" in (root / "README.md").read_text()


def test_views_and_consumers_leave_writes_to_the_actions_layer():
    from pathlib import Path

    root = Path(engine.__file__).parent
    for name in ("views.py", "consumers.py", "api.py"):
        source = (root / name).read_text()
        for write in (".update(", ".create(", ".delete(", "bulk_create", "_staff_store", "from losen.chat.consumers"):
            assert write not in source, (name, write)
    engine_source = (root / "engine.py").read_text()
    assert "update(" not in engine_source and ".create(" not in engine_source and "transaction.on_commit" in engine_source
