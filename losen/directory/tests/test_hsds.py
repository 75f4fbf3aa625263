"""Tests for the HSDS 3.0 conversion (plain Python, no Django needed).

Run alone with ``python -m pytest losen/directory/tests/test_hsds.py -p no:django --noconftest``
(``--noconftest`` because ``losen/conftest.py`` imports Django models), or as part of the suite.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from losen.directory import hsds, taxonomy

DATA = Path(__file__).resolve().parents[1] / "data" / "services"
FILES = sorted(DATA.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemas():
    try:
        return hsds.schema_dir()
    except hsds.SchemaNotFoundError as exc:  # pragma: no cover - only without the vendored schemas
        pytest.skip(str(exc))


def attrs(obj: dict, vocab: str, code: str | None = None) -> list[dict]:
    return [
        a
        for a in obj.get("attributes", [])
        if a["taxonomy_term"]["taxonomy"] == vocab and (code is None or a["taxonomy_term"]["code"] == code)
    ]


def all_objects(obj):
    """Every dict inside obj (obj included)."""
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            yield from all_objects(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from all_objects(value)


# --------------------------------------------------------------------------- a hand-made service

WEEK = ["mo", "tu", "we", "th", "fr", "sa", "su"]


def handmade() -> dict:
    """Everything the data files may hold, including what HSDS has no field for."""
    return {
        "slug": "testlinjen",
        "organisation": {"slug": "testforeningen", "name": "Testforeningen"},
        "name": {"nb": "Testlinjen", "en": "The test line"},
        "description": {"nb": "En linje å snakke med.", "en": "A line to talk to."},
        "answered_by": "volunteers",
        "staffing": {"nb": "Frivillige med opplæring.", "en": "Trained volunteers."},
        "website": "https://testlinjen.example/",
        "channels": [
            {
                "kind": "phone",
                "address": "116 123",
                "languages": ["nb", "en"],
                "answer_time_hours": None,
                "hours": {
                    "kind": "weekly",
                    "holidays": "closed",
                    "rules": [
                        {"days": ["mo", "tu"], "open": "18:30", "close": "22:30"},
                        {"days": ["we", "th", "fr"], "open": "18:30", "close": "01:30"},
                        {"days": ["sa", "su"], "open": "14:00", "close": "00:00"},
                        {"days": ["we"], "open": "10:00", "close": "12:00", "week_parity": "even"},
                        {"days": ["ph"], "open": "12:00", "close": "18:00"},
                    ],
                    "seasons": [
                        {
                            "label": {"nb": "Juleferie", "en": "Christmas holidays"},
                            "from": "2026-12-19",
                            "to": "2027-01-03",
                            "rules": [
                                {"days": WEEK, "open": "16:00", "close": "22:00"},
                                {"days": ["th"], "open": "08:00", "close": "10:00", "week_parity": "odd"},
                            ],
                        },
                        {
                            "label": {"nb": "Sommer", "en": "Summer"},
                            "from": "2027-07-01",
                            "to": "2027-07-31",
                            "rules": [{"days": ["mo", "we"], "open": "20:00", "close": "23:00"}],
                        },
                    ],
                },
                "hours_text": {"nb": "Hverdager fra 18.30", "en": "Weekdays from 18:30"},
            },
            {
                "kind": "sms",
                "address": "2222",
                "languages": ["nb"],
                "answer_time_hours": None,
                "hours": {"kind": "always"},
                "hours_text": {"nb": "Døgnåpen", "en": "Open 24/7"},
            },
            {
                "kind": "chat",
                "address": "https://testlinjen.example/chat",
                "languages": ["nb", "se"],
                "answer_time_hours": None,
                "hours": {
                    "kind": "weekly",
                    "holidays": "as_weekday",
                    "rules": [{"days": ["mo", "tu", "we", "th", "fr"], "open": "12:00", "close": "14:00"}],
                    "note": {"nb": "Kan stenge tidlig.", "en": "May close early."},
                },
                "hours_text": None,
            },
            {
                "kind": "message",
                "address": "https://testlinjen.example/skriv",
                "languages": None,
                "answer_time_hours": 48,
                "hours": {"kind": "unknown", "note": {"nb": "Svar innen to døgn", "en": "Answer within two days"}},
                "hours_text": None,
            },
            {
                "kind": "email",
                "address": "post@testlinjen.example",
                "languages": None,
                "answer_time_hours": 72,
                "hours": {"kind": "unknown"},
                "hours_text": None,
            },
            {
                "kind": "phone",
                "address": None,
                "languages": None,
                "answer_time_hours": None,
                "hours": {"kind": "unknown", "note": {"nb": "Åpningstid ikke oppgitt", "en": "Opening hours not stated"}},
                "hours_text": None,
            },
        ],
        "target": {
            "age_min": 12,
            "age_max": 25,
            "gender": "male",
            "audiences": [],
            "text": {"nb": "Gutter og unge menn.", "en": "Boys and young men."},
        },
        "topics": ["suicide_self_harm", "loneliness", "domestic_violence"],
        "anonymity": "anonymous",
        "anonymity_text": {"nb": "Nummeret ditt vises ikke.", "en": "Your number is not shown."},
        "in_danger_text": {"nb": "Ring 112 ved fare.", "en": "Call 112 if in danger."},
        "sami": {"languages": ["se", "smj"], "text": {"nb": "Samisk chat.", "en": "Sami chat."}},
        "interpreter": False,
        "volume_2024": {"phone": 14242, "chat": 8770, "sms": None, "message": 3620, "total": None},
        "answer_rate_2024": {"phone": 0.9, "chat": None, "text": {"nb": "Ni av ti", "en": "Nine in ten"}},
        "source": {"document": "003", "section": "Vedlegg B – Testlinjen"},
        "last_verified": "2026-02-13",
        "additional_sources": [{"document": "000", "section": "Ved akutt fare"}],
    }


# --------------------------------------------------------------------------- the data files


def test_there_are_data_files():
    assert FILES, f"no service files in {DATA}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_data_file_converts_and_validates(path, language, schemas):
    service = load(path)
    obj = hsds.to_hsds_service(service, language=language)
    hsds.validate(obj, "service")
    assert obj["id"] == hsds.service_id(service["slug"])
    assert obj["organization_id"] == obj["organization"]["id"] == hsds.organization_id(service["organisation"]["slug"])
    assert obj["name"] == (service["name"].get(language) or service["name"]["nb"])
    assert obj["status"] == "active"
    assert obj.get("url") == service.get("website")
    # one losen-channel attribute per channel, topics in order
    assert len(attrs(obj, hsds.V_CHANNEL)) == len(service["channels"])
    assert [a["taxonomy_term"]["code"] for a in attrs(obj, hsds.V_TOPIC)] == service["topics"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_round_trip_is_lossless(path, language):
    service = load(path)
    obj = hsds.to_hsds_service(service, language=language)
    back = hsds.from_hsds_service(json.loads(json.dumps(obj)))
    assert back == service
    # and again: the export of the import is the same document
    assert hsds.to_hsds_service(back, language=language) == obj


@pytest.mark.parametrize("path", FILES[:3], ids=lambda p: p.stem)
def test_data_file_validates_against_service_with_definitions(path, schemas):
    """Cross-check with the $ref-based variant of the same schema."""
    hsds.validate(hsds.to_hsds_service(load(path)), "service_with_definitions")


def test_list_envelope_validates(schemas):
    services = [load(p) for p in FILES]
    per_page = 5
    pages = max(1, -(-len(services) // per_page))
    seen = []
    for page in range(1, pages + 1):
        envelope = hsds.to_hsds_service_list(services, page=page, per_page=per_page)
        hsds.validate(envelope, "service_list")
        assert envelope["total_items"] == len(services)
        assert envelope["total_pages"] == pages
        assert envelope["page_number"] == page
        assert envelope["size"] == len(envelope["contents"]) <= per_page
        assert envelope["first_page"] is (page == 1)
        assert envelope["last_page"] is (page == pages)
        assert envelope["empty"] is False
        for item in envelope["contents"]:
            assert set(item) <= set(hsds.SERVICE_LIST_FIELDS)
            assert "attributes" not in item["organization"]
        seen += [item["id"] for item in envelope["contents"]]
    assert seen == [hsds.service_id(s["slug"]) for s in services]

    past_end = hsds.to_hsds_service_list(services, page=pages + 1, per_page=per_page)
    hsds.validate(past_end, "service_list")
    assert past_end["empty"] is True and past_end["size"] == 0 and past_end["last_page"] is True

    nothing = hsds.to_hsds_service_list([], page=1)
    hsds.validate(nothing, "service_list")
    assert nothing["total_items"] == 0 and nothing["empty"] is True and nothing["first_page"] is True

    full = hsds.to_hsds_service_list([handmade()], full=True)
    hsds.validate(full, "service_list")
    assert full["contents"][0]["attributes"]

    with pytest.raises(hsds.HSDSValidationError):
        hsds.validate({"contents": []}, "service_list")  # no Page fields
    with pytest.raises(hsds.HSDSValidationError):
        hsds.validate({**nothing, "contents": [{"name": "x"}]}, "service_list")  # item without id/status


@pytest.mark.parametrize("page, per_page", [(0, 10), (1, 0), ("1", 10), (True, 10)])
def test_list_rejects_bad_paging(page, per_page):
    with pytest.raises(ValueError):
        hsds.to_hsds_service_list([], page=page, per_page=per_page)


# --------------------------------------------------------------------------- ids


def test_ids_are_stable_and_unique():
    service = handmade()
    nb = hsds.to_hsds_service(service, language="nb")
    en = hsds.to_hsds_service(service, language="en")
    assert nb["id"] == en["id"] == hsds.service_id("testlinjen")
    assert hsds.service_id("testlinjen") == str(hsds.uuid.uuid5(hsds.NAMESPACE, "service:testlinjen"))
    assert str(hsds.NAMESPACE) == "0d597b14-3a12-5ae8-9ca0-124e08f2b36c"

    def ids(obj):
        return [o["id"] for o in all_objects(obj) if "id" in o and "taxonomy" not in o]

    assert ids(nb) == ids(en)  # the same objects, the same ids, whatever the language
    assert len(ids(nb)) == len(set(ids(nb)))  # terms repeat by design; nothing else does
    assert ids(hsds.to_hsds_service(handmade())) == ids(nb)  # deterministic


# --------------------------------------------------------------------------- the hand-made service


@pytest.fixture(scope="module")
def made():
    return hsds.to_hsds_service(handmade())


def test_handmade_validates_and_round_trips(made, schemas):
    hsds.validate(made)
    hsds.validate(hsds.to_hsds_service(handmade(), language="en"))
    for language in ("nb", "en"):
        assert hsds.from_hsds_service(hsds.to_hsds_service(handmade(), language=language)) == handmade()


def channel_schedules(obj, index):
    ref = attrs(obj, hsds.V_CHANNEL)[index]["id"]
    return [s for s in obj["schedules"] if attrs(s, hsds.V_LOSEN, "channel")[0]["value"] == ref]


def test_handmade_native_fields(made):
    assert made["name"] == "Testlinjen"
    assert made["url"] == "https://testlinjen.example/"
    assert made["email"] == "post@testlinjen.example"
    assert made["minimum_age"] == 12 and made["maximum_age"] == 25
    assert made["eligibility_description"] == "Gutter og unge menn."
    assert made["assured_date"] == "2026-02-13"
    assert made["interpretation_services"]
    phones = made["phones"]
    assert [(p["number"], p["type"]) for p in phones] == [("116 123", "voice"), ("2222", "text")]  # not the phone without number
    assert [lang["code"] for lang in phones[0]["languages"]] == ["nb", "en"]
    assert all(lang["phone_id"] == phones[0]["id"] for lang in phones[0]["languages"])
    languages = {lang["code"]: lang for lang in made["languages"]}
    assert list(languages) == ["nb", "en", "se", "smj"]
    assert languages["se"]["name"] == "nordsamisk" and languages["se"]["note"] == "Samisk chat."
    assert made["organization"]["name"] == "Testforeningen"
    assert "contacts" not in made  # Losen records no named contacts


def test_handmade_attributes(made):
    losen = {a["taxonomy_term"]["code"]: a.get("value") for a in attrs(made, hsds.V_LOSEN)}
    assert losen["slug"] == "testlinjen"
    assert losen["anonymity"] == "anonymous"
    assert losen["answered_by"] == "volunteers"
    assert losen["gender"] == "male"
    assert losen["interpreter"] == "false"
    assert losen["audiences"] == "[]"
    assert json.loads(losen["sami"]) == handmade()["sami"]
    assert json.loads(losen["source"]) == handmade()["source"]
    assert not attrs(made, hsds.V_AUDIENCE)
    answer_times = [json.loads(a["value"]) for a in attrs(made, hsds.V_LOSEN, "answer_time_hours")]
    assert [(a["kind"], a["hours"]) for a in answer_times] == [("message", 48), ("email", 72)]
    topics = attrs(made, hsds.V_TOPIC)
    assert [t["taxonomy_term"]["code"] for t in topics] == ["suicide_self_harm", "loneliness", "domestic_violence"]
    assert topics[0]["taxonomy_term"]["name"] == taxonomy.label("suicide_self_harm", "nb")
    texts = {a["taxonomy_term"]["code"]: a["value"] for a in attrs(made, hsds.V_TEXT)}
    assert texts["name:en"] == "The test line" and texts["in_danger_text:nb"] == "Ring 112 ved fare."
    channel = json.loads(attrs(made, hsds.V_CHANNEL)[0]["value"])
    assert channel == handmade()["channels"][0]  # the exact channel, with the exact hours spec
    en = hsds.to_hsds_service(handmade(), language="en")
    assert attrs(en, hsds.V_TOPIC)[0]["taxonomy_term"]["name"] == taxonomy.label("suicide_self_harm", "en")


def test_handmade_schedules(made):
    phone = channel_schedules(made, 0)
    weekly = [s for s in phone if s.get("freq")]
    by = {}
    for s in weekly:
        by.setdefault((s["byday"], s["opens_at"], s["closes_at"]), []).append(s)

    # normal rules hold outside both seasons: three windows each
    windows = [(s.get("valid_from"), s.get("valid_to")) for s in by[("MO,TU", "18:30", "22:30")]]
    assert windows == [(None, "2026-12-18"), ("2027-01-04", "2027-06-30"), ("2027-08-01", None)]
    # past midnight: closes_at before opens_at, and said so
    overnight = by[("WE,TH,FR", "18:30", "01:30")][0]
    assert "dagen etter" in overnight["notes"]
    # until midnight: 23:59
    assert ("SA,SU", "14:00", "23:59") in by
    # season rules with their dates
    season = by[("MO,TU,WE,TH,FR,SA,SU", "16:00", "22:00")]
    assert [(s["valid_from"], s["valid_to"]) for s in season] == [("2026-12-19", "2027-01-03")]
    assert json.loads(attrs(season[0], hsds.V_LOSEN, "season")[0]["value"])["label"]["en"] == "Christmas holidays"
    # holiday policy on every weekly schedule
    assert all(attrs(s, hsds.V_LOSEN, "holiday_policy")[0]["value"] == "closed" for s in weekly)
    assert all("Stengt på offentlige helligdager" in s["notes"] for s in weekly)
    # public holidays: no recurrence HSDS could express, but the times and a marker
    holidays = [s for s in phone if attrs(s, hsds.V_LOSEN, "public_holidays")]
    assert holidays and all("freq" not in s and s["opens_at"] == "12:00" and s["closes_at"] == "18:00" for s in holidays)
    assert all("Europe/Oslo" in s["notes"] for s in phone)
    assert all(s["attending_type"] == "Telefon: 116 123" for s in phone)


def test_handmade_even_weeks(made):
    even = [s for s in channel_schedules(made, 0) if s.get("byday") == "WE" and s["opens_at"] == "10:00"]
    assert even and all(s["interval"] == 2 and s["wkst"] == "MO" for s in even)
    for s in even:
        dtstart = date.fromisoformat(s["dtstart"])
        assert dtstart.weekday() == 0 and dtstart.isocalendar().week % 2 == 0
        assert attrs(s, hsds.V_LOSEN, "week_parity")[0]["value"] == "even"
    # Windows around the seasons; 2032 has 53 ISO weeks, so the last window's series restarts
    # after it; the horizon ends with ISO year 2036 (the window's year + 9).
    assert [(s.get("valid_from"), s.get("valid_to"), s["dtstart"], s["until"]) for s in even] == [
        (None, "2026-12-18", "2026-01-05", "2026-12-18"),  # from ISO year 2026 (last_verified), week 2
        ("2027-01-04", "2027-06-30", "2027-01-11", "2027-06-30"),
        ("2027-08-01", None, "2027-07-26", "2033-01-02"),  # Monday of week 30; valid_from clips
        ("2027-08-01", None, "2033-01-10", "2036-12-28"),  # 2033-W02: the first even week
    ]
    odd = [s for s in channel_schedules(made, 0) if s.get("byday") == "TH" and s["opens_at"] == "08:00"]
    # the odd-week rule of the Christmas season: weeks 51 and 53 of 2026, the season's dates kept
    assert [(s["dtstart"], s["until"], s["valid_from"], s["valid_to"]) for s in odd] == [
        ("2026-12-14", "2027-01-03", "2026-12-19", "2027-01-03")
    ]


def test_handmade_always_and_unknown(made):
    sms = channel_schedules(made, 1)
    assert len(sms) == 1
    assert sms[0]["byday"] == "MO,TU,WE,TH,FR,SA,SU" and (sms[0]["opens_at"], sms[0]["closes_at"]) == ("00:00", "23:59")
    assert attrs(sms[0], hsds.V_LOSEN, "always_open")
    message = channel_schedules(made, 3)
    assert len(message) == 1 and "freq" not in message[0] and "opens_at" not in message[0]
    assert attrs(message[0], hsds.V_LOSEN, "hours_unknown")
    assert "Svar innen to døgn" in message[0]["description"]
    chat = channel_schedules(made, 2)
    assert all(attrs(s, hsds.V_LOSEN, "holiday_policy")[0]["value"] == "as_weekday" for s in chat)
    assert "Kan stenge tidlig." in chat[0]["notes"]


def test_schedules_mean_what_the_spec_means():
    """Expand the RRULEs (python-dateutil) and compare, day by day over ten years, with the
    periods the Losen spec starts on each day (public holidays aside: HSDS cannot name them)."""
    rrule = pytest.importorskip("dateutil.rrule")
    service = handmade()
    spec = service["channels"][0]["hours"]
    obj = hsds.to_hsds_service(service)
    first, last = date(2026, 1, 1), date(2035, 12, 31)

    expected = set()
    day = first
    while day <= last:
        season = next((s for s in spec["seasons"] if s["from"] <= day.isoformat() <= s["to"]), None)
        rules = season["rules"] if season else spec["rules"]
        for rule in rules:
            parity = {"even": 0, "odd": 1}.get(rule.get("week_parity"))
            if WEEK[day.weekday()] in rule["days"] and (parity is None or day.isocalendar().week % 2 == parity):
                close = "23:59" if rule["close"] in ("00:00", "24:00") else rule["close"]
                expected.add((day, rule["open"], close))
        day += timedelta(days=1)

    days = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU}
    actual = set()
    for s in channel_schedules(obj, 0):
        if not s.get("freq"):
            continue
        start = date.fromisoformat(s["dtstart"]) if "dtstart" in s else first
        until = min(date.fromisoformat(s["until"]), last) if "until" in s else last
        occurrences = rrule.rrule(
            rrule.WEEKLY,
            interval=s.get("interval", 1),
            wkst=rrule.MO,
            byweekday=[days[d] for d in s["byday"].split(",")],
            dtstart=datetime.combine(start, datetime.min.time()),
            until=datetime.combine(until, datetime.min.time()),
        )
        for moment in occurrences:
            d = moment.date()
            if d < first or ("valid_from" in s and d < date.fromisoformat(s["valid_from"])):
                continue
            if "valid_to" in s and d > date.fromisoformat(s["valid_to"]):
                continue
            actual.add((d, s["opens_at"], s["closes_at"]))
    assert actual == expected


# --------------------------------------------------------------------------- import


def test_native_text_edit_wins():
    obj = hsds.to_hsds_service(handmade(), language="en")
    obj["name"] = "The renamed test line"
    back = hsds.from_hsds_service(obj)
    assert back["name"] == {"nb": "Testlinjen", "en": "The renamed test line"}


def test_language_fallback_does_not_invent_a_translation():
    service = handmade()
    service["staffing"] = {"nb": "Bare bokmål."}
    service["target"]["text"] = {"nb": "Bare bokmål."}
    obj = hsds.to_hsds_service(service, language="en")
    assert obj["eligibility_description"] == "Bare bokmål."  # falls back to bokmål
    assert hsds.from_hsds_service(obj) == service


def test_unknown_fields_survive():
    service = handmade()
    service["future_field"] = {"x": [1, 2]}
    service["target"]["pronouns"] = "any"
    assert hsds.from_hsds_service(hsds.to_hsds_service(service)) == service


def test_missing_optional_keys_come_back_as_null():
    service = handmade()
    del service["staffing"], service["additional_sources"]
    back = hsds.from_hsds_service(hsds.to_hsds_service(service))
    assert back["staffing"] is None and "additional_sources" not in back
    assert {k: v for k, v in back.items() if k != "staffing"} == service


def test_foreign_hsds_is_imported_best_effort():
    foreign = {
        "id": "11111111-2222-4333-8444-555555555555",
        "name": "Hjelpetelefonen",
        "description": "Noen å snakke med.",
        "status": "active",
        "url": "https://hjelp.example/",
        "email": "hjelp@hjelp.example",
        "minimum_age": 18.0,
        "assured_date": "2026-03-01",
        "organization": {"id": "11111111-2222-4333-8444-666666666666", "name": "Hjelp Norge", "description": ""},
        "phones": [{"id": "11111111-2222-4333-8444-777777777777", "number": "800 12 345", "type": "voice", "languages": [{"id": "11111111-2222-4333-8444-888888888888", "code": "nb"}]}],
        "schedules": [
            {"id": "a", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "15:00:00"},
            {"id": "b", "freq": "WEEKLY", "interval": 2, "dtstart": "2026-01-05", "byday": "SA", "opens_at": "20:00", "closes_at": "02:00"},
            {"id": "c", "description": "Stengt i påsken."},
        ],
    }
    with pytest.raises(ValueError, match="source"):
        hsds.from_hsds_service(foreign)  # Losen records must name their source
    doc = hsds.from_hsds_service(foreign, source={"document": "hsds-import", "section": "Hjelp Norge"})
    assert doc["slug"] == "hjelpetelefonen"
    assert doc["organisation"] == {"slug": "hjelp-norge", "name": "Hjelp Norge"}
    assert doc["name"] == {"nb": "Hjelpetelefonen"}
    assert doc["target"]["age_min"] == 18 and isinstance(doc["target"]["age_min"], int)
    phone, email = doc["channels"]
    assert phone["kind"] == "phone" and phone["address"] == "800 12 345" and phone["languages"] == ["nb"]
    assert phone["hours"] == {
        "kind": "weekly",
        "holidays": "unknown",  # HSDS cannot say
        "rules": [
            {"days": ["mo", "tu", "we", "th", "fr"], "open": "09:00", "close": "15:00"},
            {"days": ["sa"], "open": "20:00", "close": "02:00", "week_parity": "even"},  # 2026-01-05: ISO week 2
        ],
    }
    assert email == {"kind": "email", "address": "hjelp@hjelp.example", "languages": None, "answer_time_hours": None, "hours": {"kind": "unknown"}, "hours_text": None}


def test_foreign_always_open():
    foreign = {
        "id": "11111111-2222-4333-8444-555555555555",
        "name": "Døgnlinjen",
        "description": "Alltid åpen.",
        "status": "active",
        "organization": {"id": "11111111-2222-4333-8444-666666666666", "name": "Døgn", "description": ""},
        "phones": [{"id": "11111111-2222-4333-8444-777777777777", "number": "800 00 000"}],
        "schedules": [{"id": "a", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"}],
    }
    doc = hsds.from_hsds_service(foreign, source={"document": "x"})
    assert doc["channels"][0]["hours"] == {"kind": "always"}


def exported() -> dict:
    return json.loads(json.dumps(hsds.to_hsds_service(handmade())))


def break_name_missing(obj):
    del obj["name"]


def break_name_blank(obj):
    obj["name"] = "  "


def break_opens_at(obj):
    obj["schedules"][0]["opens_at"] = "25:00"


def break_byday(obj):
    obj["schedules"][0]["byday"] = "MO,XX"


def break_freq(obj):
    obj["schedules"][0]["freq"] = "DAILY"


def break_valid_range(obj):
    obj["schedules"][0]["valid_from"], obj["schedules"][0]["valid_to"] = "2027-01-01", "2026-01-01"


def break_date(obj):
    obj["schedules"][0]["valid_to"] = "18.12.2026"


def break_channel_hours(obj):
    attribute = attrs(obj, hsds.V_CHANNEL)[0]
    channel = json.loads(attribute["value"])
    channel["hours"]["rules"][0]["days"] = ["xx"]
    attribute["value"] = json.dumps(channel)


def break_channel_json(obj):
    attrs(obj, hsds.V_CHANNEL)[0]["value"] = "{not json"


def break_channel_kind(obj):
    attrs(obj, hsds.V_CHANNEL)[0]["taxonomy_term"]["code"] = "chat"


def break_topic(obj):
    attrs(obj, hsds.V_TOPIC)[0]["taxonomy_term"]["code"] = "astrology"


def break_organization(obj):
    del obj["organization"]


def break_phone(obj):
    del obj["phones"][0]["number"]


def break_record(obj):
    [a for a in attrs(obj, hsds.V_LOSEN, "anonymity")][0]["value"] = "secret"


@pytest.mark.parametrize(
    "breaker, message",
    [
        (break_name_missing, "'name' is missing"),
        (break_name_blank, "'name' is missing"),
        (break_opens_at, "opens_at '25:00' is not a time"),
        (break_byday, "'XX' is not a day"),
        (break_freq, "freq 'DAILY'"),
        (break_valid_range, "valid_from 2027-01-01 is after valid_to"),
        (break_date, "is not a date YYYY-MM-DD"),
        (break_channel_hours, "bad opening hours: rules\\[0\\].days\\[0\\]"),
        (break_channel_json, "not valid JSON"),
        (break_channel_kind, "differ"),
        (break_topic, "'astrology' is not a Losen taxonomy code"),
        (break_organization, "'organization'"),
        (break_phone, "needs a number"),
        (break_record, "anonymity"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_invalid_hsds_raises_a_clear_value_error(breaker, message):
    obj = exported()
    breaker(obj)
    with pytest.raises(ValueError, match=message) as info:
        hsds.from_hsds_service(obj)
    assert str(info.value).startswith("HSDS service ")


def test_non_object_is_rejected():
    with pytest.raises(ValueError, match="JSON object"):
        hsds.from_hsds_service(["not", "a", "service"])


def test_foreign_schedules_that_losen_cannot_express_are_rejected():
    obj = {
        "id": "11111111-2222-4333-8444-555555555555",
        "name": "Månedslinjen",
        "description": "x",
        "status": "active",
        "organization": {"id": "11111111-2222-4333-8444-666666666666", "name": "M", "description": ""},
        "phones": [{"id": "11111111-2222-4333-8444-777777777777", "number": "1"}],
        "schedules": [{"id": "a", "freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00", "closes_at": "12:00"}],
    }
    with pytest.raises(ValueError, match="only WEEKLY"):
        hsds.from_hsds_service(obj, source={"document": "x"})
    obj["schedules"] = [{"id": "a", "freq": "WEEKLY", "byday": "MO", "opens_at": "10:00Z", "closes_at": "12:00Z"}]
    with pytest.raises(ValueError, match="time zone offsets"):
        hsds.from_hsds_service(obj, source={"document": "x"})
    obj["schedules"] = [{"id": "a", "freq": "WEEKLY", "interval": 2, "byday": "MO", "opens_at": "10:00", "closes_at": "12:00"}]
    with pytest.raises(ValueError, match="interval needs dtstart"):
        hsds.from_hsds_service(obj, source={"document": "x"})


# --------------------------------------------------------------------------- export input


def test_invalid_losen_record_is_rejected():
    service = handmade()
    service["topics"] = ["astrology"]
    with pytest.raises(ValueError, match="astrology"):
        hsds.to_hsds_service(service)
    service = handmade()
    service["channels"][0]["hours"]["rules"][0]["open"] = "7pm"
    with pytest.raises(ValueError, match="7pm"):
        hsds.to_hsds_service(service)
    with pytest.raises(ValueError):
        hsds.to_hsds_service("testlinjen")


# --------------------------------------------------------------------------- validation and schemas


def test_validate_reports_errors(schemas):
    obj = hsds.to_hsds_service(handmade())
    broken = copy.deepcopy(obj)
    del broken["status"]
    broken["id"] = "not-a-uuid"
    broken["phones"][0]["type"] = 7
    with pytest.raises(hsds.HSDSValidationError) as info:
        hsds.validate(broken)
    assert isinstance(info.value, ValueError)
    assert len(info.value.errors) == 3
    assert any("'status' is a required property" in e for e in info.value.errors)
    assert any("$.id" in e and "uuid" in e for e in info.value.errors)
    broken = copy.deepcopy(obj)
    broken["url"] = "not a uri"
    with pytest.raises(hsds.HSDSValidationError, match="uri"):
        hsds.validate(broken)
    with pytest.raises(ValueError, match="schema name"):
        hsds.validate(obj, "../service")
    with pytest.raises(hsds.SchemaNotFoundError):
        hsds.validate(obj, "no_such_schema")


def test_schema_dir_setting(tmp_path, schemas):
    # LOSEN_HSDS_SCHEMA_DIR is read and checked by losen.config; the plain module takes the folder.
    with pytest.raises(hsds.SchemaNotFoundError, match=hsds.SCHEMA_DIR_ENV):
        hsds.validate({}, folder=tmp_path)
    hsds.validate(hsds.to_hsds_service(handmade()), folder=schemas)


def test_compiled_schemas_are_self_contained_and_match_the_module(schemas):
    for name in ("service", "service_list", "organization"):
        text = (schemas / f"{name}.json").read_text(encoding="utf-8")
        assert '"$ref"' not in text, f"{name}.json is not self-contained"
    service_list = json.loads((schemas / "service_list.json").read_text(encoding="utf-8"))
    assert tuple(service_list["properties"]) == hsds.SERVICE_LIST_FIELDS
    assert tuple(service_list["properties"]["organization"]["properties"]) == hsds.ORGANIZATION_LIST_FIELDS
    openapi = schemas.parent / "openapi.json"
    if openapi.is_file():
        page = json.loads(openapi.read_text(encoding="utf-8"))["components"]["schemas"]["Page"]
        assert {k: {"type": v["type"]} for k, v in page["properties"].items()} == hsds.PAGE_SCHEMA["properties"]


def test_taxonomies_cover_every_vocabulary(made):
    ids = {t["id"] for t in hsds.taxonomies()}
    used = {o["taxonomy_id"] for o in all_objects(made) if "taxonomy_id" in o}
    assert used <= ids


# --- provenance of found addresses and websites (issue 8) -------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_address_and_website_sources_survive_the_round_trip(language, schemas):
    for slug in ("ungdomstelefonen", "krisesentrene", "sidetmedord"):
        service = load(DATA / f"{slug}.json")
        obj = hsds.to_hsds_service(service, language=language)
        hsds.validate(obj, "service")
        back = hsds.from_hsds_service(json.loads(json.dumps(obj)))
        assert back == service
    krisesentrene = load(DATA / "krisesentrene.json")
    obj = hsds.to_hsds_service(krisesentrene, language=language)
    (source,) = attrs(obj, hsds.V_LOSEN, "website_source")
    assert json.loads(source["value"]) == krisesentrene["website_source"]
    ungdom = hsds.to_hsds_service(load(DATA / "ungdomstelefonen.json"), language=language)
    phone = json.loads(attrs(ungdom, hsds.V_CHANNEL, "phone")[0]["value"])
    assert phone["address_source"]["read"] == "2026-12-03"
    assert [p["number"] for p in ungdom["phones"]] == ["400 00 777", "400 00 777"]


def test_friend_service_channel_is_exported_with_a_label():
    sidetmedord = hsds.to_hsds_service(load(DATA / "sidetmedord.json"), language="en")
    (friend,) = attrs(sidetmedord, hsds.V_CHANNEL, "friend_service")
    assert friend["taxonomy_term"]["name"] == "Friend service"
