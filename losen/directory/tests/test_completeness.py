"""Directory completeness (issue 8): the check, the command, the platform admins' page, and the
shipped data that closes the gaps the seeds and public pages allow."""

import io
import json

import pytest
from django.core.management import call_command

from losen.accounts import roles
from losen.conftest import make_staff, sign_in
from losen.directory import completeness, loader, presenting
from losen.directory.records import RecordError, validate_service

DOCS = loader.read_services()
BY_SLUG = {d["slug"]: d for d in DOCS}


def _doc(**changes):
    doc = json.loads(json.dumps(BY_SLUG["kamerathjelpen"]))
    doc.update(changes)
    return doc


# --- the check -------------------------------------------------------------------------------


def test_check_lists_every_kind_of_gap():
    doc = _doc(website=None)
    doc["target"] = {**doc["target"], "audiences": None}
    empty = _doc(slug="tom", channels=[])
    report = completeness.check([doc, empty])
    assert [g.detail for g in report.no_address] == ["phone", "email"]
    assert [g.detail for g in report.no_address_other] == ["group"]
    assert len(report.hours_unknown) == 3
    assert [g.slug for g in report.audiences_unknown] == ["kamerathjelpen"]
    assert [g.slug for g in report.no_channels] == ["tom"]
    assert [g.slug for g in report.no_website] == ["kamerathjelpen"]
    assert report.summary()["addressed_channels"] == 2
    text = completeness.as_text(report)
    assert "Channels without an address" in text and "  - kamerathjelpen: phone" in text


def test_command_reads_shipped_files_and_database(db, directory):
    out = io.StringIO()
    call_command("directory_completeness", "--shipped", stdout=out)
    assert out.getvalue().startswith("Directory completeness: 48 services")
    out = io.StringIO()
    call_command("directory_completeness", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["services"] == 48 and counts["audiences_unknown"] == 0


# --- the staff page --------------------------------------------------------------------------


def test_platform_admin_sees_the_completeness_list(client, directory):
    admin = make_staff("platform", roles.PLATFORM_ADMIN)
    sign_in(client, admin)
    response = client.get("/tjenester/forvaltning/kompletthet/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hull i tjenestekatalogen" in page
    assert "Kanaler uten adresse" in page
    assert "Jentevakta" in page  # its phone number is still unknown
    home = client.get("/staff/").content.decode()
    assert "/tjenester/forvaltning/kompletthet/" in home


def test_completeness_list_refuses_other_roles_and_anonymous(client, directory):
    from losen.accounts.models import Organisation

    assert client.get("/tjenester/forvaltning/kompletthet/").status_code == 302  # to sign-in
    steward = make_staff("ks-admin", roles.SERVICE_ADMIN, Organisation.objects.get(slug="kirkens-sos"))
    sign_in(client, steward)
    assert client.get("/tjenester/forvaltning/kompletthet/").status_code == 403
    assert "/tjenester/forvaltning/kompletthet/" not in client.get("/staff/").content.decode()


# --- provenance in the record format ---------------------------------------------------------


def test_address_source_is_validated():
    doc = _doc()
    doc["channels"][0] = {**doc["channels"][0], "address": "123", "address_source": {"url": "https://example.no/", "read": "2026-12-03"}}
    validate_service(doc)
    doc["channels"][0]["address_source"] = {"url": "ftp://x", "read": "3. des"}
    with pytest.raises(RecordError) as err:
        validate_service(doc)
    assert any(".url" in p for p in err.value.problems) and any(".read" in p for p in err.value.problems)
    doc["channels"][0] = {**doc["channels"][0], "address": None, "address_source": {"document": "004"}}
    with pytest.raises(RecordError, match="has no address"):
        validate_service(doc)
    doc["channels"][0] = {**doc["channels"][0], "address": "1", "address_source": {"nonsense": 1}}
    with pytest.raises(RecordError, match="unknown keys"):
        validate_service(doc)


def test_website_source_needs_a_website():
    with pytest.raises(RecordError, match="website_source"):
        validate_service(_doc(website=None, website_source={"url": "https://x.no/", "read": "2026-12-03"}))


def test_friend_service_is_a_channel_kind_and_unknown_kinds_are_refused():
    doc = _doc()
    doc["channels"][0] = {**doc["channels"][0], "kind": "friend_service"}
    validate_service(doc)
    doc["channels"][0]["kind"] = "pigeon"
    with pytest.raises(RecordError, match="pigeon"):
        validate_service(doc)


def test_every_channel_kind_has_a_name_in_both_languages():
    from django.utils import translation

    from losen.directory.records import CHANNEL_KINDS

    for kind in CHANNEL_KINDS:
        with translation.override("en"):
            english = presenting.channel_name(kind)
        assert english != kind or kind in ("chat", "sms")
    with translation.override("en"):
        assert presenting.channel_name("friend_service") == "Friend service"


# --- the shipped data ------------------------------------------------------------------------


def _channels(slug, kind):
    return [c for c in BY_SLUG[slug]["channels"] if c["kind"] == kind]


def test_every_found_address_carries_its_source_and_date():
    found = [(d["slug"], c) for d in DOCS for c in d["channels"] if c.get("address_source")]
    assert len(found) >= 10
    for slug, channel in found:
        source = channel["address_source"]
        assert ("url" in source and source["read"] == "2026-12-03") or source.get("document") in loader.read_sources(), slug


def test_no_addressed_channel_is_a_dead_end():
    """Every phone/chat/SMS/e-mail/message/forum channel has an address or the service's website."""
    for doc in DOCS:
        for channel in doc["channels"]:
            if channel["kind"] in completeness.ADDRESSED_KINDS:
                assert channel.get("address") or doc.get("website"), (doc["slug"], channel["kind"])


def test_sidetmedord_has_every_channel_seed_004_names():
    doc = BY_SLUG["sidetmedord"]
    kinds = [c["kind"] for c in doc["channels"]]
    assert kinds == ["chat", "message", "forum", "friend_service"]
    assert _channels("sidetmedord", "message")[0]["answer_time_hours"] == 48
    assert {"document": "004", "section": "Vil du heller skrive om det som er vanskelig? (melding med svar innen 48 timer, forum, vennetjeneste)"} in doc["additional_sources"]


@pytest.mark.parametrize(
    "slug, kind, hours, language",
    [
        ("kirkens-sos", "message", 24, "nb"),
        ("girku-sos", "message", 24, "se"),
        ("hjelpetelefonen-seksuelt-misbrukte", "email", 24, "nb"),
        ("kors-pa-halsen", "forum", None, "nb"),
        ("sidetmedord", "message", 48, "nb"),
        ("rode-kors-telefonen", "message", None, "nb"),
    ],
)
def test_written_channels_the_seeds_name_are_there(slug, kind, hours, language):
    channels = _channels(slug, kind)
    assert channels, (slug, kind)
    assert channels[0]["answer_time_hours"] == hours
    assert language in channels[0]["languages"]


def test_audiences_the_seeds_give_are_set_and_vake_is_for_professionals_only():
    assert BY_SLUG["vake"]["target"]["audiences"] == ["professional"]
    assert [d["slug"] for d in DOCS if d["target"]["audiences"] is None] == []
    for slug in ("papillon", "seif", "lin", "f2f"):
        assert BY_SLUG[slug]["target"]["audiences"] == ["self"], slug
        assert any(s["section"].startswith("Vedlegg C") for s in BY_SLUG[slug]["additional_sources"])


def test_krisesentrene_has_a_website_with_its_source():
    doc = BY_SLUG["krisesentrene"]
    assert doc["website"].startswith("https://www.bufdir.no/")
    assert doc["website_source"]["read"] == "2026-12-03"
    assert _channels("krisesentrene", "phone")[0]["address"] is None  # no national number (seed 003)


def test_vake_is_never_shown_to_someone_who_did_not_say_they_are_a_professional(client, directory):
    import re

    for data in ({"text": "seksuelle overgrep i menigheten vår"}, {"text": "overgrep i kirka", "for_": "self"}):
        page = client.post("/finn-hjelp/", data).content.decode()
        assert "vake" not in re.findall(r'<h3><a href="/tjenester/([^/]+)/', page), data


def test_api_gives_the_website_and_where_an_address_was_found(client, directory):
    summary = client.get("/api/v1/services", {"q": "ungdomstelefonen"}).json()["results"][0]
    assert summary["website"] == "https://ungdomstelefonen.no/"
    detail = client.get("/api/v1/services/ungdomstelefonen").json()
    phone = next(c for c in detail["channels"] if c["kind"] == "phone")
    assert phone["address"] == "400 00 777"
    assert phone["address_source"]["url"].startswith("https://www.nrk.no/")
