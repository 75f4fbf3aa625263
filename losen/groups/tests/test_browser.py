"""End to end in Chromium against a real ASGI server (uvicorn subprocess, WebSockets), with the
demo data: two leaders sign in with password and TOTP and start the online session; three
participants come back with their pickup codes and enter the room; a leader mutes one; one
opens a side chat with a leader; a crisis message is held back (the writer sees the crisis
panel, the leaders an alert, the others nothing); the session is ended, the text deleted, and
the participants submit their evaluations. axe-core finds nothing serious on the pages."""

import os
import re

import pytest

from losen.browser import axe_violations, staff_sign_in
from losen.chat.tests.servers import Stack  # test helper only (tests are outside the floors)
from losen.demo.groups import CODES

pytestmark = pytest.mark.browser

PG = os.environ.get("DATABASE_URL", "")
REDIS = os.environ.get("REDIS_URL", "")
CRISIS = "jeg vil ikke leve mer, jeg har pillene klare"


@pytest.fixture
def server(tmp_path):
    postgres = PG if PG.startswith(("postgres://", "postgresql://")) else None
    stack = Stack(tmp_path, postgres_url=postgres, redis_url=REDIS or None)
    try:
        stack.losen("demo", "--no-serve")
        stack.url = stack.start("web")
        yield stack
    finally:
        stack.close()


def staff_page(browser, base, username):
    from losen.demo import staff as demo

    return staff_sign_in(browser, base, username, demo.key_code(username), viewport={"width": 1280, "height": 720})


def participant_page(browser, base, name):
    page = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 800}).new_page()
    page.set_default_timeout(20000)
    page.goto(base + "/grupper/hent/")
    page.get_by_label("Hentekode").fill(CODES[name])
    page.get_by_role("button", name="Gå videre").click()
    page.wait_for_url(re.compile(r"/grupper/deltaker/"))
    return page


def no_serious(page):
    found = axe_violations(page)
    assert not found, found


def test_online_room_end_to_end(browser, server):
    from playwright.sync_api import expect

    base = server.url
    lead1 = staff_page(browser, base, "nks-leder1")
    lead1.goto(base + "/grupper/leder/")
    no_serious(lead1)
    lead1.get_by_role("link", name=re.compile("Unge pårørende")).first.click()
    lead1.wait_for_url(re.compile(r"/grupper/leder/samling/\d+/$"))
    session_url = lead1.url
    lead1.get_by_role("button", name="Start samlingen").click()
    expect(lead1.locator("#lead-state")).to_contain_text("Pågår")
    lead2 = staff_page(browser, base, "nks-leder2")
    lead2.goto(session_url)

    people = {}
    for name in ("Mina", "Jonas", "Sara"):
        page = participant_page(browser, base, name)
        if name == "Mina":
            no_serious(page)
        page.get_by_role("link", name="Gå inn i rommet").click()
        page.wait_for_url(re.compile(r"/rom/\d+/$"))
        people[name] = page
    mina, jonas, sara = people["Mina"], people["Jonas"], people["Sara"]
    no_serious(mina)

    # a message reaches the others and the leaders, with the first name only
    mina.get_by_label("Skriv til gruppen").fill("Hei alle sammen, fint å være her")
    mina.get_by_role("button", name="Send", exact=True).click()
    expect(jonas.locator("#room-log")).to_contain_text("Mina: Hei alle sammen, fint å være her")
    expect(lead2.locator("#lead-log")).to_contain_text("Hei alle sammen")
    # a leader writes, marked as leader
    lead1.reload()
    lead1.get_by_label("Skriv til gruppen").fill("Velkommen, alle sammen")
    lead1.get_by_role("button", name="Send", exact=True).click()
    expect(sara.locator("#room-log")).to_contain_text("(leder): Velkommen, alle sammen")

    # a leader mutes Jonas: he is told and cannot write to the group
    lead1.locator('tr[data-participant] button[data-control="mute"]').nth(1).click()
    expect(jonas.locator("#muted-note")).to_be_visible()
    jonas.get_by_label("Skriv til gruppen").fill("hallo?")
    jonas.get_by_role("button", name="Send", exact=True).click()
    expect(jonas.locator("#room-log")).to_contain_text("satt deg på pause")
    expect(mina.locator("#room-log")).not_to_contain_text("hallo?")

    # Sara asks for a leader: a private side chat
    sara.get_by_role("button", name="Jeg trenger å snakke med en leder").click()
    sara.locator("#side-form textarea").fill("Kan jeg snakke med en av dere?")
    sara.get_by_role("button", name="Send til leder").click()
    lead2.reload()
    expect(lead2.locator("#sides")).to_contain_text("Kan jeg snakke med en av dere?")
    lead2.locator("#sides textarea").first.fill("Ja, jeg er her. Hva tenker du på?")
    lead2.get_by_role("button", name="Send privat").first.click()
    expect(sara.locator("#side-log")).to_contain_text("Ja, jeg er her")
    expect(mina.locator("#side-log")).not_to_contain_text("Ja, jeg er her")
    no_serious(lead2)

    # a crisis message is held back: the writer sees the crisis panel, the leaders an alert
    mina.get_by_label("Skriv til gruppen").fill(CRISIS)
    mina.get_by_role("button", name="Send", exact=True).click()
    expect(mina.locator("#crisis-panel")).to_be_visible()
    expect(mina.locator("#crisis-panel")).to_contain_text("113")
    expect(lead1.locator("#alerts")).to_contain_text("pillene klare")
    sara.wait_for_timeout(1000)
    expect(sara.locator("#room-log")).not_to_contain_text("pillene")
    sara.reload()
    expect(sara.locator("#room-log")).not_to_contain_text("pillene")
    no_serious(mina)

    # the session ends: everyone is told, and the room's text is deleted
    lead1.reload()
    lead1.get_by_role("button", name="Avslutt samlingen").click()
    expect(mina.locator("#room-state")).to_contain_text("avsluttet")
    session_id = int(re.search(r"/samling/(\d+)/", session_url).group(1))
    assert server.query("SELECT count(*) FROM groups_roommessage WHERE session_id = %s", (session_id,))[0][0] == 0
    assert server.query("SELECT count FROM stats_contact WHERE channel = 'group' ORDER BY id DESC LIMIT 1")[0][0] == 3

    # evaluations, anonymous, once each
    for page in (mina, jonas, sara):
        page.get_by_role("link", name="Tilbake til påmeldingen").click()
        form = page.locator(f"#okt-{session_id} form")
        for q in range(3):
            form.locator(f'input[name="q{q}"][value="4"]').check()
        form.get_by_role("button", name="Send evaluering").click()
        expect(page.locator(f"#okt-{session_id}")).to_contain_text("du har evaluert")
    no_serious(sara)
    assert server.query("SELECT count(*) FROM groups_evaluation WHERE session_id = %s", (session_id,))[0][0] == 3
    lead1.goto(session_url)
    expect(lead1.locator("#eval-heading + p")).to_contain_text("minst 5 svar")
    # an ended session's page stays put (it once reloaded itself for ever: its socket said "ended")
    lead1.evaluate("window.stayed = true")
    lead1.wait_for_timeout(1500)
    assert lead1.evaluate("window.stayed === true")
