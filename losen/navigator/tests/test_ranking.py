import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from losen.navigator.ranking import Query, Result, rank
from losen.navigator.tests.shipped import by_slug, services
from losen.navigator.tests.shipped import open_now as shipped_open_now

SEED_SERVICES = services()  # the shipped directory, not a hand copy
SEED_BY_SLUG = by_slug()

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
        assert any(youth_only(r.slug) for r in res[:2]), (text, slugs(res))
        for r in res:
            t = SEED_BY_SLUG[r.slug]["target"]
            assert t["age_min"] is None or t["age_min"] <= 14, (text, slugs(res))


def test_bullying_youth_goes_to_snakkommobbing_with_reason():
    res = rank(Query("jeg blir mobbet på skolen", age=13), SEED_SERVICES, AT, unknown)
    assert res[0].slug == "snakkommobbing"
    assert any("mobbing" in r.lower() and "SnakkOmMobbing" in r for r in res[0].reasons)


def test_reasons_through_gettext():
    from django.utils import translation

    with translation.override("en"):
        res = rank(Query("I am being bullied at school", age=13, language="en"), SEED_SERVICES, AT, unknown,
                   gettext=translation.gettext, language="en")
    assert res[0].reasons and res[0].reasons[0].startswith("You write about")
    res_nb = rank(Query("jeg blir mobbet", age=13), SEED_SERVICES, AT, unknown)
    assert res_nb[0].reasons[0].startswith("Du skriver om")


def test_every_result_has_reasons():
    for text in ["vil ut av menigheten", "kjæresten sjekker telefonen min", "I just need someone to talk to"]:
        for r in rank(Query(text), SEED_SERVICES, AT, unknown):
            assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)


def test_sami_language_routes_to_sami_offers():
    res = rank(Query("Buorre beaivi. Mun lean sámi ja jeg har det vondt"), SEED_SERVICES, AT, unknown)
    assert {"girku-sos", "sanks"} <= set(slugs(res)[:4]), slugs(res)
    assert all(any("samisk" in x for x in r.reasons) for r in res[:3]), [(r.slug, r.reasons) for r in res]
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
    for s in svcs:  # as the seeds describe Vake: for churches and organisations (data fix: dirdata)
        if s["slug"] == "vake":
            s["target"]["audiences"] = ["professional"]
    for text in ["vi vil forebygge overgrep i menigheten", "jeg ble misbrukt av en prest som barn"]:
        for pool in (svcs, [s for s in svcs if s["slug"] in {"vake", "ssmm", "dixi"}]):
            assert "vake" not in slugs(rank(Query(text), pool, AT, unknown)), text
    res = rank(Query("jeg er prest og vi vil lage rutiner for å forebygge overgrep i menigheten", for_="professional"), svcs, AT, unknown)
    assert "vake" in slugs(res)


def test_unknown_audiences_are_neither_professional_only_nor_for_everyone():
    svcs = copy.deepcopy(SEED_SERVICES)
    unknown_audience = [s["slug"] for s in svcs if (s.get("target") or {}).get("audiences") is None]
    for s in svcs:
        if s["slug"] == "vake":
            s["target"]["audiences"] = None
    res = rank(Query("jeg ble misbrukt som barn av en i menigheten"), svcs, AT, unknown)
    for r in res:
        if r.slug in unknown_audience + ["vake"]:
            assert any("ikke kjent" in x for x in r.reasons), r  # says so, claims nothing else
            assert not any("For deg som" in x for x in r.reasons), r
    # not excluded as professional-only: a record with unknown audiences can still be found
    only = [s for s in svcs if s["slug"] == "vake"]
    assert slugs(rank(Query("overgrep i kirken"), only, AT, unknown)) == ["vake"]


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
    assert set(slugs(res)[:2]) == {"hjelpetelefonen", "sidetmedord"}, slugs(res)
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


# ---------------------------------------------------------------------------------------------
# The five texts from issue 8, on the shipped directory at fixed instants (not in any eval set).
# ---------------------------------------------------------------------------------------------
EVENING = datetime(2026, 11, 26, 20, 0, tzinfo=ZoneInfo("Europe/Oslo"))  # a Thursday
MORNING = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
VIOLENCE_ONLY = {"krisesentrene", "vo-linjen", "tryggest", "stottesenter-kriminalitetsutsatte", "dixi", "nok-smiso",
                 "hjelpetelefonen-seksuelt-misbrukte", "rode-kors-telefonen", "unge-relasjoner", "alternativ-til-vold"}


def ranked(text, at, age=None):
    return rank(Query(text, age=age), SEED_SERVICES, at, shipped_open_now)


def assert_open_first(res):
    """Among results that fit about equally well (fit within 0.4), open ones come first: a
    closed result above an open one must fit clearly better without the open/closed bonus."""
    def fit(r):
        return r.score - (0.3 if r.open_now is True else -0.1 if r.open_now is False else 0.0)

    for i, a in enumerate(res):
        for b in res[i + 1:]:
            if a.open_now is False and b.open_now is True:
                assert fit(a) - fit(b) >= 0.4 - 1e-6, [(r.slug, r.score, r.open_now) for r in res]


@pytest.mark.parametrize("at", [MORNING, EVENING])
def test_15_year_old_whose_mother_drinks(at):
    res = ranked("jeg er 15 og mamma drikker hver helg", at, age=15)
    top = slugs(res)
    assert "ly-for-deg" in top[:3]  # for children of parents who drink
    assert {"alarmtelefonen", "kors-pa-halsen"} & set(top), top  # youth lines
    assert not {"dixi", "nok-smiso"} & set(top), top  # sexual-abuse centres: nothing in the text
    assert all(SEED_BY_SLUG[s]["target"].get("age_min") in (None,) or SEED_BY_SLUG[s]["target"]["age_min"] <= 15 for s in top)
    assert_open_first(res)
    assert not any("seksuell" in r.lower() for x in res for r in x.reasons)


@pytest.mark.parametrize("at", [MORNING, EVENING])
def test_woman_hit_by_her_husband_gets_the_line_open_day_and_night(at):
    res = ranked("min mann slår meg og jeg er redd", at)
    top = slugs(res)
    assert "vo-linjen" in top[:3], top
    assert res[top.index("vo-linjen")].open_now is True
    assert "krisesentrene" in top, top
    assert_open_first(res)


@pytest.mark.parametrize("at", [MORNING, EVENING])
def test_gay_19_year_old_about_to_be_thrown_out(at):
    res = ranked("I am 19, gay, and my family will kick me out", at)
    top = slugs(res)
    assert "ungdomstelefonen" in top[:3], top
    assert len(VIOLENCE_ONLY & set(top)) <= 1, top
    assert not any("vold" in r.lower() or "violence" in r.lower() for x in res for r in x.reasons), [x.reasons for x in res]
    assert_open_first(res)


@pytest.mark.parametrize("text", ["eg er einsam og gammal", "jeg er pensjonist og ensom", "jeg er 82 år og ensom"])
def test_old_age_words_count_as_an_age(text):
    res = ranked(text, EVENING)
    for r in res:
        t = SEED_BY_SLUG[r.slug]["target"]
        assert t.get("age_max") is None or t["age_max"] >= 67, (text, slugs(res))
    assert "frelsesarmeen-eldre" in slugs(res)[:3], slugs(res)


@pytest.mark.parametrize("at", [MORNING, EVENING])
def test_closed_services_are_not_ranked_above_open_ones_that_fit_as_well(at):
    for text in ["jeg er så ensom", "jeg blir mobbet på skolen", "kjæresten min kontrollerer telefonen min"]:
        res = ranked(text, at, age=16)
        assert_open_first(res)
        for r in res:
            assert any(x.startswith(("Åpen", "Stengt")) for x in r.reasons) or r.open_now is None, r



@pytest.mark.parametrize("text", ["moren min døde i går og jeg er så lei meg", "my wife passed away and I can't stop crying"])
def test_a_line_with_no_listed_topics_is_not_ranked_as_a_grief_specialist(text):
    # a line that lists no topics is unknown, not specialised: it does not outrank the lines that fit
    top = slugs(rank(Query(text), SEED_SERVICES, AT, unknown))[:3]
    assert not any(SEED_BY_SLUG[s]["topics"] == [] for s in top), top


# ---------------------------------------------------------------- ranking rules from the misses of the dev splits


def top3(text, **kw):
    return slugs(rank(Query(text, **kw), SEED_SERVICES, AT, unknown))[:3]


@pytest.mark.parametrize("text", ["mor mi døydde i går etter lang sjukdom", "moren min døde brått og jeg må ordne begravelse alene"])
def test_grief_gets_a_broad_talk_line_for_everyone(text):
    # a broad line (many topics) is not "less specialised" in grief than a chat that lists one theme
    assert {"kirkens-sos", "hjelpetelefonen"} & set(top3(text)), top3(text)


def test_someone_else_about_to_jump_gets_lines_that_answer_now_not_services_for_old_people():
    top = top3("min eldre bror står på balkongen og sier han skal hoppe nå")
    assert "frelsesarmeen-eldre" not in top and "tryggest" not in top, top  # an older brother, not an old person
    always = {s for s, svc in SEED_BY_SLUG.items()
              if any((c.get("hours") or {}).get("kind") == "always" for c in svc.get("channels") or [])}
    assert top[0] in always, top


def test_a_child_whose_friend_took_pills_gets_the_childrens_line_that_always_answers():
    assert "alarmtelefonen" in top3("bestevenninna mi sier hun har tatt 30 tabletter", age=14)


@pytest.mark.parametrize("text", ["mamma har fått kreft og jeg er så redd for at hun skal dø", "this homework is literally killing me"])
def test_no_age_but_a_childs_words_keeps_one_youth_line_among_the_first_three(text):
    top = top3(text)
    assert any(youth_only(s) or s == "jentevakta" for s in top), top
    assert not all(youth_only(s) for s in top), top


def test_no_age_and_nothing_young_puts_lines_for_everyone_first():
    top = top3("moren min døde brått og jeg må ordne begravelse alene")
    assert not youth_only(top[0]), top


def test_danger_from_a_stranger_is_not_ranked_as_violence_in_close_relationships():
    top = top3("someone is trying to break into my apartment")
    assert "unge-relasjoner" not in top, top


def test_a_service_named_in_the_text_is_among_the_first_three():
    assert "alarmtelefonen" in top3("kor mange ringjer alarmtelefonen i året? skal ha framføring", age=14)


@pytest.mark.parametrize("text", ["jeg er ny i norge og skjønner ikke brevene fra nav", "eg er ny i noreg og forstår ikkje breva eg får"])
def test_newcomer_with_a_practical_question_gets_the_services_for_newcomers(text):
    assert {"lin", "seif"} & set(top3(text)), top3(text)


def test_an_older_persons_service_is_not_first_for_someone_who_is_not_old():
    top = top3("Jeg ble voldtatt på en fest for tre år siden og har aldri fortalt det til noen")
    assert top[0] != "tryggest", top
    assert {"dixi", "nok-smiso", "hjelpetelefonen-seksuelt-misbrukte"} & set(top), top
