"""POST /api/v1/navigate and the "Finn hjelp" page, as a help seeker uses them."""

import logging
from unittest import mock

import pytest

from losen.navigator import api as navigator_api

pytestmark = pytest.mark.django_db

NIGHT = "2026-11-26T01:00:00+01:00"


def navigate(client, **body):
    return client.post("/api/v1/navigate", body, content_type="application/json")


def test_contract(client, directory):
    body = navigate(client, text="Jeg blir mobbet på skolen hver dag", age=14, at=NIGHT).json()
    assert set(body) >= {"crisis", "emergency", "language_detected", "results"}
    assert body["crisis"] is False
    assert body["language_detected"] == "nb"
    assert 3 <= len(body["results"]) <= 5
    first = body["results"][0]
    assert set(first) == {"slug", "score", "reasons", "open_now"}
    assert body["risk"] == "none"
    assert first["reasons"]
    assert "snakkommobbing" in [r["slug"] for r in body["results"][:3]]
    assert {"name", "number"} <= set(body["emergency"][0])


def test_crisis_switches_to_the_emergency_panel(client, directory):
    body = navigate(client, text="jeg har pillene klare og orker ikke mer", at=NIGHT).json()
    assert body["crisis"] is True
    assert "113" in [e["number"] for e in body["emergency"]]
    page = client.post("/", {"text": "jeg har pillene klare og orker ikke mer"}).content.decode()
    assert 'class="emergency"' in page
    assert page.index('class="emergency"') < page.index("results-heading")


def test_idioms_do_not_raise_the_alarm(client, directory):
    assert navigate(client, text="Jeg holdt på å dø av latter i timen i dag").json()["crisis"] is False


def test_an_82_year_old_never_gets_a_childrens_line_first(client, directory):
    body = navigate(client, text="Jeg er så ensom etter at kona døde", age=82).json()
    assert body["results"][0]["slug"] not in {"kors-pa-halsen", "alarmtelefonen", "snakkommobbing", "snakkompsyken"}


def test_sami_text_routes_to_services_with_a_sami_offer(client, directory):
    body = navigate(client, text="Mun in nagot eallit šat, lean nu okto", language="se").json()
    slugs = [r["slug"] for r in body["results"][:3]]
    assert set(slugs) & {"girku-sos", "sanks", "kors-pa-halsen", "kirkens-sos"}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "hei", "age": -1}, "age"),
        ({"text": "hei", "age": "fjorten"}, "age"),
        ({"text": "hei", "for": "someone"}, "for"),
        ({"text": "hei", "channel": "brevdue"}, "channel"),
        ({"text": "hei", "at": "i natt"}, "at"),
    ],
)
def test_bad_input_is_400_problem(client, directory, body, field):
    response = client.post("/api/v1/navigate", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == field


def test_malformed_json_and_wrong_type(client, directory):
    assert client.post("/api/v1/navigate", "{", content_type="application/json").status_code == 400
    assert client.post("/api/v1/navigate", "text=hei", content_type="text/plain").status_code == 415


def test_rate_limited_without_identifying_anyone(client, directory):
    from django.core.cache import cache

    cache.clear()
    with mock.patch.object(navigator_api.limiter, "limit", 2):
        assert navigate(client, text="hei").status_code == 200
        assert navigate(client, text="hei").status_code == 200
        response = navigate(client, text="hei")
        store = cache._cache  # the local-memory cache's dict, or the Redis client
        keys = [str(k) for k in store] if isinstance(store, dict) else [k.decode() for k in store.get_client().keys("*")]
        assert keys
    cache.clear()
    assert response.status_code == 429 and "Retry-After" in response
    assert response["Content-Type"].startswith("application/problem+json")
    assert not any("127.0.0.1" in key for key in keys)


def test_the_text_is_never_logged_or_stored(client, directory, caplog):
    secret = "hemmeligtekst-pappa-slår-meg"
    caplog.set_level(logging.DEBUG)
    navigate(client, text=secret)
    client.post("/", {"text": secret})
    assert secret not in caplog.text
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert secret not in repr(row), table


def test_page_sets_no_cookie_and_works_without_javascript(client, directory):
    response = client.post("/", {"text": "kjæresten min sjekker telefonen min og bestemmer hvem jeg får treffe", "age": "19"})
    assert response.status_code == 200
    assert not response.cookies
    page = response.content.decode()
    assert "Hvorfor:" in page
    assert "Det du skriver blir ikke lagret" in page


def test_empty_form_gets_an_error_in_the_users_language(client, directory):
    response = client.post("/", {"text": ""})
    assert response.status_code == 400
    assert "Skriv noen ord" in response.content.decode()


def test_filters_alone_work(client, directory):
    response = client.post("/", {"text": "", "age": "15", "channel": "chat"})
    assert response.status_code == 200
    assert response.context["results"]


def test_sami_overview_lists_sami_services_in_northern_sami(client, directory):
    response = client.get("/sami/")
    page = response.content.decode()
    assert '<html lang="nb">' in page  # shown in bokmål until translations exist, and says so
    assert 'data-untranslated="se"' in page
    for name in ("Girku SOS", "Kors på halsen", "SANKS"):
        assert name in page or name.upper() in page


@pytest.mark.parametrize("text", ["hei", "ok", "0", "Hei!", "test", "?"])
def test_greetings_never_raise_the_panel(client, directory, text):
    body = navigate(client, text=text, at=NIGHT).json()
    assert body["crisis"] is False and body["crisis_kind"] is None and body["risk"] != "acute"
    assert 3 <= len(body["results"]) <= 5


def test_risk_field_and_calm_line_for_possible_risk(client, directory):
    body = navigate(client, text="jeg prøvde å ta livet mitt for fem år siden, nå har jeg det bra", at=NIGHT).json()
    assert body["risk"] == "possible" and body["crisis"] is False
    assert body["always_open"]  # round-the-clock lines, calmly, without the emergency panel
    page = client.post("/", {"text": "jeg prøvde å ta livet mitt for fem år siden, nå har jeg det bra"}).content.decode()
    assert 'id="calm-heading"' in page and 'class="emergency"' not in page
    acute = navigate(client, text="jeg vil ta livet mitt i kveld", at=NIGHT).json()
    assert acute["risk"] == "acute" and acute["crisis"] is True
    assert navigate(client, text="jeg blir mobbet på skolen", at=NIGHT).json()["risk"] == "none"


@pytest.mark.parametrize(
    "raw, status",
    [
        (b'{"text": "hei \\ud800 der"}', 400),  # a lone surrogate
        (b'{"text": "\\udfff"}', 400),
        (b'{"text": "jeg vil\\u0000 ha hjelp"}', 200),  # NUL bytes: read as a space
        (b'{"text": "\\u0000\\u0000"}', 400),
        (b'{"text": "12345 !!! ### 0"}', 200),  # digits and symbols only: a normal answer
        (b'{"text": "\\ud83d\\ude42"}', 200),  # a proper surrogate pair is an emoji
    ],
)
def test_odd_text_gets_an_answer_or_a_400_never_a_500(client, directory, raw, status):
    response = client.generic("POST", "/api/v1/navigate", raw, content_type="application/json")
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["crisis"] is False
    else:
        assert response["Content-Type"].startswith("application/problem+json")


def test_form_with_nul_byte_is_a_form_error_not_a_500(client, directory):
    response = client.post("/", {"text": "hei\x00"})
    assert response.status_code in (200, 400)


def test_untranslated_language_is_shown_in_bokmal_and_says_so(client, directory):
    for code in ("se", "smj", "sma", "nn"):
        client.cookies["losen_language"] = code
        page = client.get("/").content.decode()
        assert '<html lang="nb">' in page, code
        assert f'data-untranslated="{code}"' in page and "Teksten vises på bokmål" in page
        body = navigate(client, text="jeg er ensom", at=NIGHT).json()
        assert body["language_shown"] == "nb"
    client.cookies["losen_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()
