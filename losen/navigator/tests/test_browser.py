"""In Chromium: the public pages pass axe-core (no serious or critical WCAG 2.1 AA violations),
read at 320 px, work without JavaScript and load nothing from another origin."""

from urllib.parse import urlparse

import pytest

from losen.browser import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/tjenester/", "/tjenester/kirkens-sos/", "/tjenester/kors-pa-halsen/", "/sami/", "/staff/logg-inn/"]


def ask(page, text):
    page.goto(page.base + "/")
    page.fill("textarea", text)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_serious_axe_violations(page, directory, path):
    page.goto(page.base + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_results_and_crisis_pages_have_no_serious_axe_violations(page, directory):
    ask(page, "Jeg blir mobbet på skolen og har ingen venner")
    assert page.locator("#results-heading").count() == 1
    assert axe_violations(page) == []
    ask(page, "jeg vil ikke leve mer, jeg har pillene klare")
    assert page.locator(".emergency").count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["/", "/tjenester/", "/tjenester/kirkens-sos/", "/sami/"])
def test_pages_fit_320px_without_sideways_scrolling(browser, live_server, directory, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_the_navigator_works_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("textarea", "Mamma drikker hver helg og jeg er redd")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#results-heading").count() == 1
    assert context.cookies() == []
    context.close()


def test_nothing_is_loaded_from_another_origin(browser, live_server, directory):
    context = browser.new_context()
    page = context.new_page()
    origins = set()
    page.on("request", lambda request: origins.add(urlparse(request.url).netloc))
    for path in ("/", "/tjenester/", "/tjenester/kirkens-sos/", "/sami/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/")
    page.fill("textarea", "jeg er så ensom")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    context.close()
    assert origins == {urlparse(live_server.url).netloc}
