"""(In demo/tests for the same reason as test_cases_browser.py: the session's Playwright loop starts
after chat's live socket tests.)
A chat becomes a case with the person's consent, in Chromium on the real ASGI app: a visitor chats
with Hjelpekilden, the responder offers "Vil du ha en fast samtalepartner?" in the console, the
visitor's chat page shows the question live, the answer opens in a new tab (the chat stays), the
person fills in only what matching needs and consents, gets a pickup code, and the case waits for
a match on the daily leader's desk, with nothing of the chat in it. axe-core on every new page."""

import re

import pytest

from losen.demo.tests.test_cases_browser import no_axe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "Hemmelig chattekst om familien"


def test_chat_becomes_a_case_with_consent(browser, live_asgi, directory):
    from playwright.sync_api import expect

    from losen.cases.models import Case, CaseService, Offer
    from losen.chat.models import ChatService
    from losen.demo import staff as demo
    from losen.directory.models import Service

    base = live_asgi.url
    expect.set_options(timeout=30_000)  # a loaded CI machine: room to wait (the browser fixture resets it)
    demo.load()
    service = Service.objects.get(slug="hjelpekilden")
    CaseService.objects.create(service=service, consent_text="Jeg samtykker til at Hjelpekilden behandler opplysningene.")
    ChatService.objects.update_or_create(service=service, defaults={"enabled": True, "hours": ChatService.HOURS_ALWAYS, "questions": []})

    # a visitor starts a chat and waits in the queue
    visitor_ctx = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True)
    visitor = visitor_ctx.new_page()
    visitor.set_default_timeout(30_000)
    visitor.goto(base + "/chat/hjelpekilden/")
    visitor.get_by_role("button", name="Start chat").click()
    visitor.wait_for_url(re.compile(r"/chat/samtale/"))

    # the responder takes it, they talk, and the responder offers a steady contact person
    responder = sign_in(browser, base, "hk-frivillig")
    responder.goto(base + "/chat/vakt/hjelpekilden/")
    responder.get_by_role("button", name="Gå på vakt").click()
    responder.get_by_role("button", name="Ta neste samtale").click()
    responder.wait_for_url(re.compile(r"/chat/vakt/hjelpekilden/samtale/\d+/$"))
    expect(visitor.locator('#chat[data-state="active"]')).to_have_count(1)
    visitor.get_by_label("Melding").fill(SECRET)
    visitor.get_by_role("button", name="Send", exact=True).click()
    expect(responder.locator("#chat-log").get_by_text(SECRET)).to_be_visible()
    no_axe(responder)
    responder.locator("#offer-case").click()
    expect(responder.locator("#case-offer-state")).to_contain_text("Personen er spurt")

    # the question reaches the visitor's open chat page; the answer opens in a new tab
    prompt = visitor.locator("#fast-samtalepartner")
    expect(prompt.get_by_role("heading", name="Vil du ha en fast samtalepartner?")).to_be_visible()
    no_axe(visitor)
    with visitor_ctx.expect_page() as opened:
        prompt.get_by_role("button", name="Ja, fortell meg mer").click()
    offer = opened.value
    offer.set_default_timeout(30_000)
    expect(offer.get_by_role("heading", name="Vil du ha en fast samtalepartner?")).to_be_visible()
    expect(offer.get_by_text("Det du har skrevet i chatten eller meldingen, følger ikke med.", exact=False)).to_be_visible()
    no_axe(offer)

    # without consent nothing is stored; with it, the case is made and the person gets a code
    offer.get_by_label("Fornavn eller kallenavn").fill("Sol")
    offer.get_by_label("Chat i Losen").check()
    offer.get_by_label("Kveldstid").check()
    with offer.expect_navigation():
        offer.get_by_role("button", name="Send").click()
    expect(offer.get_by_label("Fornavn eller kallenavn")).to_have_value("Sol")
    assert not Case.objects.exists()
    offer.get_by_label("Jeg samtykker").check()
    offer.get_by_role("button", name="Send").click()
    expect(offer.locator(".code")).to_have_text(re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"))
    no_axe(offer)
    assert "/chat/samtale/" in visitor.url  # the chat itself stays open in its own tab

    case = Case.objects.get()
    assert case.source == "chat" and case.status == Case.WAITING and case.first_name == "Sol"
    assert case.consent_at and case.consent_version == 1
    assert SECRET not in case.details and "familien" not in str(case.stated)
    assert Offer.objects.get().state == Offer.ACCEPTED
    responder.reload()
    expect(responder.locator("#case-offer-state")).to_contain_text("Personen takket ja")

    # the case waits for a match on the daily leader's desk, and the leader sees suggestions
    lead = sign_in(browser, base, "hk-leder")
    lead.goto(f"{base}/oppfolging/org/{service.organisation.slug}/")
    waiting = lead.locator("section[aria-labelledby=waiting-h]")
    expect(waiting.get_by_role("heading")).to_have_text("1 venter på match")
    expect(waiting.get_by_role("link", name=case.ref)).to_be_visible()
    expect(waiting.get_by_role("cell", name="Sol")).to_be_visible()
    no_axe(lead)
    waiting.get_by_role("link", name=case.ref).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(case.ref)
    assert SECRET not in lead.content()
    no_axe(lead)
