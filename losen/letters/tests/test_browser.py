"""In Chromium: a visitor writes (without JavaScript and with it) and gets a code; a responder
signs in with password and TOTP, claims and answers in the inbox with a support phrase; the
visitor reads the answer with the code, replies and deletes. axe-core finds nothing serious
on the new pages."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts.tests.test_signin import PASSWORD, code_for
from losen.browser import axe_violations, describe, staff_sign_in
from losen.letters.models import Letter, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENT = "Mozilla/5.0 LettersE2E-unik-agent"


def check_axe(page, where):
    found = axe_violations(page)
    assert found == [], f"{where}: {describe(found)}"


def sign_in(browser, base, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return staff_sign_in(browser, base, user.username, code_for(device), password=PASSWORD, viewport={"width": 1200, "height": 900})


def write(page, base, text, age=None):
    page.goto(base + "/skriv/kirkens-sos/")
    page.get_by_label("Skriv meldingen din").fill(text)
    if age:
        page.get_by_label("Hvor gammel er du?").select_option(age)
    page.get_by_role("button", name="Send meldingen").click()
    page.wait_for_selector("#pickup-code")
    return page.locator("#pickup-code").inner_text().strip()


def test_write_answer_read_reply_delete_with_and_without_javascript(browser, live_server, letters):
    from playwright.sync_api import expect

    base = live_server.url
    # without JavaScript
    plain_ctx = browser.new_context(java_script_enabled=False, user_agent=AGENT, viewport={"width": 390, "height": 800})
    plain = plain_ctx.new_page()
    plain.set_default_timeout(20000)
    code = write(plain, base, "Jeg har det tungt på skolen og vet ikke hvem jeg kan snakke med.", age="16-18")
    assert len(code.split("-")) == 4
    expect(plain.get_by_text("Du får svar innen")).to_be_visible()
    expect(plain.get_by_text("vi kan ikke finne den igjen for deg")).to_be_visible()
    expect(plain.get_by_role("button", name="Kopier koden")).to_be_hidden()  # needs JavaScript
    # with JavaScript: the copy button appears
    js_ctx = browser.new_context(bypass_csp=True, user_agent=AGENT, viewport={"width": 390, "height": 800})
    js = js_ctx.new_page()
    js.set_default_timeout(20000)
    js.goto(base + "/skriv/kirkens-sos/")
    check_axe(js, "write page")
    js.get_by_label("Skriv meldingen din").fill("Et spørsmål om venner.")
    expect(js.get_by_text("22 av 5000 tegn")).to_be_visible()
    js.get_by_role("button", name="Send meldingen").click()
    js.wait_for_selector("#pickup-code")
    js_code = js.locator("#pickup-code").inner_text().strip()
    expect(js.get_by_role("button", name="Kopier koden")).to_be_visible()
    check_axe(js, "sent page")
    assert Thread.objects.count() == 2

    # the responder claims and answers with a support phrase
    staff = sign_in(browser, base, letters.volunteer)
    staff.goto(base + "/skriv/vakt/kirkens-sos/")
    expect(staff.get_by_text("2 meldinger venter på svar.")).to_be_visible()
    check_axe(staff, "inbox")
    first = Thread.objects.order_by("answer_by").first()
    staff.get_by_role("link", name=f"Melding {first.pk}", exact=True).click()
    staff.get_by_role("button", name=re.compile("Ta meldingen")).click()
    expect(staff.get_by_text(re.compile("Meldingen er låst til deg til"))).to_be_visible()
    expect(staff.get_by_text("16–18 år")).to_be_visible()
    check_axe(staff, "staff thread")
    staff.get_by_role("button", name="Takk for at du deler dette.").click()
    field = staff.get_by_label("Svar", exact=True)
    assert field.input_value() == "Takk for at du deler dette."
    field.fill(field.input_value() + " Hva er det som er tyngst på skolen nå?")
    staff.get_by_role("button", name="Send svar").click()
    staff.wait_for_url(re.compile(r"/skriv/vakt/kirkens-sos/$"))
    expect(staff.get_by_text("Svaret er sendt.")).to_be_visible()

    # the visitor without JavaScript reads with the code, replies and deletes
    plain.goto(base + "/skriv/hent/")
    plain.get_by_label("Hentekoden din").fill(code.replace("-", " ").upper())
    plain.get_by_role("button", name="Vis samtalen").click()
    expect(plain.get_by_text("Hva er det som er tyngst på skolen nå?")).to_be_visible()
    assert code.lower() not in plain.url
    plain.get_by_label("Skriv et svar").fill("Det er mest friminuttene.")
    plain.get_by_role("button", name="Send", exact=True).click()
    expect(plain.get_by_text("Det er mest friminuttene.")).to_be_visible()
    first.refresh_from_db()
    assert first.status == Thread.WAITING
    plain.get_by_role("button", name="Slett samtalen").click()
    plain.get_by_role("button", name="Ja, slett alt").click()
    expect(plain.get_by_text("Alt er slettet. Koden virker ikke lenger.")).to_be_visible()
    assert not Thread.objects.filter(pk=first.pk).exists() and not Letter.objects.filter(thread_id=first.pk).exists()

    # the visitor with JavaScript reads the waiting thread, axe on the thread page, then deletes
    js.goto(base + "/skriv/hent/")
    check_axe(js, "pickup page")
    js.get_by_label("Hentekoden din").fill(js_code)
    js.get_by_role("button", name="Vis samtalen").click()
    expect(js.get_by_text("Et spørsmål om venner.")).to_be_visible()
    check_axe(js, "thread page")
    js.get_by_role("button", name="Slett samtalen").click()
    js.get_by_role("button", name="Ja, slett alt").click()
    expect(js.get_by_text("Alt er slettet.")).to_be_visible()
    assert Thread.objects.count() == 0
    # a wrong code gets the neutral answer
    js.goto(base + "/skriv/hent/")
    js.get_by_label("Hentekoden din").fill(js_code)
    js.get_by_role("button", name="Vis samtalen").click()
    expect(js.get_by_text("Vi fant ingen samtale med den koden.")).to_be_visible()
    for ctx in (plain_ctx, js_ctx, staff.context):
        ctx.close()


def test_crisis_panel_and_english_pages_pass_axe(browser, live_server, letters):
    from playwright.sync_api import expect

    ctx = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 800})
    page = ctx.new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/skriv/kirkens-sos/")
    page.get_by_label("Skriv meldingen din").fill("Jeg vil ikke leve mer. Jeg har pillene klare.")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.get_by_role("alert")).to_contain_text("113")
    check_axe(page, "sent page with crisis panel")
    page.goto(live_server.url + "/skriv/?lang=en")
    expect(page.get_by_role("heading", name="Write to us")).to_be_visible()
    check_axe(page, "index (English)")
    ctx.close()
