import pytest

from losen.navigator.crisis import CrisisResult, detect

SUICIDE = [
    "har pillene klare",
    "jeg har pillene klare på rommet",
    "skal hoppe fra brua i kveld",
    "jeg vil ikke leve mer",
    "orker ikke mer av livet",
    "jeg vil ta livet mitt",
    "I want to kill myself",
    "I just want to end it all",
    "eg vil ikkje leve lenger",
    "vil dø",
    "jegvil dø",
    "villdø",
    "talivetmitt",
    "jeg vil drepe meg selv",
    "skal kverke meg",
    "kutter meg nå",
    "alle hadde hatt det bedre uten meg",
    "ingen vil savne meg hvis jeg forsvinner",
    "har skrevet avskjedsbrev til mamma",
    "tok 20 paracet for en time siden",
    "I'm suicidal",
    "I don't want to be alive anymore",
    "skal gå ut på isen i natt og ikke komme tilbake",
    "I keep thinking everyone would be happier if I was gone",
    "orker ikke mer. vil bare forsvinne",
    "vil sove og aldri våkne",
    "kms",
    "i want to unalive myself",
]
# earlier thoughts are still a risk signal: at least the calm "possible" line (issue 8: an
# attempt long ago with nothing saying it goes on now is not the emergency panel)
EARLIER = [
    "jeg har tenkt på å ta livet mitt før",
    "jeg tenker ikke lenger på å ta livet mitt",
    "jeg forsøkte å ta livet mitt i fjor",
    # Suicidal thoughts without a plan or a time: the crisis head reads this as a possible risk (a
    # calm line with the round-the-clock lines), as every independent author labelled such texts.
    "selmordstanker hver dag",
]
THIRD_PARTY_NOW = ["venninna mi sier hun skal ta livet sitt i kveld", "my brother keeps talking about killing himself"]
DANGER = [
    "han står utenfor døra",
    "han står utenfor døra og jeg er livredd",
    "han slår meg nå",
    "someone is hurting me right now",
    "han truer med å drepe meg",
    "he is going to kill me",
    "pappa slår mamma nå og jeg er på rommet",
    "eksen prøver å bryte seg inn",
    "stefar kveler mamma akkurat nå hjelp",
]
IDIOMS_AND_NEGATIONS = [
    "holdt på å dø av latter",
    "jeg dør av kjedsomhet",
    "drepende kjedelig",
    "I could kill for a pizza",
    "skyte seg selv i foten",
    "this exam is killing me",
    "jeg har aldri tenkt på å ta livet mitt",
    "I would never kill myself",
    "I'm not suicidal, just tired",
    "jeg vil ikke dø, men jeg er så sliten",
    "mamma kommer til å drepe meg hvis jeg kommer sent hjem",
    "denne skolen tar livet av meg",
    "orker ikke mer av denne skolen",
    "jeg lo meg ihjel",
    "jeg skal henge meg på deg i kveld",
    "jeg skal hoppe av bussen",
    "kutter meg en skive brød",
    "dying to see the new movie",
    "pappa slår meg når han er full",
    "jeg blir mobbet",
]
THIRD_PARTY_PAST = [
    "naboen tok livet sitt i fjor",
    "leste i avisen at en mann drepte kona si",
    "en kjent artist døde av en overdose",
    "broren min døde av en overdose og jeg er så sint",
    "onkelen min tok sitt eget liv da jeg var liten",
]


@pytest.mark.parametrize("text", EARLIER)
def test_earlier_thoughts_are_at_least_a_possible_risk(text):
    assert detect(text).risk in ("acute", "possible"), text


@pytest.mark.parametrize("text", SUICIDE + THIRD_PARTY_NOW)
def test_suicide_signals_fire(text):
    r = detect(text)
    assert r.crisis, text
    assert r.kind == "suicide"
    assert r.reasons


@pytest.mark.parametrize("text", DANGER)
def test_danger_now_fires(text):
    r = detect(text)
    assert r.crisis, text
    assert r.kind == "danger_now"


@pytest.mark.parametrize("text", IDIOMS_AND_NEGATIONS + THIRD_PARTY_PAST)
def test_idioms_negations_and_news_do_not_fire(text):
    assert not detect(text).crisis, text


def test_result_shape():
    r = detect("")
    assert r == CrisisResult(False, [], None)
    r = detect("jeg vil dø")
    assert isinstance(r.reasons, list) and all(isinstance(x, str) for x in r.reasons)
    # reasons are fixed codes, never excerpts of the text
    assert "dø" not in " ".join(r.reasons)


def test_danger_outranks_suicide_kind():
    r = detect("han slår meg nå og jeg vil dø")
    assert r.crisis and r.kind == "danger_now"


def test_the_head_never_turns_danger_right_now_into_a_calm_line(monkeypatch):
    """The head may turn a suicide signal it does not share into a "possible" line (a school
    project, an old attempt), but never the lexicon's reading of danger from another person now."""
    from losen.navigator import semantic

    monkeypatch.setattr(semantic, "probability", lambda text: 0.05)
    r = detect("han står utenfor døra nå og truer med å drepe meg")
    assert r.crisis and r.kind == "danger_now" and r.risk == "acute"
    suicide = detect("jeg har pillene klare og skal ta dem i kveld")
    assert not suicide.crisis and suicide.risk == "possible"


def test_semantic_pending_when_the_caller_defers_the_embedding_layer(monkeypatch):
    """detect(..., semantic=False) says when the embedding layer would have read the text (the
    group room reads it after delivery); never for a lexicon hit, a short text, or with the layer off."""
    from losen.navigator import crisis as crisis_module

    monkeypatch.setitem(crisis_module._SEMANTIC, "on", True)
    assert crisis_module.detect("det har vært en tung uke for meg", semantic=False).semantic_pending
    assert not crisis_module.detect("ok", semantic=False).semantic_pending
    assert not crisis_module.detect("jeg vil ikke leve mer, jeg har pillene klare", semantic=False).semantic_pending
    monkeypatch.setitem(crisis_module._SEMANTIC, "on", False)
    assert not crisis_module.detect("det har vært en tung uke for meg", semantic=False).semantic_pending


# Issue 8, weak categories: general phrasing written for this test, not taken from any split.
WEAK_CATEGORY_CRISIS = [
    "vil bare sovne og aldri våkne igjen",  # euphemism
    "I won't be around much longer",  # euphemism
    "jeg har sagt mine farvel til alle",  # farewell
    "kjæresten min døde og jeg vil følge etter",  # following the dead
    "if i die i will be with my dad again",  # following the dead
    "søsteren min har tatt en hel pakke med tabletter",  # third person
]
EVERYDAY_LOOK_ALIKES = [
    "mamma har kreft og jeg er så redd for at hun skal dø",  # fear of illness
    "i won't be here tomorrow, going on holiday",  # an absence with an everyday reason
    "hva er forskjellen på selvskading og selvmordsforsøk",  # a research question
    "for tre år siden hadde jeg selvmordstanker, nå lurer jeg på om jeg kan bli frivillig",  # past
]


@pytest.mark.parametrize("text", WEAK_CATEGORY_CRISIS)
def test_weak_category_phrasing_fires(text):
    assert detect(text, semantic=False).crisis


@pytest.mark.parametrize("text", EVERYDAY_LOOK_ALIKES)
def test_everyday_look_alikes_do_not_raise_the_panel(text):
    assert not detect(text, semantic=False).crisis
