import copy
from datetime import datetime

import pytest

from losen.navigator.ranking import Query, Result, rank
from losen.navigator.seed_profiles import SEED_BY_SLUG, SEED_SERVICES

AT = datetime(2026, 3, 4, 1, 0)


def unknown(svc, channel, at):
    return None


def slugs(results):
    return [r.slug for r in results]


def youth_only(slug):
    t = SEED_BY_SLUG[slug]["target"]
    return t["age_max"] is not None and t["age_max"] <= 25


def test_returns_three_to_five_results():
    res = rank(Query("jeg har det vondt"), SEED_SERVICES, AT, unknown)
    assert 3 <= len(res) <= 5
    assert all(isinstance(r, Result) for r in res)
    assert all(r.open_now is None for r in res)


def test_82_year_old_never_gets_a_childrens_line_first():
    for text in ["jeg er så ensom", "jeg blir mobbet", "sønnen min tar pengene mine", "I feel so alone"]:
        res = rank(Query(text, age=82), SEED_SERVICES, AT, unknown)
        assert not youth_only(res[0].slug), (text, slugs(res))
        for r in res:
            t = SEED_BY_SLUG[r.slug]["target"]
            assert t["age_max"] is None or t["age_max"] >= 82, (text, slugs(res))


def test_elderly_loneliness_goes_to_line_for_older_people():
    res = rank(Query("jeg er 82 og så ensom etter at kona døde"), SEED_SERVICES, AT, unknown)
    assert "frelsesarmeen-eldre" in slugs(res)[:2]


def test_14_year_old_gets_youth_lines_first():
    for text in ["jeg blir mobbet på skolen", "jeg har det så vondt", "pappa slår meg"]:
        res = rank(Query(text, age=14), SEED_SERVICES, AT, unknown)
        top = SEED_BY_SLUG[res[0].slug]["target"]
        assert top["age_max"] is not None and top["age_max"] <= 24, (text, slugs(res))
        for r in res:
            t = SEED_BY_SLUG[r.slug]["target"]
            assert t["age_min"] is None or t["age_min"] <= 14, (text, slugs(res))


def test_bullying_youth_goes_to_snakkommobbing_with_reason():
    res = rank(Query("jeg blir mobbet på skolen", age=13), SEED_SERVICES, AT, unknown)
    assert res[0].slug == "snakkommobbing"
    assert any("mobbing" in r.lower() and "SnakkOmMobbing" in r for r in res[0].reasons)


def test_reasons_in_english_when_asked():
    res = rank(Query("I am being bullied at school", age=13, language="en"), SEED_SERVICES, AT, unknown)
    assert res[0].reasons and res[0].reasons[0].startswith("You write about")
    res_nb = rank(Query("jeg blir mobbet", age=13), SEED_SERVICES, AT, unknown)
    assert res_nb[0].reasons[0].startswith("Du skriver om")


def test_every_result_has_reasons():
    for text in ["vil ut av menigheten", "kjæresten sjekker telefonen min", "I just need someone to talk to"]:
        for r in rank(Query(text), SEED_SERVICES, AT, unknown):
            assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)


def test_sami_language_routes_to_sami_offers():
    res = rank(Query("Buorre beaivi. Mun lean sámi ja jeg har det vondt"), SEED_SERVICES, AT, unknown)
    assert set(slugs(res)[:3]) <= {"girku-sos", "sanks", "kors-pa-halsen"}
    res = rank(Query("jeg har det vondt", language="sma"), SEED_SERVICES, AT, unknown)
    assert SEED_BY_SLUG[res[0].slug]["sami"] is not None
    assert any("samisk" in r for r in res[0].reasons)


def test_gender_restricted_lines():
    text = "jeg ble misbrukt som barn og har aldri fortalt det"
    female = rank(Query(text + ", jeg er kvinne"), SEED_SERVICES, AT, unknown)
    assert "ssmm" not in slugs(female)
    male = rank(Query(text + ", jeg er mann"), SEED_SERVICES, AT, unknown)
    assert "ssmm" in slugs(male)[:3]
    unknown_gender = rank(Query("kona mi slår meg"), SEED_SERVICES, AT, unknown)
    assert slugs(unknown_gender)  # allowed, ranking decides


def test_professional_only_services_only_for_professionals():
    svcs = copy.deepcopy(SEED_SERVICES)
    res = rank(Query("vi vil forebygge overgrep i menigheten"), svcs, AT, unknown)
    assert "vake" not in slugs(res)
    res = rank(Query("jeg er prest og vi vil lage rutiner for å forebygge overgrep i menigheten", for_="professional"), svcs, AT, unknown)
    assert "vake" in slugs(res)


def test_uses_violence_services_for_people_who_hurt_others():
    res = rank(Query("jeg slår kjæresten min når jeg blir sint og vil slutte"), SEED_SERVICES, AT, unknown)
    assert {"alternativ-til-vold", "mannstelefonen", "unge-relasjoner", "foreldresupport"} & set(slugs(res)[:3])
    res = rank(Query("jeg har seksuelle tanker om barn og vil ha hjelp"), SEED_SERVICES, AT, unknown)
    assert res[0].slug == "det-finnes-hjelp"
    # ... and not for a person exposed to violence
    res = rank(Query("jeg blir slått av mannen min"), SEED_SERVICES, AT, unknown)
    assert "det-finnes-hjelp" not in slugs(res)


def test_open_services_first_when_help_is_needed_now():
    def stub(svc, channel, at):
        return svc["slug"] in {"hjelpetelefonen", "sidetmedord"}

    res = rank(Query("jeg vil ikke leve mer"), SEED_SERVICES, AT, stub)
    assert set(slugs(res)[:2]) == {"hjelpetelefonen", "sidetmedord"}
    assert res[0].open_now is True
    assert any("Åpen nå" in r for r in res[0].reasons)


def test_open_now_fn_receives_channel_and_time():
    seen = []

    def stub(svc, channel, at):
        seen.append((channel, at))
        return None

    rank(Query("jeg er ensom", channel="chat"), SEED_SERVICES, AT, stub)
    assert seen and all(c == "chat" and a == AT for c, a in seen)


def test_ineligible_pushed_down_when_few_remain():
    only_youth = [s for s in SEED_SERVICES if s["slug"] in {"snakkommobbing", "kors-pa-halsen"}]
    res = rank(Query("jeg blir mobbet", age=40), only_youth, AT, unknown)
    assert [r.score < -50 for r in res] == [True, True]


def test_crisis_text_ranks_suicide_lines():
    res = rank(Query("har pillene klare", age=30), SEED_SERVICES, AT, unknown)
    assert res[0].slug in {"kirkens-sos", "hjelpetelefonen", "sidetmedord", "alltidhjelp"}


@pytest.mark.parametrize("text", ["", "   ", "🙂", "a" * 5000])
def test_robust_to_odd_input(text):
    res = rank(Query(text), SEED_SERVICES, AT, unknown)
    assert 3 <= len(res) <= 5
