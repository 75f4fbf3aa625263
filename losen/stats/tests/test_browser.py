"""In Chromium: the organisation dashboard and the annual report render their charts and data
tables without JavaScript-dependent parts, and have no serious axe-core findings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.browser import axe_violations, describe
from losen.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_page(page, live_server, user):
    """Put a verified staff session cookie into the browser (the sign-in itself is tested in core)."""
    from django.test import Client

    from losen.conftest import sign_in

    client = sign_in(Client(), user)
    cookie = client.cookies["sessionid"] if "sessionid" in client.cookies else next(iter(client.cookies.values()))
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def data(directory, orgs):
    from losen.directory.models import Service
    from losen.stats import actions

    service = Service.objects.get(slug="kirkens-sos")
    service.organisation = orgs["a"]
    service.save()
    base = timezone.now() - timedelta(days=3)
    for i in range(60):
        actions.record_contact(organisation=orgs["a"], service=service, channel="chat" if i % 2 else "phone", received_at=base - timedelta(hours=i),
                               outcome="answered" if i % 4 else "abandoned_queue", wait_seconds=20 + 7 * i, handle_seconds=600,
                               age_band="16-18" if i % 3 else "", demo=True)
    return service


def test_dashboard_and_annual_report_pass_axe(page, live_server, data, orgs):
    user = make_staff("leser", roles.STATISTICS_READER, orgs["a"])
    sign_in_page(page, live_server, user)
    page.goto(page.base + "/statistikk/org/org-a/")
    assert "demodata – ikke virkelige tall" in page.content()
    assert page.locator("figure.chart img").count() >= 3
    assert page.get_by_role("table").count() >= 5
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.goto(page.base + f"/statistikk/org/org-a/arsrapport/?year={timezone.localdate().year}")
    assert page.locator("h1").inner_text().startswith("Årsrapport")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_public_statistics_page_passes_axe(page, data):
    page.goto(page.base + "/statistikk/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
