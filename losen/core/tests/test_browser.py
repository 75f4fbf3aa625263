"""In Chromium: staff sign in with TOTP, quick exit leaves no way Back, the language picker
keeps its choice across pages."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.tests.test_signin import PASSWORD, code_for
from losen.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_with_password_and_totp(page, orgs):
    user = make_staff("vaktleder", roles.SHIFT_LEADER, orgs["a"])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(page.base + "/staff/logg-inn/")
    page.get_by_label("Brukernavn").fill("vaktleder")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Neste").click()
    page.wait_for_url(re.compile(r"/staff/logg-inn/kode/$"))
    page.get_by_label("Engangskode fra autentiseringsappen").fill(code_for(device))
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert "Vaktleder" in page.content()


def test_quick_exit_replaces_the_page_so_back_does_not_return(page, directory):
    neutral = page.base + "/api/v1/health"  # stands in for the weather page: no outside network here
    from django.test import override_settings

    with override_settings(LOSEN_QUICK_EXIT_URL=neutral):
        page.goto(page.base + "/tjenester/")
        page.goto(page.base + "/tjenester/kirkens-sos/")
        page.get_by_role("link", name=re.compile("Forlat siden raskt")).click()
        page.wait_for_url(neutral)
        page.go_back()
        assert "/tjenester/kirkens-sos/" not in page.url
        assert page.url.endswith("/tjenester/") or page.url == "about:blank"
    assert page.context.cookies() == []


def test_quick_exit_by_pressing_shift_three_times(page, directory):
    neutral = page.base + "/api/v1/health"
    from django.test import override_settings

    with override_settings(LOSEN_QUICK_EXIT_URL=neutral):
        page.goto(page.base + "/tjenester/kirkens-sos/")
        for _ in range(3):
            page.keyboard.press("Shift")
        page.wait_for_url(neutral)


def test_language_picker_choice_survives_navigation(page, directory):
    page.goto(page.base + "/tjenester/")
    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(page.base + "/tjenester/kirkens-sos/")
    assert page.locator("html").get_attribute("lang") == "en"
    cookies = page.context.cookies()
    assert [(c["name"], c["value"]) for c in cookies] == [("losen_language", "en")]
