"""GET /api/v1/services and friends, as the navigator, chat transfers and outside users call them."""

import pytest

pytestmark = pytest.mark.django_db

# Thursday 2026-11-26 00:30 in Oslo: Kirkens SOS chat is open from Wednesday 18:30 until 01:30.
THURSDAY_NIGHT = "2026-11-26T00:30:00+01:00"
# Saturday 2026-11-28 12:00: Kirkens SOS chat opens 14:30.
SATURDAY_NOON = "2026-11-28T12:00:00+01:00"


def slugs(response):
    assert response.status_code == 200, response.content
    return {r["slug"] for r in response.json()["results"]}


def test_lists_every_service(client, directory):
    body = client.get("/api/v1/services").json()
    assert body["count"] == 48 == len(body["results"])
    kirkens = next(r for r in body["results"] if r["slug"] == "kirkens-sos")
    assert kirkens["organisation"]["slug"] == "kirkens-sos"
    assert {c["kind"] for c in kirkens["channels"]} >= {"phone", "chat"}


def test_open_now_with_channel_means_a_channel_of_that_kind_is_open(client, directory):
    night = slugs(client.get("/api/v1/services", {"open_now": "true", "channel": "chat", "at": THURSDAY_NIGHT}))
    assert "kirkens-sos" in night
    assert "sex-og-samfunn-chat" not in night
    noon = slugs(client.get("/api/v1/services", {"open_now": "true", "channel": "chat", "at": SATURDAY_NOON}))
    assert "kirkens-sos" not in noon
    assert "sidetmedord" in noon  # always-open chat


def test_service_detail_gives_live_status_per_channel(client, directory):
    body = client.get("/api/v1/services/kirkens-sos", {"at": THURSDAY_NIGHT}).json()
    chat = next(c for c in body["channels"] if c["kind"] == "chat")
    assert chat["open"] is True
    assert chat["closes_at"] == "2026-11-26T01:30:00+01:00"
    assert chat["opens_at"] is None
    assert chat["hours_text"]["nb"]
    phone = next(c for c in body["channels"] if c["kind"] == "phone")
    assert phone["always_open"] is True and phone["open"] is True
    saturday = client.get("/api/v1/services/kirkens-sos", {"at": SATURDAY_NOON}).json()
    chat = next(c for c in saturday["channels"] if c["kind"] == "chat")
    assert chat["open"] is False and chat["opens_at"] == "2026-11-28T14:30:00+01:00"
    for field in ("description", "target", "topics", "anonymity", "source", "last_verified", "sami", "interpreter"):
        assert field in body


def test_unknown_hours_are_null_not_closed(client, directory):
    body = client.get("/api/v1/services/kamerathjelpen").json()
    assert all(c["open"] is None for c in body["channels"])


def test_age_filter_applies_the_services_age_limits(client, directory):
    fifteen = slugs(client.get("/api/v1/services", {"age": "15"}))
    assert "snakkommobbing" in fifteen and "vo-linjen" not in fifteen
    eighty = slugs(client.get("/api/v1/services", {"age": "82"}))
    assert "kors-pa-halsen" not in eighty and "kirkens-sos" in eighty


def test_language_filter_finds_northern_sami(client, directory):
    sami = slugs(client.get("/api/v1/services", {"language": "se"}))
    assert {"girku-sos", "sanks", "kors-pa-halsen"} <= sami
    assert "alltidhjelp" not in sami


def test_sami_line_is_open_only_on_wednesdays_in_even_weeks(client, directory):
    even_wednesday = "2026-11-25T19:00:00+01:00"  # ISO week 48
    odd_wednesday = "2026-11-18T19:00:00+01:00"  # ISO week 47
    params = {"open_now": "true", "channel": "phone", "language": "se"}
    assert "kors-pa-halsen" in slugs(client.get("/api/v1/services", {**params, "at": even_wednesday}))
    assert "kors-pa-halsen" not in slugs(client.get("/api/v1/services", {**params, "at": odd_wednesday}))


def test_topic_anonymous_and_text_filters_combine(client, directory):
    result = slugs(client.get("/api/v1/services", {"topic": "bullying", "anonymous": "true"}))
    assert "snakkommobbing" in result
    assert all(r["anonymity"] == "anonymous" for r in client.get("/api/v1/services", {"anonymous": "true"}).json()["results"])
    assert "hjelpekilden" in slugs(client.get("/api/v1/services", {"q": "religiøse"}))


@pytest.mark.parametrize(
    "params, field",
    [
        ({"at": "yesterday"}, "at"),
        ({"at": "2026-11-26T00:30:00"}, "at"),
        ({"age": "-1"}, "age"),
        ({"age": "fifteen"}, "age"),
        ({"channel": "pigeon"}, "channel"),
        ({"topic": "nonsense"}, "topic"),
        ({"open_now": "perhaps"}, "open_now"),
        ({"language": "norsk!"}, "language"),
    ],
)
def test_bad_parameters_are_400_problem_naming_the_parameter(client, directory, params, field):
    response = client.get("/api/v1/services", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == field


def test_unknown_slug_is_404_problem(client, directory):
    response = client.get("/api/v1/services/no-such-line")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_emergency_list(client, directory):
    body = client.get("/api/v1/emergency").json()
    assert [e["number"] for e in body["results"]][:2] == ["113", "112"]
