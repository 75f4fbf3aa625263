"""In Chromium: the platform admins' completeness page passes axe-core (no serious or critical
WCAG 2.1 AA violations), and a service page offers the website for a channel without an address."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from losen.accounts import roles
from losen.browser import axe_violations, describe
from losen.conftest import make_staff, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_completeness_page_has_no_serious_axe_violations(page, directory):
    admin = make_staff("platform-axe", roles.PLATFORM_ADMIN)
    client = sign_in(Client(), admin)
    host = urlparse(page.base).hostname
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "domain": host, "path": "/"}]
    )
    page.goto(page.base + "/tjenester/forvaltning/kompletthet/")
    assert page.locator("h1").inner_text() == "Hull i tjenestekatalogen"
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_website_fallback_is_a_working_link_without_javascript(page, directory):
    page.goto(page.base + "/tjenester/krisesentrene/")
    link = page.get_by_role("link", name="Kontakt via nettsiden").first
    assert link.get_attribute("href").startswith("https://www.bufdir.no/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
