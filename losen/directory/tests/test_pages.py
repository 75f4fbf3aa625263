"""The public pages a help seeker reads, and the stewards' pages that keep them true."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.audit.models import AuditEvent
from losen.conftest import make_staff, sign_in
from losen.directory.models import Service

pytestmark = pytest.mark.django_db


def at(iso):
    from datetime import datetime

    return mock.patch("django.utils.timezone.now", return_value=datetime.fromisoformat(iso))


def test_list_shows_live_status_in_bokmal(client, directory):
    with at("2026-11-26T00:30:00+01:00"):
        page = client.get("/tjenester/", {"channel": "chat"}).content.decode()
    assert "Åpen – stenger 01:30" in page
    assert "Kirkens SOS" in page


def test_closed_line_says_when_it_opens(client, directory):
    with at("2026-11-28T12:00:00+01:00"):
        page = client.get("/tjenester/kirkens-sos/").content.decode()
    assert "Stengt – åpner 14:30" in page


def test_detail_tells_everything_a_help_seeker_needs(client, directory):
    page = client.get("/tjenester/kirkens-sos/").content.decode()
    for heading in ("Hvem svarer", "Kan jeg være anonym?", "Hvis du sier at du er i fare", "Åpningstider", "Slik kommer du i kontakt"):
        assert heading in page
    assert "Du kan være helt anonym." in page
    assert "113" in page
    assert "<script" not in page.split("quick-exit.js")[1]  # no script beyond quick exit


def test_unknown_is_shown_as_not_known(client, directory):
    page = client.get("/tjenester/kamerathjelpen/").content.decode()
    assert "Åpningstid ikke kjent" in page


def test_channel_without_address_links_to_the_services_website(client, directory):
    """Never a channel as a way to get help without a way to use it (issue 8)."""
    page = client.get("/tjenester/kamerathjelpen/").content.decode()
    assert "adresse ikke kjent" not in page
    assert '<a href="https://mannsforum.no/" rel="noreferrer">Kontakt via nettsiden</a>' in page
    page = client.get("/tjenester/krisesentrene/").content.decode()
    assert "Kontakt via nettsiden</a>" in page and "www.bufdir.no/vold/krisesenter" in page
    listing = client.get("/tjenester/", {"q": "krisesentrenes"}).content.decode()
    assert "Kontakt via nettsiden</a>" in listing and "adresse ikke kjent" not in listing


def test_found_number_is_shown_and_callable(client, directory):
    page = client.get("/tjenester/ungdomstelefonen/").content.decode()
    assert '<a href="tel:40000777">400 00 777</a>' in page
    assert '<a href="sms:40000777">400 00 777</a>' in page


def test_without_address_or_website_it_says_so_and_offers_no_link(client, directory):
    from losen.directory import catalogue

    service = Service.objects.get(slug="kamerathjelpen")
    Service.objects.filter(pk=service.pk).update(document={**service.document, "website": None})
    catalogue.invalidate()
    page = client.get("/tjenester/kamerathjelpen/").content.decode()
    assert "kontaktinformasjon ikke kjent" in page
    assert "Kontakt via nettsiden" not in page


def test_english_page_says_contact_via_the_website(client, directory):
    page = client.get("/tjenester/kamerathjelpen/", {"lang": "en"}).content.decode()
    assert "Contact via the website</a>" in page


def test_navigator_results_offer_the_website_when_the_number_is_unknown(client, directory):
    with at("2026-12-03T15:00:00+01:00"):
        page = client.post("/finn-hjelp/", {"text": "mannen min slår meg og jeg trenger et krisesenter"}).content.decode()
    assert "Kontakt via nettsiden" in page or "Krisesentrenes" not in page
    assert "kontaktinformasjon ikke kjent" not in page


def test_action_falls_back_to_the_website():
    from losen.directory import presenting

    channel = {"kind": "phone", "address": None}
    assert presenting.action(channel, "https://example.no/") == {
        "label": "Kontakt via nettsiden",
        "href": "https://example.no/",
        "via_website": True,
    }
    assert presenting.action(channel, None) is None
    assert presenting.action(channel, "javascript:alert(1)") is None
    assert presenting.action({"kind": "phone", "address": "116 123"}, "https://x.no/")["href"] == "tel:116123"
    forum = presenting.action({"kind": "forum", "address": "https://www.sidetmedord.no/"})
    assert forum["label"] == "Gå til forumet"


def test_bad_filter_is_a_form_error_not_a_crash(client, directory):
    response = client.get("/tjenester/", {"age": "-5"})
    assert response.status_code == 400
    assert "age" in response.content.decode()


def test_unknown_service_page_is_404(client, directory):
    assert client.get("/tjenester/finnes-ikke/").status_code == 404


def test_stale_record_shows_last_checked_date_publicly(client, directory):
    Service.objects.filter(slug="jentevakta").update(last_verified=date(2025, 1, 2))
    from losen.directory import catalogue

    catalogue.invalidate()
    page = client.get("/tjenester/jentevakta/").content.decode()
    assert "sist kontrollert 02.01.2025" in page


@pytest.fixture
def steward(directory):
    from losen.accounts.models import Organisation

    org = Organisation.objects.get(slug="kirkens-sos")
    return make_staff("ks-admin", roles.SERVICE_ADMIN, org)


def test_service_admin_edits_own_service_and_every_edit_is_versioned(client, steward):
    sign_in(client, steward)
    service = Service.objects.get(slug="kirkens-sos")
    before = service.version
    form = client.get("/tjenester/forvaltning/kirkens-sos/")
    assert form.status_code == 200
    channels = form.context["form"].initial["channels"]
    import json

    response = client.post(
        "/tjenester/forvaltning/kirkens-sos/",
        {
            "description_nb": "Ny beskrivelse.",
            "description_en": "New description.",
            "website": "",
            "channels": json.dumps(channels),
            "note": "oppdatert beskrivelse",
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.version == before + 1
    assert service.document["description"]["nb"] == "Ny beskrivelse."
    latest = service.versions.first()
    assert latest.edited_by == steward and latest.note == "oppdatert beskrivelse"
    assert AuditEvent.objects.filter(action="service_edited", actor=steward).exists()
    assert "Ny beskrivelse." in client.get("/tjenester/kirkens-sos/").content.decode()


def test_bad_hours_are_refused_in_the_form_and_nothing_is_lost(client, steward):
    sign_in(client, steward)
    service = Service.objects.get(slug="kirkens-sos")
    before = (service.version, service.document)
    bad = [{"kind": "chat", "address": None, "languages": ["nb"], "hours": {"kind": "weekly", "holidays": "closed", "rules": [{"days": ["xx"], "open": "25:00", "close": "01:00"}]}}]
    import json

    response = client.post(
        "/tjenester/forvaltning/kirkens-sos/",
        {"description_nb": "x", "description_en": "", "website": "", "channels": json.dumps(bad), "note": "feil"},
    )
    assert response.status_code == 400
    assert "channels[0].hours" in response.content.decode()
    service.refresh_from_db()
    assert (service.version, service.document) == before


def test_service_admin_cannot_edit_another_organisations_service(client, steward):
    sign_in(client, steward)
    assert client.get("/tjenester/forvaltning/kors-pa-halsen/").status_code == 404
    assert client.post("/tjenester/forvaltning/kors-pa-halsen/bekreft/").status_code == 404


def test_confirm_as_correct_sets_last_verified_and_clears_the_flag(client, steward):
    Service.objects.filter(slug="kirkens-sos").update(last_verified=timezone.localdate() - timedelta(days=120))
    sign_in(client, steward)
    page = client.get("/tjenester/forvaltning/")
    assert "ikke kontrollert på over 90 dager" in page.content.decode()
    stale_before = page.context["stale_count"]
    client.post("/tjenester/forvaltning/kirkens-sos/bekreft/")
    service = Service.objects.get(slug="kirkens-sos")
    assert service.last_verified == timezone.localdate()
    assert service.versions.first().note == "confirmed as correct"
    assert client.get("/tjenester/forvaltning/").context["stale_count"] == stale_before - 1


def test_seed_directory_is_idempotent_and_keeps_stewards_edits(directory, steward):
    from losen.directory import loader

    service = Service.objects.get(slug="kirkens-sos")
    service.edit({**service.document, "website": "https://example.invalid/"}, steward, note="test")
    counts = loader.load()
    assert counts["created"] == 0
    assert Service.objects.count() == 48
    assert Service.objects.get(slug="kirkens-sos").document["website"] == "https://example.invalid/"


def test_stale_records_are_flagged_on_the_admins_home_page(client, steward):
    Service.objects.filter(organisation__slug="kirkens-sos").update(last_verified=date(2025, 1, 1))
    sign_in(client, steward)
    page = client.get("/staff/").content.decode()
    assert "tjenester er ikke kontrollert på over 90 dager" in page or "tjeneste er ikke kontrollert på over 90 dager" in page


def test_service_without_channels_still_leads_somewhere(client, directory):
    page = client.get("/tjenester/ly-for-deg/").content.decode()
    assert '<a href="https://www.lyfordeg.no/" rel="noreferrer">Kontakt via nettsiden</a>' in page
    listing = client.get("/tjenester/", {"q": "ly for deg"}).content.decode()
    assert '<a href="https://www.lyfordeg.no/" rel="noreferrer">Kontakt via nettsiden</a>' in listing


def test_navigator_results_never_end_without_a_way_to_make_contact(client, directory):
    import re

    for text in ("mannen min slår meg og jeg trenger et krisesenter", "jeg er 15 og mamma drikker hver helg"):
        page = client.post("/finn-hjelp/", {"text": text}).content.decode()
        cards = page.split('<li class="card">')[1:]
        assert cards, text
        for card in cards:
            slug = re.search(r'href="/tjenester/([^/]+)/"', card).group(1)
            assert 'class="button' in card or "chat:start" in card, (text, slug)
            assert "kontaktinformasjon ikke kjent" not in card, (text, slug)
