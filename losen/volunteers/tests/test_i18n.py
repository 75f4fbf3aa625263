"""Rule messages and pages switch language (catalogue completeness: core/tests/test_i18n.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from losen.conftest import sign_in


def test_rule_messages_are_translated():
    with translation.override("en"):
        assert gettext("Flere tunge vakter på rad") == "Several heavy shifts in a row"
        assert gettext("Dette steget kan ikke følge det nåværende.") == "This stage cannot follow the current one."


@pytest.mark.django_db
def test_own_page_in_english(client, make_volunteer):
    v = make_volunteer("kari")
    sign_in(client, v.user)
    client.cookies["losen_language"] = "en"
    page = client.get("/frivillige/").content.decode()
    assert "My volunteer page" in page and "Pause me" in page
