"""End to end in Chromium against a real ASGI server (uvicorn subprocess, WebSockets):
a visitor queues, a responder signed in with password and TOTP takes the chat, they talk,
the responder asks the shift leader for help (who writes a note) and transfers the chat to
Kors på halsen, the visitor consents, gives feedback, and after the retention job (retention
0) nothing of the text remains while the contact record does."""

import os
import re

import pytest

from losen.browser import staff_sign_in
from losen.chat.tests.servers import Stack

pytestmark = pytest.mark.browser

PG = os.environ.get("DATABASE_URL", "")
REDIS = os.environ.get("REDIS_URL", "")
UA = "Mozilla/5.0 LosenE2E-unik-agent"


@pytest.fixture
def server(tmp_path):
    postgres = PG if PG.startswith(("postgres://", "postgresql://")) else None
    stack = Stack(tmp_path, postgres_url=postgres, redis_url=REDIS or None)
    try:
        stack.prepare("--always", "--retention", "0")
        stack.url = stack.start("web")
        yield stack
    finally:
        stack.close()


def staff_page(browser, base, username):
    from losen.demo import staff as demo

    return staff_sign_in(browser, base, username, demo.key_code(username), viewport={"width": 1280, "height": 720})


def test_chat_end_to_end(browser, server):
    from playwright.sync_api import expect

    base = server.url
    visitor_ctx = browser.new_context(user_agent=UA)
    visitor = visitor_ctx.new_page()
    visitor.set_default_timeout(20000)

    # the visitor starts a chat: optional questions, no name
    visitor.goto(base + "/chat/kirkens-sos/")
    visitor.get_by_label("Hvor gammel er du?").select_option("16-18")
    visitor.get_by_role("button", name="Start chat").click()
    visitor.wait_for_url(re.compile(r"/chat/samtale/"))
    expect(visitor.get_by_text("Du står i kø")).to_be_visible()
    expect(visitor.get_by_role("link", name=re.compile("Forlat siden raskt"))).to_be_visible()

    # a responder signs in with password + TOTP, goes on duty and takes the next chat
    responder = staff_page(browser, base, "ks-frivillig")
    responder.goto(base + "/chat/vakt/kirkens-sos/")
    responder.get_by_role("button", name="Gå på vakt").click()
    responder.get_by_role("button", name="Ta neste samtale").click()
    responder.wait_for_url(re.compile(r"/chat/vakt/kirkens-sos/samtale/\d+/$"))
    conv_id = re.search(r"/samtale/(\d+)/", responder.url).group(1)
    expect(responder.get_by_text("16–18 år")).to_be_visible()

    # the visitor's page follows live (WebSocket) and they talk
    expect(visitor.get_by_text("En samtalepartner er her nå.")).to_be_visible()
    # the page reloads itself for the new state (server-rendered as active); type after that
    expect(visitor.locator('#chat[data-state="active"]')).to_have_count(1)
    visitor.get_by_label("Melding").fill("Hei <b>der</b>, jeg har det vondt")
    visitor.get_by_role("button", name="Send", exact=True).click()
    expect(responder.locator("#chat-log").get_by_text("Hei <b>der</b>, jeg har det vondt")).to_be_visible()
    assert responder.locator("#chat-log b").count() == 0  # shown as text, never as markup
    responder.get_by_role("button", name="Hva trenger du nå?").click()
    responder.get_by_role("button", name="Send", exact=True).click()
    expect(visitor.locator("#chat-log").get_by_text("Hva trenger du nå?")).to_be_visible()
    expect(responder.locator("#typing")).to_be_hidden()

    # the responder asks the shift leader for help; the leader sees it and writes a note
    responder.get_by_role("button", name="Be vaktleder om hjelp").click()
    leader = staff_page(browser, base, "ks-vaktleder")
    leader.goto(base + "/chat/vakt/kirkens-sos/")
    leader.get_by_role("link", name=f"samtale {conv_id}").click()
    leader.get_by_label("Melding").fill("Spør om hen har en plan")
    leader.get_by_role("button", name="Send", exact=True).click()
    expect(responder.locator("#chat-log").get_by_text("Spør om hen har en plan")).to_be_visible()
    assert "Spør om hen har en plan" not in visitor.content()

    # Kors på halsen has someone on duty; the responder proposes a warm transfer
    rk = staff_page(browser, base, "rk-frivillig")
    rk.goto(base + "/chat/vakt/norges-rode-kors/")
    rk.get_by_role("button", name="Gå på vakt").click()
    responder.reload()
    responder.get_by_label("Til", exact=True).select_option(label="Tjeneste: Kors på halsen")
    responder.get_by_label("Kort overlevering").fill("Ungdom, vondt hjemme, vil snakke med Kors på halsen")
    responder.get_by_role("button", name="Spør personen om overføring").click()

    # the visitor consents in the chat
    visitor.get_by_role("button", name="Ja, det er greit").click()
    rk.reload()
    expect(rk.get_by_text("Ungdom, vondt hjemme")).to_be_visible()
    rk.get_by_role("button", name="Ta imot").click()
    rk.wait_for_url(re.compile(r"/chat/vakt/norges-rode-kors/samtale/\d+/$"))
    expect(rk.get_by_text("Ungdom, vondt hjemme")).to_be_visible()  # the handover: no retelling
    expect(visitor.get_by_text("Nå snakker du med en ny samtalepartner", exact=False)).to_be_visible()
    rk.get_by_label("Melding").fill("Hei, jeg har lest det du har fortalt")
    rk.get_by_role("button", name="Send", exact=True).click()
    expect(visitor.locator("#chat-log").get_by_text("Hei, jeg har lest det du har fortalt")).to_be_visible()

    # the visitor ends the chat and answers the two questions
    visitor.get_by_role("button", name="Avslutt chat").click()
    visitor.get_by_role("button", name="Ja, avslutt").click()  # asked once more
    visitor.get_by_role("radio", name="Ja", exact=True).first.check()
    visitor.get_by_role("button", name="Send svar").click()
    expect(visitor.get_by_role("heading", name="Takk")).to_be_visible()
    rk.reload()
    rk.get_by_label("Utfall").select_option("supported")
    rk.get_by_role("button", name="Lagre", exact=True).click()

    for ctx in (visitor_ctx, responder.context, leader.context, rk.context):
        ctx.close()

    # the retention job (retention 0): no text left, the anonymous record stays
    server.losen("purge_chats")
    values = "\n".join(v for _t, _c, v in server.text_values())
    for text in ("jeg har det vondt", "Hva trenger du nå?", "Spør om hen har en plan", "Ungdom, vondt hjemme", "jeg har lest det"):
        assert text not in values
    assert server.query("SELECT count(*) FROM chat_conversation")[0][0] == 0
    rows = server.query("SELECT transfers, escalations, feedback, age_band, wrap_up FROM stats_contact WHERE NOT demo")
    assert len(rows) == 1
    transfers, escalations, feedback, answers, outcome = rows[0]
    assert transfers == 1 and escalations == 1 and "helped" in str(feedback) and "16-18" in str(answers)
    # and no address or user agent of the visitor anywhere
    assert "LosenE2E-unik-agent" not in values
    for log in server.logs:
        text = log.read_text()
        assert "LosenE2E-unik-agent" not in text
        assert "127.0.0.1:" not in re.sub(r"http://127\.0\.0\.1:\d+", "", text)
