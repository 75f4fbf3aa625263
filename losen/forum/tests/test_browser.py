"""The forum in Chromium, without JavaScript needs: a post to Kors på halsen's forum is
pre-moderated, approved by a moderator, replied to, and deleted by its writer with the code.
axe-core finds nothing serious on the forum's pages."""

import re

import pytest
from django.test import Client

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.browser import axe_violations
from losen.conftest import make_staff, sign_in
from losen.directory.models import Service
from losen.forum import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_serious(page):
    found = axe_violations(page)
    assert not found, found


def moderator_context(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(bypass_csp=True)
    cookies = [{"name": k, "value": v.value, "url": live_server.url} for k, v in client.cookies.items()]
    context.add_cookies(cookies)
    return context.new_page()


def test_forum_post_premoderated_approved_replied_deleted(page, browser, live_server, directory):
    from playwright.sync_api import expect

    actions.create_forum(Service.objects.get(slug="kors-pa-halsen"), "kors-pa-halsen", "Kors på halsen – forum", sections=[("skole", "Skole")])
    leader = make_staff("rk-leder", roles.SHIFT_LEADER, Organisation.objects.get(slug="norges-rode-kors"))
    base = page.base

    # the forum is reachable from the service page in the directory
    page.goto(base + "/forum/kors-pa-halsen/")
    no_serious(page)
    page.get_by_role("link", name="Skole").click()
    page.get_by_label("Overskrift").fill("Gruer meg til skolen")
    page.get_by_label("Kallenavn").fill("Blyant")
    page.get_by_label("Innlegg").fill("Hvordan klarer dere å gå på skolen når alt er tungt?")
    page.get_by_role("button", name="Send innlegg").click()
    expect(page.locator("#post-status")).to_contain_text("venter på godkjenning")
    code = page.locator("#pickup-code").inner_text().strip()
    assert len(code.split()) >= 4
    no_serious(page)
    page.goto(base + "/forum/kors-pa-halsen/skole/")
    expect(page.locator("main")).not_to_contain_text("Gruer meg til skolen")

    # a moderator approves it from the queue
    mod = moderator_context(browser, live_server, leader)
    mod.goto(base + "/forum/moderering/kors-pa-halsen/")
    expect(mod.locator("#queue")).to_contain_text("Hvordan klarer dere")
    no_serious(mod)
    mod.get_by_role("button", name=re.compile("^Godkjenn")).first.click()
    expect(mod.locator("#queue")).to_contain_text("Ingenting venter")

    # someone replies; the reply is pre-moderated too, and the moderator also answers as "Moderator"
    page.goto(base + "/forum/kors-pa-halsen/skole/")
    page.get_by_role("link", name="Gruer meg til skolen").click()
    thread_url = page.url
    no_serious(page)
    page.get_by_label("Kallenavn").fill("Måke")
    page.get_by_label("Innlegg").fill("Jeg har det likt. Det hjelper å si det til en lærer.")
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#post-status")).to_contain_text("venter på godkjenning")
    mod.goto(base + "/forum/moderering/kors-pa-halsen/")
    mod.get_by_role("button", name=re.compile("^Godkjenn")).first.click()
    mod.goto(thread_url)
    mod.get_by_label("Svar som moderator").fill("Godt råd. Du kan også ringe oss.")
    mod.get_by_role("button", name="Svar som moderator").click()
    page.goto(thread_url)
    expect(page.locator("main")).to_contain_text("Jeg har det likt")
    expect(page.locator("main")).to_contain_text("Moderator")

    # the writer comes back with the code and deletes the post (the thread goes with it)
    page.goto(base + "/forum/mine-innlegg/")
    page.get_by_label("Hentekode").fill(code)
    page.get_by_role("button", name="Vis innleggene mine").click()
    expect(page.locator("#my-posts")).to_contain_text("Gruer meg til skolen")
    no_serious(page)
    page.get_by_role("button", name=re.compile("^Slett innlegget")).click()
    expect(page.locator("main")).to_contain_text("Innlegget er slettet")
    page.goto(thread_url)
    expect(page.locator("main")).not_to_contain_text("Hvordan klarer dere")
