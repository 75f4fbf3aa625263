"""(Lives in demo/tests so that it runs after chat's live socket tests: the session's Playwright loop must start after them.)
The whole path in Chromium on the real ASGI app (`live_asgi`): intake form (without JavaScript) →
the leader approves a suggestion → the volunteer signs → the framework → a case channel exchange
with both sides open at once (lines arrive over the WebSocket without a reload, "Lest" comes back
live), and the same side without JavaScript → a video meeting booked (on the Jitsi server the
service admin set on the settings page) → a concern → a move to another volunteer → closure → the
evaluation. axe-core on every new page."""

import re

import pytest

from losen.browser import axe_violations, describe, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losen-demo-passord"


def sign_in(browser, base, username):
    from losen.demo import staff as demo

    return staff_sign_in(browser, base, username, demo.key_code(username), password=PASSWORD, timeout=30_000)


def open_mine(page, base, code, axe=False):
    """The help seeker's side of the case, opened with the pickup code."""
    page.goto(base + "/oppfolging/min/")
    if axe:
        no_axe(page)
    page.get_by_label("Koden din").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Åpne").click()


def send_line(page, text):
    """A line in the case channel: the form posts, and the writer's page loads again."""
    page.locator("#id_body").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Send melding").click()


def stays(page):
    """Wait until the page's socket has joined the case, then mark the page (a reload drops the mark)."""
    from playwright.sync_api import expect

    expect(page.locator("#case-channel[data-live=on]")).to_have_count(1)
    page.evaluate("window.losenNotReloaded = true")


def still_the_same(page):
    return page.evaluate("window.losenNotReloaded === true")


def no_axe(page):
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_whole_case_path(browser, live_asgi, directory):
    from playwright.sync_api import expect

    from losen.accounts.models import User
    from losen.cases.models import Case, CaseService, Meeting
    from losen.cases.tests.conftest import make_volunteer
    from losen.demo import staff as demo
    from losen.directory.models import Service
    from losen.stats.models import Contact
    from losen.volunteers import actions as vactions
    from losen.volunteers.models import Declaration

    base = live_asgi.url
    expect.set_options(timeout=30_000)  # a loaded CI machine: room to wait (the browser fixture resets it)
    demo.load()
    service = Service.objects.get(slug="hjelpekilden")
    org = service.organisation
    CaseService.objects.create(service=service, consent_text="Jeg samtykker til behandlingen.")
    leader = User.objects.get(username="hk-leder")
    vactions.publish_declaration(org, Declaration.CONFIDENTIALITY, "Taushetserklæring", "Taushetsplikt gjelder alltid.", leader, True)
    make_volunteer(org, "hk-frivillig", "Hanne Frivillig", leader, region="oslo", forms=("chat", "video", "meet"), times=("evening",))
    other = make_volunteer(org, "hk-jonas", "Jonas Berg", leader, forms=("phone",), times=("day",))
    from losen.volunteers import declarations

    for d in declarations.unsigned(other.user, org):
        vactions.sign(other.user, d)

    # the help seeker asks for someone to talk to, on a phone, without JavaScript
    seeker_context = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True, java_script_enabled=False)
    seeker = seeker_context.new_page()
    seeker.goto(base + "/oppfolging/tjeneste/hjelpekilden/")
    seeker_js = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True).new_page()
    seeker.set_default_timeout(30_000)
    seeker_js.set_default_timeout(30_000)
    seeker_js.goto(base + "/oppfolging/tjeneste/hjelpekilden/")
    no_axe(seeker_js)
    seeker.get_by_label("Fornavn eller kallenavn").fill("Ingrid")
    seeker.get_by_label("Chat i Losen").check()
    seeker.get_by_label("Video").check()
    seeker.get_by_label("Kveldstid").check()
    seeker.get_by_label("Jeg samtykker").check()
    seeker.get_by_role("button", name="Send").click()
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", seeker.locator(".code").inner_text()).group(0)
    case = Case.objects.get()

    # the daily leader (also the service admin) sets the service's own Jitsi Meet server, then
    # approves the first suggestion
    lead = sign_in(browser, base, "hk-leder")
    lead.goto(f"{base}/oppfolging/org/{org.slug}/innstillinger/")
    no_axe(lead)
    lead.get_by_label("Egen Jitsi Meet-server").fill("https://jitsi.hjelpekilden.example")
    lead.get_by_role("button", name="Lagre").click()
    expect(lead.get_by_text("Lagret.")).to_be_visible()
    lead.goto(f"{base}/oppfolging/org/{org.slug}/")
    no_axe(lead)
    with lead.expect_navigation():
        lead.get_by_role("link", name=case.ref).click()
    no_axe(lead)
    expect(lead.get_by_text("kan på kveldstid").first).to_be_visible()
    with lead.expect_navigation():  # the write is done before the next step looks
        lead.get_by_role("button", name="Godkjenn Hanne Frivillig").click()

    # the volunteer signs, agrees the framework and writes in the case channel
    vol = sign_in(browser, base, "hk-frivillig")
    vol.goto(base + "/frivillige/")
    with vol.expect_navigation():
        vol.get_by_role("link", name=re.compile("Les og signer Taushetserklæring")).click()
    no_axe(vol)
    vol.get_by_label("Jeg har lest og godtar erklæringen").check()
    with vol.expect_navigation():
        vol.get_by_role("button", name="Signer").click()
    case_url = f"{base}/oppfolging/org/{org.slug}/sak/{case.pk}/"
    vol.goto(case_url)
    vol.locator("#id_frequency").select_option("weekly")
    vol.locator("#id_review_on").fill("2030-01-15")
    with vol.expect_navigation():
        vol.get_by_role("button", name="Lagre rammen").click()
    # the case channel, live: both sides have the case open at once (the help seeker in a browser
    # with JavaScript); a line from one side appears on the other side's page without a reload,
    # and "Lest" comes back to the writer at once
    send_line(vol, "Hei Ingrid! Så fint at du tok kontakt.")
    stays(vol)
    open_mine(seeker_js, base, code, axe=True)
    expect(seeker_js.get_by_text("Så fint at du tok kontakt.")).to_be_visible()
    no_axe(seeker_js)
    expect(vol.locator("#case-channel li.mine .read")).to_have_text(" · Lest")  # read at once, live
    assert still_the_same(vol)
    stays(seeker_js)
    send_line(seeker_js, "Takk! Kan vi ta video på torsdag?")
    expect(vol.get_by_text("Kan vi ta video på torsdag?")).to_be_visible()
    assert still_the_same(vol)
    stays(seeker_js)
    send_line(vol, "Ja, torsdag passer fint.")
    expect(seeker_js.get_by_text("Ja, torsdag passer fint.")).to_be_visible()
    assert still_the_same(seeker_js)
    stays(vol)
    no_axe(vol)

    # the same side of the case without JavaScript: everything by reloading
    open_mine(seeker, base, code)
    expect(seeker.get_by_text("Ja, torsdag passer fint.")).to_be_visible()
    expect(seeker.get_by_text("Svarer vanligvis innen 2 dager.", exact=False)).to_be_visible()
    seeker.locator("#id_body").fill("Jeg gleder meg.")
    seeker.get_by_role("button", name="Send melding").click()
    expect(seeker.get_by_text("Meldingen er sendt.")).to_be_visible()
    expect(vol.get_by_text("Jeg gleder meg.")).to_be_visible()
    assert still_the_same(vol)

    # a video meeting on the service's own Jitsi server, then a concern
    vol.goto(case_url)
    vol.locator("#id_meeting-form").select_option("video")
    vol.locator("#id_meeting-starts_at").fill("2030-01-10T18:00")
    with vol.expect_navigation():
        vol.get_by_role("button", name="Book avtale").click()
    assert Meeting.objects.get(case=case).video_url.startswith("https://jitsi.hjelpekilden.example/losen-")
    vol.locator("#id_concern-kind").select_option("worry")
    with vol.expect_navigation():
        vol.get_by_role("button", name="Meld bekymring").click()
    expect(vol.get_by_text("116 117").first).to_be_visible()

    # the leader sees it, moves the case with a handover note, and closes it
    lead.goto(f"{base}/oppfolging/org/{org.slug}/")
    expect(lead.get_by_text("1 åpen bekymring")).to_be_visible()
    lead.goto(case_url)
    lead.locator("#id_mode").select_option("move")
    lead.locator("#id_volunteer").select_option(str(other.pk))
    lead.locator("#id_handover_note").fill("Foretrekker korte meldinger.")
    lead.get_by_role("button", name="Lagre", exact=True).click()
    expect(lead.get_by_text("Foretrekker korte meldinger.")).to_be_visible()
    lead.locator("#id_reason").select_option("goal")
    lead.get_by_role("button", name="Avslutt", exact=True).click()
    expect(lead.get_by_text("(Avsluttet)")).to_be_visible()
    no_axe(lead)

    # the help seeker evaluates anonymously (the closed case's page checked with axe, then answered without JavaScript)
    open_mine(seeker_js, base, code)
    expect(seeker_js.get_by_role("button", name="Send evaluering")).to_be_visible()
    no_axe(seeker_js)
    open_mine(seeker, base, code)
    seeker.locator("input[name=helped][value=yes]").check()
    seeker.get_by_role("button", name="Send evaluering").click()
    expect(seeker.get_by_text("Takk for at du svarte!")).to_be_visible()
    case.refresh_from_db()
    assert Contact.objects.get(pk=case.contact_id).feedback == {"helped": "yes"}
