"""The shipped directory: every service named in issue 3, each record valid and sourced."""

import json

import pytest

from losen.directory import hours, loader
from losen.directory.records import validate_service

SLUGS = """alarmtelefonen alltidhjelp sex-og-samfunn-chat rosa-menneskehandel foreldresupport girku-sos
hjelpetelefonen hjelpetelefonen-seksuelt-misbrukte jentevakta kamerathjelpen kirkens-sos kompetanseteamet
kors-pa-halsen krisesentrene mannstelefonen psykterlig-chat rode-kors-telefonen sanks sidetmedord
snakkommobbing snakkompsyken stottesenter-kriminalitetsutsatte tryggest ungdomstelefonen unge-relasjoner
vo-linjen alternativ-til-vold arbeidslivstelefonen det-finnes-hjelp dixi f2f frelsesarmeen-eldre hjelpekilden
ivareta lin ly-for-deg nok-smiso papillon lpp-pio ressursvenn seif ssmm slettmeg umk-chat vake
nks-veiledningssenter mental-helse-ungdom-chat samtalerommet""".split()

DOCS = loader.read_services()
BY_SLUG = {d["slug"]: d for d in DOCS}


def test_every_service_of_the_seeds_is_there_and_nothing_else():
    assert sorted(BY_SLUG) == sorted(SLUGS)
    assert len(SLUGS) == 48


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d["slug"])
def test_each_record_is_valid_and_sourced(doc):
    validate_service(doc)
    assert doc["source"]["document"] in loader.read_sources()
    for channel in doc["channels"]:
        hours.Schedule.from_spec(channel["hours"])


def test_emergency_list_has_the_four_numbers():
    numbers = [e["number"].replace(" ", "") for e in loader.read_emergency()]
    assert numbers == ["113", "112", "110", "116117"]


def test_no_named_persons_contact_details():
    """Seed 000 lists named people's phone numbers and e-mail addresses: none may be shipped."""
    text = json.dumps(DOCS, ensure_ascii=False).lower()
    for private in ("91772706", "917 72 706", "hilde@", "maria.s@", "bente@", "styret@"):
        assert private not in text


def test_unknown_facts_are_explicit_nulls_not_guesses():
    kamerathjelpen = BY_SLUG["kamerathjelpen"]
    assert all(c["hours"]["kind"] == "unknown" for c in kamerathjelpen["channels"])
    assert all(c["address"] is None for c in kamerathjelpen["channels"])


def test_kors_pa_halsen_reads_usikkert_at_15_in_the_christmas_holiday():
    """003: 16-22 instead of 14-22 in the Christmas and summer holidays, dates not given. At 15:00
    in the middle of the Christmas holiday the phone and chat read "usikkert", never "Åpen"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo("Europe/Oslo")
    weekly = [c for c in BY_SLUG["kors-pa-halsen"]["channels"] if c["hours"]["kind"] == "weekly" and c["hours"]["rules"][0]["open"] == "14:00"]
    assert {c["kind"] for c in weekly} == {"phone", "chat"}
    for channel in weekly:
        schedule = hours.Schedule.from_spec(channel["hours"])
        christmas = schedule.status(datetime(2026, 12, 28, 15, 0, tzinfo=oslo))
        assert christmas.open is None and christmas.uncertain
        assert schedule.status(datetime(2027, 7, 10, 15, 0, tzinfo=oslo)).uncertain  # summer holiday
        assert schedule.status(datetime(2026, 12, 28, 17, 0, tzinfo=oslo)).open is True
        assert schedule.status(datetime(2026, 11, 10, 15, 0, tzinfo=oslo)).open is True  # term time
        assert all("https://" in s["source"] for s in channel["hours"]["uncertain_seasons"])
