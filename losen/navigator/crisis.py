"""Crisis detection: suicide risk and danger right now, in bokmål, nynorsk and English.

``detect(text) -> CrisisResult(crisis, reasons, kind)``

Design (errs on the side of safety):

* Text is normalised first (lowercase, youth spelling, misspellings such as "selmord", glued
  words such as "villdø" / "talivetmitt", ASCII typing such as "do" for "dø").
* Dramatic idioms are removed before matching ("holdt på å dø av latter", "drepende
  kjedelig", "I could kill for a pizza", "skyte seg selv i foten", "this exam is killing me").
* Strong signals fire alone: intent ("vil ikke leve mer", "ta livet mitt", "kill myself"),
  plans and means ("har pillene klare", "skal hoppe", "skrevet avskjedsbrev"), self-harm now,
  a third person's stated intent ("venninna mi sier hun skal ta livet sitt"), violence in
  progress or a perpetrator at the door, death threats, fear for one's life.
* Weak signals ("orker ikke mer", "vil bare forsvinne", "ingen vits") fire in combination.
* A negation right before a signal cancels it ("jeg har *aldri* tenkt på å ta livet mitt"),
  but "ikke lenger" / "anymore" does not: having had such thoughts is still a risk signal.
* Third-party past events ("naboen tok livet sitt i fjor", news) do not fire.

Northern Sami is not covered by patterns: we do not guess vocabulary we cannot ground.
The text is never logged or stored; reasons are fixed codes, not excerpts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .understanding import fold, normalize

__all__ = ["CrisisResult", "detect", "REASON_TEXT", "enable_semantic", "disable_semantic", "semantic_active"]

# The semantic layer (semantic.py) is used automatically when its package is installed
# (None = decide on first use); LOSEN_NAVIGATOR_SEMANTIC=0 or disable_semantic() switch it off.
_SEMANTIC: dict = {"on": None}


def enable_semantic() -> bool:
    """Use the embedding layer (``semantic.py``) in ``detect``; returns False if unavailable."""
    from . import semantic

    _SEMANTIC["on"] = semantic.preload()
    return _SEMANTIC["on"]


def disable_semantic() -> None:
    """Lexicon only."""
    _SEMANTIC["on"] = False


def semantic_active() -> bool:
    if _SEMANTIC["on"] is None:
        from . import semantic

        _SEMANTIC["on"] = semantic.available()
    return bool(_SEMANTIC["on"])


@dataclass(frozen=True)
class CrisisResult:
    crisis: bool
    reasons: list[str] = field(default_factory=list)
    kind: str | None = None  # "suicide" | "danger_now" | None


REASON_TEXT = {
    "suicidal_intent": {"nb": "skriver om å ville dø eller ta livet sitt", "en": "writes about wanting to die or end their life"},
    "suicidal_thoughts": {"nb": "skriver om selvmordstanker", "en": "writes about suicidal thoughts"},
    "plan_or_means": {"nb": "skriver om en plan eller et middel", "en": "writes about a plan or means"},
    "goodbye_signals": {"nb": "skriver om avskjed", "en": "writes about saying goodbye"},
    "self_harm": {"nb": "skriver om å skade seg selv", "en": "writes about self-harm"},
    "third_party_risk": {"nb": "en annen kan være i fare for å ta livet sitt", "en": "someone else may be about to take their life"},
    "combined_warning_signs": {"nb": "flere varseltegn sammen", "en": "several warning signs together"},
    "violence_now": {"nb": "vold som skjer nå", "en": "violence happening now"},
    "perpetrator_near": {"nb": "en som er farlig er i nærheten nå", "en": "a dangerous person is close by now"},
    "weapon": {"nb": "våpen er nevnt", "en": "a weapon is mentioned"},
    "death_threat": {"nb": "trusler om å bli drept", "en": "threats to kill"},
    "fear_for_life": {"nb": "redd for livet sitt", "en": "afraid for their life"},
    "held_or_trapped": {"nb": "holdt fast eller innestengt", "en": "held or trapped"},
    "similar_to_crisis_texts": {"nb": "ligner på tekster fra folk i krise", "en": "resembles texts from people in crisis"},
}

# ----------------------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------------------
_I = r"(?:jeg|eg|i|æ)"
_SELF = r"(?:selv|sjølv|sjøl|sjæl)"
_INTENT = (
    r"(?:vil|ville|vill|vi|skal|skulle|kommer til å|kjem til å|planlegger å|planlegg å|tenker på å|tenkjer på å|"
    r"tenkt på å|tenkte på å|tenkt å|har lyst til å|har lyst å|har lyst til|lyst til å|lyst å|ønsker å|ynskjer å|"
    r"vurderer å|prøver å|prøvde å|prøvd å|klarer å|har bestemt meg for å|bestemt meg for å|gonna|going to|want to|wanna|"
    r"plan to|planning to|thinking about|thinking of|thought about|tried to|will|am going to|'m going to|need to|should just)"
)
_DIE = (
    r"(?:dø|døy|do|doy|daue|die|ta livet (?:mitt|av meg)|ta livet mit|ta mitt eget liv|ta mitt liv|take my (?:own )?life|"
    r"kill myself|end (?:it all|my life|it|things|everything)|forsvinne for (?:alltid|godt)|sovne for alltid|ikke våkne|ikkje vakne|"
    r"ikke våkne opp|aldri våkne|aldri vakne|gjøre slutt på (?:det|alt|livet|det hele|meg selv)|gjere slutt på (?:det|alt|livet)|gjøre det slutt|sleep forever|not wake up|never wake up|drepe meg selv|drepe meg sjølv|henge meg|hang myself)"
)
_HIT_NOW = (
    r"(?:slår|slær|sparker|sparkar|kveler|kvelar|banker|dytter|lugger|voldtar|river|biter|hits|is hitting|hitting|beats|is beating|"
    r"beating|kicks|is kicking|kicking|chokes|is choking|choking|strangles|strangling|is hurting|hurting|hurts|is raping|raping|attacking|attacks)"
)
_VICTIM = (
    r"(?:meg|me|mamma|mora mi|moren min|mor|pappa|oss|us|lillebror\w*|lillesøster\w*|søster\w*|bror\w*|syster\w*|"
    r"barna|ungene|småsøsken\w*|my (?:mom|mum|mother|sister|brother|kids|children|baby))"
)
_OTHER = (
    r"(?:han|hun|ho|hen|de|dei|dem|eksen|exen|eks-?\w+|faren|far|pappa\w*|stefar\w*|mannen|mannen min|kjæresten|typen|samboer\w*|"
    r"broren|onkel\w*|noen|nokon|en mann|ein mann|he|she|they|someone|somebody|a man|my ex|my husband|my boyfriend|my dad|my father|"
    r"my stepdad|my partner)"
)
_DANGER_CONTEXT = re.compile(
    r"\b(?:redd|livredd|skremt|truer|truar|truet|trua|slår|slo|vold|vald|prøver å komme inn|bryte seg inn|scared|afraid|terrified|"
    r"threat\w*|hit|hits|knife|kniv|gjemmer|gøymer|hiding|drepe|drepa|kill|sint|rasende|angry|full|drunk|eks\w*|ex|voldelig|"
    r"violent|skriker|screaming|yelling|banker|banging|politi\w*|police|hjelp|help|farlig|dangerous|hater|hate|skade|hurt|"
    r"skjelver|skjelv|shaking|trembling|panikk|panic|throat|halsen|kvelertak|grabbed|choked|strangled|now|nå|roper|skrik\w*|slått|slo|sint|sinna|drukket|full|beltet|belt)\b"
)

_NEGATORS = re.compile(
    r"\b(?:aldri|ikke|ikkje|ikk|never|not|don't|do not|didn't|did not|wouldn't|would not|won't|will not|no|nei|verken|"
    r"hverken|nobody said|ingen)\b"
)
_NOT_NEGATING = re.compile(r"\b(?:ikke lenger|ikkje lenger|ikke lengre|no longer|not anymore|anymore|ikke mer|ikkje meir)\b")

_THIRD_PAST = re.compile(
    r"\b(?:tok livet sitt|tok livet av seg|tok sitt eget liv|tok sitt liv|begikk selvmord|gjorde selvmord|døde|døydde|died|attempted|forsøkte|prøvde å ta livet sitt|"
    r"committed suicide|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life|leste om|read about|"
    r"i nyhetene|på nyhetene|in the news|news|artikkel|article|serie|series|film|movie|bok|book|episode|podcast)\b"
)

_IDIOMS = [
    r"\b(?:holdt på å |holdt på å |nesten |nearly |almost |kunne )?(?:dø|døy|døde|dør|døyr|dauer|die|died|dying|dies)\s+(?:av|of|from)\s+"
    r"(?:latter|latteren|le|kjedsomhet|kjedsomheit|kjedsemd|skam|sult|svolt|tørst|varme|varmen|kulde|nysgjerrighet|spenning|"
    r"pinlighet|flauhet|søthet|stress|laughter|laughing|boredom|embarrassment|shame|hunger|thirst|curiosity|the heat|cuteness|cringe)\b",
    r"\b(?:ler|lo|le|kjeder|kjedet|kjeda|fryser|frøys|jobber|jobbet|trener|danser|spiser)\s+(?:meg|seg|oss)\s+(?:i hjel|ihjel)\b",
    r"\b(?:kjedelig|kjedeleg|morsomt|morsom|varmt|kaldt|kjipt)\s+(?:i hjel|ihjel)\b",
    r"\bdrepende\s+(?:kjedelig|kjedeleg|morsom|morsomt|slitsom|slitsomt|varmt|god|godt|kjekk)\b",
    r"\bskyte\s+(?:seg|meg|deg|oss)\s+(?:selv|sjølv)?\s*i\s+foten\b",
    r"\bskjøt\s+(?:seg|meg|deg|oss)\s+(?:selv|sjølv)?\s*i\s+foten\b",
    r"\bshoot(?:ing)?\s+(?:myself|yourself|ourselves|themselves|himself|herself)\s+in\s+the\s+foot\b",
    r"\b(?:could|would|i'd|i would|i could)\s+(?:literally\s+)?kill\s+for\b",
    r"\bkill(?:ing|ed)?\s+(?:time|it|the game|the vibe)\b",
    r"\b(?:this|that|it|the \w+|my \w+|these \w+|those \w+|school|work|exam\w*|homework|maths?|math|the heat|traffic|the wait|"
    r"the suspense|the cold|practice|training|kjedsomheten|jobben|skolen|eksamen\w*|leksene|heten|varmen)\s+"
    r"(?:is|are|was|were|er|var)\s+(?:literally\s+)?(?:killing|kills|killed|drepe\w*|dreper)\s+(?:me|meg)\b",
    r"\b(?:denne|dette|det|den|skolen|jobben|eksamen\w*|leksene|matten|mattetesten|varmen|heten|køen|ventinga|ventingen)\s+"
    r"(?:\w+\s+)?(?:tar|tek)\s+livet\s+av\s+meg\b",
    r"\b(?:du|dere|dykk)\s+(?:\w+\s+)?(?:tar|tek)\s+livet\s+av\s+meg\b",
    r"\bdying\s+to\s+(?:see|know|try|meet|go|get|hear|tell|read|watch|play)\b",
    r"\b(?:bored|scared|worried|loved|laughed|tickled)\s+to\s+death\b",
    r"\bdead\s+(?:tired|serious|wrong|good|funny)\b",
    r"\b(?:i'm dead|i am dead|jeg er død|eg er død)\s*(?:lol|haha|😂|💀|av latter)\b",
    r"\b(?:i could die|i'll die|jeg dør|eg døyr)\s+(?:of|av)\s+(?:embarrassment|shame|skam|flauhet)\b",
    r"\b(?:jeg døde litt|eg døydde litt|died a little)\s+(?:inni meg|inside)\b",
    r"\b(?:dødsgøy|dødskjedelig|dødslei|dødsfin|dødsbra|dødskult)\b",
    r"\bover\s+my\s+dead\s+body\b",
    r"\bkill\s+two\s+birds\b",
    r"\b(?:kutter|kutta|skjærer|skjær|skar|cut|cutting)\s+(?:meg|me|myself)\s+(?:en|ei|et|eit|litt|noe|noko|a|some)\s+(?:\w+\s+)?(?:skive\w*|bit\w*|stykke\w*|brød|ost|kake\w*|slice|piece|bite|mat|frukt|eple)\b",
    r"\b(?:hopper|hoppe|hoppa|skip|skipping)\s+(?:over|av)\s+(?:lunsj\w*|middag\w*|frokost\w*|bussen|toget|timen|trening\w*|lunch|dinner|breakfast|class|the bus)\b",
    r"\b(?:made|makes|making)\s+me\s+want\s+to\s+die\b(?=[^.!?]{0,12}(?:lol|haha|😂|💀|xd|lmao))",
    r"\b(?:want to die|vil dø|ville dø)\s*(?:lol|haha|😂|💀|xd|lmao)\b(?<=\w)(?=[^.!?]{0,80}\b(?:anyway|uansett|men|but)\b)",
    r"\bhenge\s+(?:meg|seg|deg|oss)\s+(?:på|med)\b",
    r"\b(?:kunne|kan|could)\s+(?:ha\s+)?(?:drept|drepe|drepa|kill(?:ed)?)\s+for\b",
    r"\b(?:you're|you are|du)\s+(?:killing|dreper)\s+(?:me|meg)\b",
    r"\b(?:jeg|eg)\s+(?:døde|døydde)\s*(?:haha|lol|😂|💀)",
    r"\bslå\s+(?:i hjel|ihjel)\s+tiden\b",
    r"\bslå\s+to\s+fluer\b",
    r"\bslå\s+seg\s+(?:løs|vrang|sammen|ned|til ro|opp)\b",
    r"\bslår\s+seg\s+(?:løs|vrang|sammen|ned|til ro|opp)\b",
]
_IDIOM_RX = [re.compile(p) for p in _IDIOMS] + [re.compile(fold(p)) for p in _IDIOMS if fold(p) != p]
_FAMILY_IDIOM = re.compile(
    r"\b(?:mamma|pappa|mor|far|mora mi|faren min|moren min|foreldrene mine|foreldra mine|læreren|læraren|treneren|sjefen|"
    r"my mom|my mum|my dad|my parents|my teacher|my boss|mom|mum|dad)\s+(?:kommer til å|kjem til å|vil|skal|will|is going to|"
    r"'s going to|gonna|'ll|is gonna)\s+(?:drepe|drepa|kill)\s+(?:meg|me)\s+(?:hvis|om|når|viss|dersom|if|when|for)\b"
)
_FAMILY_IDIOM_FOLDED = re.compile(fold(_FAMILY_IDIOM.pattern))
_THREAT_VERBS = re.compile(r"\b(?:truer|truar|truet|trua|sa|sier|seier|threaten\w*|said|says|swore|lovet|lova)\b")

# ----------------------------------------------------------------------------------------
# Signal patterns: (reason, kind, strength, regex). strength "strong" fires alone.
# ----------------------------------------------------------------------------------------
_SIGNALS: list[tuple[str, str, str, str]] = [
    # intent ------------------------------------------------------------------------------
    ("suicidal_intent", "suicide", "strong", rf"\b{_INTENT}\s+(?:bare\s+|berre\s+|just\s+|helst\s+|heller\s+)?{_DIE}\b"),
    ("suicidal_intent", "suicide", "strong", r"\bta\s+livet\s+(?:mitt|mit)\b"),
    ("suicidal_intent", "suicide", "strong", r"\bta\s+mitt\s+(?:eget\s+|eige\s+)?liv\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:å|og|til å|to)\s+ta\s+livet\s+av\s+meg\b"),
    ("suicidal_intent", "suicide", "strong", rf"\b{_I}\s+(?:\w+\s+){{0,3}}?(?:tar|ta|tek)\s+livet\s+av\s+meg\b"),
    ("suicidal_intent", "suicide", "strong", rf"\b{_I}\s+(?:\w+\s+){{0,3}}?(?:drepe|drep|drepa|kverke|kvele|kvæle|henge|skyte|skade)\s+meg\b"),
    ("suicidal_intent", "suicide", "strong", rf"\b(?:drepe|drep|drepa|kverke|kvele|henge|skyte)\s+meg\s+{_SELF}\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:kill(?:ing)?|hang(?:ing)?|shoot(?:ing)?)\s+myself\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:end(?:ing)?|take|taking)\s+my\s+(?:own\s+)?life\b"),
    ("suicidal_intent", "suicide", "strong", r"\bend\s+it\s+all\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:vil|ville|orker|orkar|gidder|gider|klarer|klarar|har lyst til å|har lyst å|ønsker å|ynskjer å|ønsker|ønskjer|ynskjer|har)\s+(?:ikke|ikkje|ik|itte)\s+"
     r"(?:lyst\s+)?(?:til\s+)?(?:å\s+)?(?:leve|lev|leva|være her|vere her|vær her|finnes|finnast|eksistere|våkne|vakne|leve lenger|leve mer)\b"
     r"(?!\s+(?:sånn|slik|sånn her|sån|like this|with|med|uten|utan|på denne måten|i dette|i et|i eit|i en|i ein|under|hos|sammen|saman)\b)"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:don't|do not|dont|no longer)\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be alive|be here|exist|wake up|go on)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:want|wanna|wish)\s+(?:to\s+)?(?:die|be dead|disappear forever|not exist)\b"),
    ("suicidal_intent", "suicide", "strong", r"\bwish\s+i\s+(?:was|were)\s+(?:dead|never born|gone)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:skulle ønske|skulle ønska|ønsker|ønskjer|håper|vil)\s+(?:at\s+)?(?:jeg|eg)\s+(?:var|er|kunne vært)\s+(?:død|daud|borte for alltid|aldri født)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:bedre|betre|better)\s+(?:uten|utan|without|off without)\s+(?:meg|me)\b|\bbetter off dead\b|\b(?:bedre|betre) om (?:jeg|eg) var (?:død|daud|borte)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:ingen|nobody|no one|noone)\s+(?:kommer til å|vil|ville|kjem til å|would|will)\s+(?:savne|sakne|miss)\s+(?:meg|me)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:no|ingen)\s+(?:reason|point|grunn|vits|meining|mening)\s+(?:to|in|til å|i å|å|med å)\s+(?:live|living|leve|going on|fortsette)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:best|bedre|betre|better|easier|lettere|lettare)\s+(?:for\s+(?:alle|everyone|everybody|familien|my family)\s+)?(?:om|hvis|viss|dersom|if|når)\s+"
     r"(?:jeg|eg|i)\s+(?:ikke|ikkje|not|wasn't|weren't)?\s*(?:er|var|hadde vært|fantes|fanst|was|were|wasn't|weren't|didn't exist|ikke fantes)\s*"
     r"(?:her|død|daud|borte|dead|gone|around|alive|here)?\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:jeg|eg|i)\s+(?:\w+\s+){0,2}?(?:ikke|ikkje|not)\s+(?:er|være|vere|be)\s+her\s+(?:lenger|lengre|mer|meir|anymore|much longer)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:livet|life)\s+(?:er|is|'s)\s+(?:ikke|ikkje|not)\s+(?:verdt|worth)\s+(?:å\s+)?(?:leve|living|it)\b|\b(?:ferdig med livet|done with (?:life|living)|klar for å dø|ready to die)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:sove|sova|sleep)\s+(?:for\s+alltid|forever)\b|\b(?:ikke|ikkje)\s+(?:eksistere|finnes|finnast)\s+(?:lenger|mer|meir)?\b(?<=\w)"),
    ("suicidal_thoughts", "suicide", "strong",
     rf"\b{_I}\b(?:(?!\b(?:venn\w*|venninn\w*|kompis\w*|elev\w*|pasient\w*|klient\w*|noen som|nokon som|en som|ein som|someone|somebody|a friend|my friend|student|he|she|han|hun|ho|they|de|dei|om|about|film|movie|artikkel|article)\b)[^.!?,]){{0,40}}\b(?:selvmord|sjølvmord|suicide)\b"),
    ("self_harm", "suicide", "strong",
     r"\b(?:cutting again|been cutting|started cutting|cut again|kutter igjen|kutta igjen|kuttet igjen|begynt å kutte|begynt å skade meg|risper igjen)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:better|happier|easier|bedre|betre|lettere|lettare|lykkeligere|gladere|glad(?:ere)?)\b[^.!?]{0,40}\b(?:without me|uten meg|utan meg|if i (?:was|were) gone|if i wasn't (?:here|around)|"
     r"om (?:jeg|eg) var borte|hvis (?:jeg|eg) var borte|om (?:jeg|eg) ikke var her|hvis (?:jeg|eg) ikke var her|hvis (?:jeg|eg) forsvant|om (?:jeg|eg) forsvann|om eg ikkje var her)"
     r"|\b(?:without me|uten meg|utan meg|if i (?:was|were) gone|om (?:jeg|eg) var borte|hvis (?:jeg|eg) var borte)\b[^.!?]{0,30}\b(?:better|happier|easier|bedre|betre|lettere|lykkeligere)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:skal|vil|kommer til å|kjem til å|going to|gonna|will|want to)\b[^.!?]{0,40}\b(?:ikke|ikkje|aldri|never|not)\s+(?:komme|kome|come)\s+(?:tilbake|hjem|heim|back|home)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:tatt|tok|svelget|svelgde|slukte|took|swallowed|taken)\b[^.!?]{0,30}\b(?:hel|heil|hele|heile|whole|full|entire|pakke|pakka|brett|boks|box|bottle|glass|mange|masse|alle|all|a lot|lots|\d+)\b[^.!?]{0,20}\b"
     r"(?:piller|pillar|tabletter|tablettar|sovetabletter|sovepiller|paracet|pinex|ibux|pills|tablets|sleeping pills|paracetamol|ibuprofen|medisiner)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"(?:^|[.!?]\s*|\b(?:jeg|eg|i|æ)\s+)(?:\w+\s+)?(?:vil|skal|kommer til å|kjem til å|har lyst til å|har lyst å|lyst å|tenker å|gonna|going to|want to)\s+"
     r"(?:bare\s+|berre\s+)?(?:drepe|drepa|kverke|kvele|henge|skyte|ta livet av)\s+meg\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:vil|ville|want|wanna|ønsker|ønskjer|wish|håper|hope)\s+(?:bare\s+|berre\s+|just\s+)?(?:at\s+)?(?:alt|det|everything|it all|it)\s+(?:skal\s+|to\s+|would\s+)?"
     r"(?:ta slutt|være over|vere over|slutte|end|be over|stop)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:fortjener|fortener|deserve)\s+(?:ikke|ikkje|not)?\s*(?:å\s+|to\s+)?(?:leve|live|be alive|å være her|to be here)\b|\b(?:don't|do not|dont)\s+deserve\s+to\s+(?:live|be alive|exist)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:if|om|hvis|viss|dersom)\s+(?:i|jeg|eg)\s+(?:died|die|dør|døde|døyr|døydde|was gone|var borte|forsvant|forsvann|killed myself|tok livet mitt)\b[^.!?]{0,50}\b(?:ingen|nobody|no one|noone|who would|hvem ville|care|savne|sakne|bry|brydd|miss|notice|merke|bedre|better)\b"
     r"|\b(?:ingen|nobody|no one|noone)\b[^.!?]{0,30}\b(?:care|bry seg|brydd seg|brydd|savne|sakna|sakne|miss|notice|merke|merka)\b[^.!?]{0,20}\b(?:if|om|hvis|viss|dersom)\s+(?:i|jeg|eg)\s+(?:died|die|dør|døde|døyr|døydde|was gone|var borte|forsvant|forsvann)\b"),
    ("goodbye_signals", "suicide", "strong",
     r"\b(?:saying|say|sier|seier|si|tar|skrevet|skrive|skrev|sendt|sende|posted|wrote|written|sent|sagt|sa)\s+(?:goodbye|farvel|ha det|adjø)\s+(?:to|til)\s+(?:everyone|alle|all of you|dere|dykk|everybody|familien|mamma|pappa)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:sove|sovne|sova|sleep|fall asleep)\s+(?:og|and)\s+(?:aldri|ikke|ikkje|never|not)\s+(?:våkne|vakne|wake)\b"),
    ("self_harm", "suicide", "strong",
     r"\b(?:brenner|brente|brent|svir|svidde)\s+meg\s+(?:med|på|on|with)\s+(?:\w+\s+)?(?:lighter\w*|sigarett\w*|fyrstikk\w*|strykejern\w*|armen|armene|huden|beina|lårene)\b"),
    ("third_party_risk", "suicide", "strong",
     r"\b(?:han|hun|ho|hen|vennen|venninnen|venninna|kompisen|broren|søsteren|søstera|sønnen|datteren|dottera|he|she|my friend|my (?:brother|sister|son|daughter))\b[^.!?]{0,30}\b"
     r"(?:har|has|is|er)\s+(?:\w+\s+)?(?:kuttet|kutta|skåret|skadet|skada|cut|cutting|hurt|hurting)\s+(?:seg|herself|himself|themselves)\b"),
    ("violence_now", "danger_now", "strong", r"\b(?:jeg|eg|i)\s+(?:blir|vert|am being|'m being)\s+(?:voldtatt|valdteken|valdtatt|raped)\b|\bis raping me\b"),
    ("perpetrator_near", "danger_now", "strong",
     rf"\b{_OTHER}\s+(?:\w+\s+)?(?:står|stend|stå|står og|er|is|'s|stands|standing)\s+(?:\w+\s+)?(?:utenfor|utanfor|ved|outside|at)\s+(?:døra|døren|døra mi|døra vår|huset|vinduet|leiligheten|rommet|my door|the door|my house|the house|my window|my apartment|our door)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:ta|tar|take|taking|svelge|swallow)\s+(?:alle|all|hele|heile|the whole|every one of|everything|alt)\b(?:\s+(?:sammen|saman|of them|på en gang|på ein gong|at once))?"
     r"(?=[^!?]{0,120}$)(?<=\w)"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:står|sitter|stå|sit|er|standing|sitting|i'm|am)\s+(?:\w+\s+){0,2}?(?:på|ved|oppå|on|at|by|near)\s+(?:togskinnene|jernbanesporet|jernbanen|sporet|skinnegangen|the train tracks|the railway|the railroad|train tracks)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:legge meg|leggje meg|ligge|lie down|go to sleep|sovne|fall asleep)\b[^.!?]{0,25}\b(?:aldri|never|ikke|ikkje|not)\s+(?:stå opp|reise meg|våkne|vakne|get up|wake up|wake)\b(?:\s+(?:igjen|att|again))?"),
    ("self_harm", "suicide", "strong",
     r"\b(?:kutt\w*|skjær\w*|skar|risp\w*|riss\w*|cut|cutting|slashed)\b[^.!?]{0,25}\b(?:armene|armen|armane|håndleddet|håndleddene|lårene|låra|beina|huden|wrists?|arms?|thighs?)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:siste (?:dagen|kvelden|natta|natten|dag|kveld|natt) min|min siste (?:dag|kveld|natt)|my last (?:day|night|evening)|this is my last|"
     r"du hører ikke fra meg (?:igjen|mer)|you won't hear from me again|when i'm gone|when im gone|når (?:jeg|eg) er borte|når (?:jeg|eg) ikke er her lenger|"
     r"etter at (?:jeg|eg) er borte|after i'm gone|once i'm gone)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:ingen (?:annen )?utvei|ingen anna utveg|ser ingen utvei|ser ingen utveg|eneste utvei|einaste utveg|no (?:other )?way out|only way out|the only way out)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:tenkt|tenkte|planlagt|funnet|funne|worked|figured|thought|planned)\s+(?:ut\s+|out\s+)?(?:hvordan|korleis|how)\s+(?:jeg|eg|i)\s+(?:skal|'ll|will|am going to|'m going to|kan)\s+(?:gjøre|gjere|do)\s+(?:det|it)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:kjøpt|kjøpte|samlet|samla|spart|bought|collected|saved up)\s+(?:\w+\s+){0,3}?(?:esker|eske|pakker|pakke|pakningar|brett|glass|boxes|packs|bottles|strips)\s+(?:med\s+|of\s+)?"
     r"(?:paracet|pinex|ibux|paracetamol|ibuprofen|piller|tabletter|sovepiller|sovetabletter|pills|tablets|sleeping pills|medisiner)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:paracet|pinex|ibux|paracetamol|piller|pillene|tabletter|tablettene|sovepiller|sovetablettene|medisinene|pills|tablets|meds)\b[^.!?]{0,40}\b(?:skal|vil|kommer til å|going to|gonna|will)\s+(?:ta|svelge|take|swallow)\s+(?:dem|dei|alle|them|all)\b"),
    ("self_harm", "suicide", "strong",
     r"\b(?:barberblad\w*|blad\w*|kniv\w*|razor\w*|blade\w*|lighter)\b[^.!?]{0,40}\b(?:det eneste som hjelper|det einaste som hjelper|the only thing that helps|hjelper meg å få det bedre|to feel better|to cope|for å takle)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:om|hvis|viss|dersom|if)\s+(?:jeg|eg|i)\s+(?:aldri|ikke|ikkje|never|didn't|did not)\s+(?:våknet|våkna|vakna|våkner|vaknar|woke|wake)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:what's|what is|whats)\s+the\s+point\s+(?:of|in)\s+(?:living|life|going on|being alive|anything)\b|\b(?:hva|kva)\s+er\s+(?:vitsen|poenget)\s+(?:med|i)\s+(?:å\s+)?(?:leve|livet)\b"
     r"|\b(?:hvorfor|kvifor|why)\s+(?:skal|should|would)\s+(?:jeg|eg|i)\s+(?:leve|live|go on|keep living|fortsette å leve)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:slippe|sleppe|not have to|never have to)\s+(?:å\s+|to\s+)?(?:leve|live|være her|vere her|be here|exist|eksistere|våkne|wake up)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:ikke|ikkje|not)\s+(?:vil|ville|orker|orkar|ønsker|ynskjer|gidder|klarer|klarar|want to|wanna)\s+(?:å\s+)?(?:leve|lev|leva|være her|vere her|våkne|vakne|finnes|live|be alive|be here)\b"
     r"(?!\s+(?:sånn|slik|like this|med|with|uten|utan|i\b|in\b|hos|sammen|saman)\b)"),
    ("suicidal_intent", "suicide", "strong",
     rf"\b(?:bestemt meg for å|har bestemt meg for å|decided to|have decided to)\s+(?:\w+\s+)?{_DIE}\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:klarer ikke å se for meg|klarar ikkje sjå for meg|ser ikke for meg|can't see myself|cannot see myself|can't imagine)\s+(?:at\s+)?(?:jeg|eg|i|myself|meg)?\s*(?:lever|lev|leve|being alive|alive|living|still here|her|være her)\b"
     r"|\b(?:ingen fremtid|ingen framtid|no future)\s+(?:for meg|for me)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:klart seg|klare seg|klara seg|klart|manage|be fine|be okay|cope|vore betre|hatt det bedre|hatt det betre)\s+(?:\w+\s+){0,2}?(?:uten|utan|without)\s+(?:meg|me)\b"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:no|ingen)\s+(?:reason|grunn|point)\s+(?:for\s+(?:me|meg)\s+)?(?:to|til å|å)\s+(?:be here|være her|vere her|stay|bli|go on|keep going|continue|fortsette)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:gå|gå ut|walk|walking)\s+(?:ut\s+)?(?:i|into)\s+(?:sjøen|havet|elva|vannet|fjorden|the sea|the ocean|the river|the water|the lake)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:stockpil\w*|hoard\w*|hamstr\w*|saving up|sparer på|samler på|samlar på)\s+(?:\w+\s+){0,2}?(?:pills|tablets|meds|medication|antidepressants|sleeping pills|piller|pillar|tabletter|tablettar|medisin\w*|sovepiller|sovetabletter)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:lei|trøtt|trøytt|tired|sick)\s+(?:av|of)\s+(?:å leve|livet|living|life|being alive)\b"),
    ("suicidal_intent", "suicide", "strong", r"\b(?:can't|cannot|cant)\s+(?:go on|keep living|live like this)\b"),
    # thoughts ----------------------------------------------------------------------------
    ("suicidal_thoughts", "suicide", "strong",
     rf"\b{_I}\s+(?:\w+\s+){{0,3}}?(?:har|hadde|får|fikk|sliter med|slit med|kjemper med|have|had|get|am|'m|m|struggle with|feel|føler meg|kjenner meg|er|blir)\s+(?:\w+\s+){{0,3}}?(?:selvmord\w*|sjølvmord\w*|suicid\w*)"),
    ("suicidal_thoughts", "suicide", "strong",
     r"\b(?:tenker|tenkjer|tenkt|tenkte|think|thinking|thought|thoughts)\s+(?:\w+\s+){0,2}?(?:på|om|about|of)\s+(?:\w+\s+)?"
     r"(?:selvmord|sjølvmord|suicide|å dø|å døy|å ta livet|dying|killing myself|døden|death)\b"),
    ("suicidal_thoughts", "suicide", "strong", r"\b(?:mine|my)\s+(?:selvmord\w*|sjølvmord\w*|suicid\w*)"),
    ("suicidal_thoughts", "suicide", "strong", r"\b(?:suicidal|selvmordsfare|sjølvmordsfare|selvmordsforsøk|sjølvmordsforsøk|suicide attempt)\b"),
    ("suicidal_thoughts", "suicide", "strong", r"\b(?:dødsønske|ønske om å dø|death wish)\b"),
    ("suicidal_thoughts", "suicide", "strong", r"\b(?:selvmordstank\w*|sjølvmordstank\w*|selvmordsplan\w*|suicidal (?:thoughts|ideation|feelings))"),
    ("suicidal_intent", "suicide", "strong",
     r"\b(?:orker|orkar|klarer|klarar|gidder)\s+(?:ikke|ikkje|ik)\s+(?:mer|meir|lenger)?\s*(?:av\s+)?(?:livet|å leve|dette livet|leve)\b"),
    # plan / means ----------------------------------------------------------------------------
    ("plan_or_means", "suicide", "strong",
     r"\b(?:har|fått|samlet|samla|spart|kjøpt|kjøpte|gjemt|have|got|saved|bought|collected|hoarded)\s+(?:\w+\s+){0,3}?"
     r"(?:pillene|piller|pillar|tabletter|tablettar|tablettene|medisiner|medisinar|medisinene|sovepiller|sovetabletter|pills|tablets|meds|tau|tauet|rope)\b"
     r"(?:[^.!?]{0,40}\b(?:klare|klar|ready|for å|to|til å))?"),
    ("plan_or_means", "suicide", "strong", r"\b(?:pillene|piller|tablettene|pills|tau|tauet|rope)\s+(?:er\s+|ligger\s+|is\s+|are\s+)?(?:klare|klar|ready|framme|fremme)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:tatt|tok|svelget|svelgde|slukte|took|swallowed|taken)\s+(?:\w+\s+){0,2}?(?:\d+|mange|masse|alle|en haug|hele|ei heil|heile|a lot of|lots of|all|many|loads of|a bunch of|a handful of)\s+"
     r"(?:\w+\s+)?(?:piller|pillar|tabletter|paracet|pinex|ibux|sovepiller|pills|tablets|paracetamol|ibuprofen)\b"),
    ("plan_or_means", "suicide", "strong", r"\boverdos\w*\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:skal|vil|kommer til å|tenker å|tenker på å|planlegger å|going to|gonna|want to|will|about to)\s+(?:bare\s+|just\s+)?(?:hoppe|jump)\b"
     r"(?!\s+(?:av|på|i|inn|over|opp|med|til|etter|tau|strikk|trampoline|in|on|into|over|rope|around|up|at|for|with|ship|paragliding|fallskjerm|bungee|høyde|lengde|tull|frem|fram|ned i|ut i vannet|i vannet)\b)"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:hoppe|hoppa|jump)\s+(?:\w+\s+)?(?:fra|frå|ut fra|ned fra|foran|framfor|off|from|in front of)\s+(?:\w+\s+)?"
     r"(?:brua|broa|brua|taket|blokka|vinduet|toget|t-banen|bilen|klippen|stupet|the bridge|the roof|a bridge|a train|the train|a building|the window)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:står|sitter|stå|sit|standing|sitting|i'm|am)\s+(?:\w+\s+){0,2}?(?:på|ved|oppå|on|at)\s+(?:kanten|brua|broa|taket|stupet|skinnene|the edge|the bridge|the roof|the ledge|the tracks)\b"),
    ("plan_or_means", "suicide", "strong", r"\b(?:legge meg på|ligge på|lie on|lie down on)\s+(?:skinnene|jernbanen|the tracks)\b"),
    ("plan_or_means", "suicide", "strong", r"\b(?:kjøre|køyre|drive)\s+(?:\w+\s+)?(?:av veien|utfor|i fjellveggen|into a wall|off the road|off a cliff)\b"),
    ("plan_or_means", "suicide", "strong", r"\b(?:har|have|got)\s+(?:en\s+|ei\s+|a\s+)?(?:plan|planen)\b[^.!?]{0,40}\b(?:dø|døy|livet|die|end|selvmord|suicide)\b"),
    ("plan_or_means", "suicide", "strong", r"\b(?:planen min|my plan)\s+(?:er|is)\s+(?:å|to)\b"),
    # goodbye -----------------------------------------------------------------------------
    ("goodbye_signals", "suicide", "strong",
     r"\b(?:skrevet|skrive|skrev|skrivi|written|wrote|writing)\s+(?:\w+\s+){0,2}?(?:avskjedsbrev\w*|farvelbrev\w*|brev til (?:familien|mamma|pappa|alle)|suicide note|goodbye letter|note to my family)\b"),
    ("goodbye_signals", "suicide", "strong", r"\b(?:gitt bort|gav bort|gi bort|given away|gave away|giving away)\s+(?:\w+\s+)?(?:tingene|alle tingene|things|stuff|belongings)\b"),
    ("goodbye_signals", "suicide", "strong", r"\b(?:sagt|sa|sei|said)\s+(?:farvel|ha det|goodbye)\s+(?:til|to)\s+(?:alle|everyone|familien|my family)\b"),
    # self-harm -----------------------------------------------------------------------------
    ("self_harm", "suicide", "strong",
     r"\b(?:kutter|kutta|kuttet|skjærer|skjer|skar|risper|rispa|risset|brenner|brente|brent|skader|skadar|skada|skadet|slår|slo)\s+meg\s+(?:selv|sjølv|sjøl)\b"),
    ("self_harm", "suicide", "strong",
     r"\b(?:kutter|kutta|kuttet|skjærer|skar|risper|rispa|risset)\s+meg\b(?!\s+(?:ned|løs|fri|inn|ut|av|gjennom)\b)"
     r"(?!\s+(?:en|ei|et|eit|litt|noe|noko|a|some)\s+(?:\w+\s+)?(?:skive\w*|bit\w*|stykke\w*|brød|ost|kake\w*|slice|piece|bite|mat|frukt|eple)\b)"),
    ("self_harm", "suicide", "strong",
     rf"\b{_INTENT}\s+(?:\w+\s+)?(?:kutte|kutta|skjære|skade|skada|rispe|brenne)\s+meg\b"),
    ("self_harm", "suicide", "strong", r"\b(?:cut|cutting|cuts|hurt|hurting|hurts|burn|burning|harm|harming)\s+myself\b"),
    ("self_harm", "suicide", "strong", rf"\b{_I}\s+(?:\w+\s+){{0,3}}?(?:selvskad\w*|sjølvskad\w*|self[- ]?harm\w*)"),
    ("self_harm", "suicide", "strong", r"\b(?:selvskading|sjølvskading|self[- ]?harm(?:ing)?)\b[^.!?]{0,30}\b(?:igjen|again|nå|now|i kveld|tonight|i natt)\b"),
    # third party present intent ----------------------------------------------------------------
    ("third_party_risk", "suicide", "strong",
     r"\b(?:han|hun|ho|hen|vennen|venninnen|venninna|venen|kompisen|bestevenn\w*|broren|søsteren|syster\w*|sønnen|datteren|dottera|"
     r"mamma|pappa|kjæresten|typen|he|she|they|my friend|my (?:brother|sister|son|daughter|mom|mum|dad|boyfriend|girlfriend|partner))\b"
     r"[^.!?]{0,40}\b(?:vil|skal|kommer til å|kjem til å|planlegger å|truer med å|truar med å|snakker om å|snakkar om å|har lyst til å|"
     r"wants to|is going to|'s going to|gonna|plans to|is planning to|threatens to|is threatening to|talks about|is talking about|keeps talking about)\s+"
     r"(?:\w+\s+)?(?:ta livet (?:sitt|av seg)|tek livet sitt|drepe seg (?:selv|sjølv)|skade seg (?:selv|sjølv)|skada seg sjølv|kutte seg|dø|døy|hoppe|"
     r"kill(?:ing)? (?:himself|herself|themselves)|end(?:ing)? (?:his|her|their) life|tak(?:e|ing) (?:his|her|their) (?:own )?life|"
     r"hurt(?:ing)? (?:himself|herself|themselves)|cut(?:ting)? (?:himself|herself|themselves)|suicide|selvmord|sjølvmord|die|dying|jump)\b"
     r"(?!\s+(?:hver gang|kvar gong|hver eneste gang|every time|whenever|of|av)\b)"),
    ("third_party_risk", "suicide", "strong",
     r"\b(?:han|hun|ho|hen|vennen|venninnen|venninna|kompisen|broren|søsteren|søstera|sønnen|datteren|dottera|mamma|pappa|he|she|my friend|my (?:son|daughter|brother|sister|mom|dad))\b[^.!?]{0,40}\b"
     r"(?:ikke|ikkje|not|no longer|doesn't|does not)\s+(?:vil|orker|orkar|ønsker|gidder|want|wants)\s+(?:å\s+|to\s+)?(?:leve|live|være her|vere her|be here|be alive)\b"),
    ("third_party_risk", "suicide", "strong",
     r"\b(?:han|hun|ho|hen|vennen|venninnen|venninna|kompisen|broren|søsteren|sønnen|datteren|he|she|my friend)\b[^.!?]{0,30}\b"
     r"(?:har tatt|har svelget|has taken|just took|took)\s+(?:\w+\s+){0,2}?(?:mange|masse|alle|a lot of|lots of|all|\d+)\s+(?:piller|tabletter|pills|tablets)\b"),
    # danger now ------------------------------------------------------------------------------
    ("violence_now", "danger_now", "strong",
     rf"\b{_HIT_NOW}\s+(?:\w+\s+)?{_VICTIM}\b[^.!?]{{0,30}}\b(?:nå|no|akkurat nå|akkurat no|right now|now|as we speak|mens jeg skriver|mens eg skriv|i dette øyeblikk)\b(?!\s+(?:og da|og då|and then|and again))"),
    ("violence_now", "danger_now", "strong",
     rf"\b(?:nå|akkurat nå|akkurat no|right now)\b[^.!?]{{0,30}}\b{_HIT_NOW}\s+(?:\w+\s+)?{_VICTIM}\b"),
    ("violence_now", "danger_now", "strong",
     r"\b(?:someone|somebody|he|she|they|my (?:dad|father|husband|boyfriend|partner|ex|stepdad|mom|mother))\s+(?:is|are|'s)\s+(?:hurting|hitting|beating|attacking|choking|raping|kicking)\s+(?:me|us|my \w+)\b"),
    ("violence_now", "danger_now", "strong",
     r"\b(?:holder på å|held på å|er i ferd med å)\s+(?:slå|sparke|kvele|banke|voldta|skade|drepe)\b"),
    ("violence_now", "danger_now", "strong",
     r"\b(?:slår|sparker|kveler|dunker|dunkar|slenger|kaster|river|lugger|drar|klorer|biter|banker|voldtar|knivstikker|stikker|truer|hits|kicks|chokes|bangs|slams|throws|drags|stabs)\b"
     r"[^.!?]{0,40}\b(?:akkurat nå|akkurat no|right now|as we speak|mens jeg skriver|mens eg skriv)\b"),
    ("violence_now", "danger_now", "strong",
     r"\b(?:is|are|'s|'re)\s+(?:\w+\s+)?(?:hitting|beating|kicking|choking|strangling|hurting|attacking|raping|stabbing|punching|slapping|smashing)\s+(?:me|us|my \w+|her|him|them|mom|mum|dad)\b"),
    ("violence_now", "danger_now", "context",
     r"\b(?:please help|send help|hjelp meg nå|hjelp oss|ring politiet|call the police|call 112|ring 112)\b"),
    ("violence_now", "danger_now", "strong", rf"\b(?:hjelp|help|sos)\b[!. ]+[^.!?]{{0,20}}\b{_HIT_NOW}\s+(?:\w+\s+)?{_VICTIM}\b"),
    ("violence_now", "danger_now", "strong", r"\b(?:kveler meg|kvelar meg|choking me|strangling me|voldtar meg|is raping me)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:står|stend|venter|ventar|banker|bankar|hamrer|sparker|roper|skriker|er|is|'s|'re|are|standing|banging|knocking|waiting|kicking|shouting|screaming)\s+"
     r"(?:\w+\s+){0,2}?(?:utenfor|utanfor|på|ved|outside|at|on)\s+(?:døra|døren|døra mi|døra vår|huset|vinduet|leiligheten|leilegheita|rommet|"
     r"(?:my|the|our) (?:door|house|window|apartment|flat|room|front door))\b"),
    ("perpetrator_near", "danger_now", "strong",
     r"\b(?:prøver å komme inn|prøvar å kome inn|prøver å bryte seg inn|bryter seg inn|braut seg inn|har brutt seg inn|trying to (?:get|break|come) in|breaking in|broke in|is in the house|er inne i huset|er på vei hit|er på veg hit|is on (?:his|her|their) way (?:here|over)|coming for me)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:sto|står|var|er|is|was|stood|waiting)\s+(?:\w+\s+){0,2}?(?:i gangen|i stua|i huset|inne i huset|i leiligheten|på soverommet|in the hall|in the house|in my house|in my apartment|inside)\b"
     r"|\b(?:har nøkkel|har nøkler|has a key|has keys|har fortsatt nøkkel)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:står|venter|sitter|er|is|'s|standing|waiting)\s+(?:\w+\s+){0,2}?(?:i|på|ved|in|on|at)\s+(?:trappeoppgangen|oppgangen|trappa|gangen|hagen|bakgården|innkjørselen|parkeringsplassen|stairwell|the hallway|the hall|the driveway|the garden|the parking lot)\b"),
    ("death_threat", "danger_now", "context",
     rf"\b{_OTHER}\s+(?:\w+\s+){{0,3}}?(?:skal|kommer til å|kjem til å|vil|is going to|'s going to|gonna|will|'ll)\s+(?:ta|få tak i|finne|get|find)\s+(?:meg|me|oss|us)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:gøymt meg|gjemt meg|gjømt meg|gøymer meg|har gjemt meg|har gøymt meg|hid|hidden|hide)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:gjemmer meg|gøymer meg|gjømmer meg|har låst meg inne|låst meg inne|låste meg inne|hiding (?:in|from|under)|i'm hiding|locked myself in)\b"),
    ("weapon", "danger_now", "context",
     rf"\b{_OTHER}\b[^.!?]{{0,30}}\b(?:har|holder|står med|sitter med|vifter med|henter|has|is holding|holding|is waving|got|grabbed|tok fram|tar fram)\s+(?:\w+\s+)?(?:kniv|kniven|øks|pistol|gevær|våpen|hagle|knife|gun|axe|weapon)\b"),
    ("death_threat", "danger_now", "strong",
     r"\b(?:truer|truar|trugar|threatens?|is threatening)\s+(?:meg|oss|mamma|me|us|my \w+)\s+(?:med|with)\s+(?:en\s+|ein\s+|a\s+)?(?:kniv|kniven|øks|pistol|gevær|våpen|hagle|knife|gun|axe|weapon)\b"),
    ("plan_or_means", "suicide", "strong",
     r"\b(?:forsvinne|forsvinna|disappear|gå ut|gå vekk|walk out|dra)\s+(?:og|and)\s+(?:aldri|ikke|ikkje|never|not)\s+(?:komme|kome|come)\s+(?:tilbake|hjem|heim|back|home)\b"),
    ("violence_now", "danger_now", "context",
     r"\b(?:grabbed me by the throat|tok meg (?:rundt|i) halsen|tok kvelertak|tatt kvelertak|strupetak|choked me|strangled me)\b"),
    ("held_or_trapped", "danger_now", "context",
     r"\b(?:i'm|i am|jeg er|eg er|we're|vi er)\s+(?:\w+\s+)?(?:locked|låst|stengt)\s+(?:in|inne)\b"),
    ("death_threat", "danger_now", "strong",
     r"\b(?:truer|truar|truet|trua|truga|threaten\w*)\s+(?:\w+\s+){0,2}?(?:med å|to)\s+(?:drepe|drepa|kill|skyte|shoot|stikke|stab)\b"),
    ("death_threat", "danger_now", "strong",
     rf"\b{_OTHER}\s+(?:\w+\s+){{0,3}}?(?:skal|kommer til å|kjem til å|vil|sier han skal|sier hun skal|seier han skal|is going to|'s going to|gonna|will|'ll|is gonna)\s+(?:\w+\s+)?(?:drepe|drepa|kill|kverke|skyte|shoot|ta livet av)\s+(?:meg|me|oss|us|barna|the kids|mamma|mora mi|my mom)\b"),
    ("death_threat", "danger_now", "strong",
     r"\b(?:sa|sier|seier|said|says|swore)\s+(?:at\s+)?(?:han|hun|ho|de|he|she|they)\s+(?:skal|skulle|kommer til å|will|would|'ll|was going to|is going to)\s+(?:\w+\s+)?(?:drepe|drepa|kill)\s+(?:meg|me|oss|us)\b"),
    ("fear_for_life", "danger_now", "strong",
     r"\b(?:redd|livredd|skremt|afraid|scared|terrified|fear)\s+(?:for\s+)?(?:livet mitt|for my life|mitt liv)\b|\bfear for my life\b"),
    ("fear_for_life", "danger_now", "strong",
     r"\b(?:redd|livredd|afraid|scared|terrified)\s+(?:for at\s+|at\s+|that\s+)?(?:han|hun|ho|de|he|she|they|pappa|faren min|stefar|mannen min|eksen|my dad|my husband|my ex)\s+(?:skal\s+|kommer til å\s+|vil\s+|will\s+|is going to\s+|'s going to\s+|'ll\s+)?(?:drepe|dreper|drepa|kill|kills)\s+(?:meg|me|oss|us|mamma|mora mi|moren min|barna|ungene|my mom|my mum|my mother|the kids)\b"),
    ("held_or_trapped", "danger_now", "strong",
     r"\b(?:holder meg fast|holdar meg fast|is holding me down|holding me down|pins me down|lar meg ikke gå|lar meg ikkje gå|won't let me go)\b"),
    ("perpetrator_near", "danger_now", "context",
     r"\b(?:han|hun|ho|he|she|they|de|dei)\s+(?:er|is|'s|are)\s+(?:fortsatt|framleis|enda|still)\s+(?:hjemme|heime|her|i huset|home|here|in the house|inside)\b"
     r"|\b(?:skal|kommer til å|kjem til å|will|is going to|'s going to|gonna)\s+(?:gjøre|gjere|do)\s+(?:det|it)\s+(?:igjen|again)\b"),
    ("perpetrator_near", "danger_now", "strong",
     r"\b(?:følger etter meg|fylgjer etter meg|is following me|following me|forfølger meg)\b[^.!?]{0,30}\b(?:nå|no|akkurat nå|right now|now)\b"),
    ("held_or_trapped", "danger_now", "strong",
     r"\b(?:holdt fanget|holdes fanget|blir holdt fanget|held captive|held hostage|being held|låst meg inne og|låser meg inne|locked me in|locks me in|won't let me leave|slipper meg ikke ut|slepp meg ikkje ut|får ikke gå ut av|kan ikke komme meg ut|can't get out)\b"),
]

# Weak signals: two of them (or one + a strong distress context) fire.
_WEAK: list[str] = [
    r"\b(?:orker|orkar|gidder|klarer|klarar|kan)\s+(?:ikke|ikkje|ik)\s+(?:mer|meir|mere|lenger|lengre|dette lenger|dette mer|meir av dette|mer av dette)\s*(?:[.!?]|$)",
    r"\b(?:orker|orkar|klarer|klarar)\s+(?:ikke|ikkje)\s+(?:mer|meir|lenger)\s+(?:av\s+)?(?:livet|alt|noe|noko|dette livet)\b",
    r"\b(?:can't|cannot|cant)\s+(?:take|do)\s+(?:it|this)\s+(?:anymore|any more|much longer)\b",
    r"\b(?:vil|ville|har lyst til å|want to|wanna)\s+(?:bare\s+|berre\s+|just\s+)?(?:forsvinne|borte|disappear|vanish|sove lenge|sleep and never|ikke være her|ikkje vere her)\b",
    r"\b(?:gir|gi|gjev|giving|give)\s+(?:opp|up)\s+(?:alt|alt sammen|livet|on everything|on life|on myself)\b",
    r"\b(?:ingen|no)\s+(?:vits|point|hope|håp|meining|mening)\b",
    r"\b(?:alle|everyone|everybody)\s+(?:hater meg|hatar meg|hates me)\b",
    r"\b(?:ingen|nobody|no one)\s+(?:bryr seg om meg|bryr seg|cares about me|cares|would notice|will (?:even )?notice|kommer til å merke|vil merke|merker)\b",
    r"\b(?:i'm done|im done|i am done|jeg er ferdig|eg er ferdig|jeg gir opp|eg gir opp|i give up)\b",
    r"\b(?:farvel|adjø|goodbye|good bye)\b(?:[^.!?]{0,20}\b(?:alle|everyone|for alltid|forever)\b)?",
    r"\b(?:tilgi meg|forgive me|unnskyld for alt|sorry for everything)\b",
    r"\b(?:det er over|it's over|snart over|soon be over|alt er meningsløst|everything is pointless)\b",
    r"\b(?:er en byrde|er ei bør|am a burden|i'm a burden|til bry for alle)\b",
    r"\b(?:helt tom|heilt tom|completely empty|numb|nummen|svart inni meg)\b",
    r"\b(?:håpløs\w*|hopeless)\b",
    r"\b(?:har bestemt meg|har bestemt|i've decided|i have decided|made up my mind)\b",
    r"\b(?:jeg|eg|i)\s+(?:har|have|got)\s+(?:en|ein|a)\s+plan\s*(?:[.!]|$)",
    r"\b(?:tonight|i kveld|i natt|today|i dag)\s+(?:is|er)\s+(?:the night|the day|natta|natten|kvelden|dagen|det)\b",
    r"\b(?:wanted|want|ville|vil)\s+(?:at\s+)?(?:someone|somebody|noen|nokon)\s+(?:to\s+)?(?:skulle\s+|skal\s+)?(?:know|vite|veta)\b",
    r"\b(?:leve|live|living)\s+(?:sånn|slik|like this)\b",
    r"\b(?:gått|gikk|gjekk|walked|went)\s+(?:ut\s+)?(?:på|to|onto|out on)\s+(?:brua|broa|taket|kanten|the bridge|the roof|the edge)\b",
    r"\b(?:siste gang|siste gong|the last time|one last time|for siste gang)\b",
]
_WEAK_RX = [re.compile(p) for p in _WEAK]

# Co-occurrence: an expression of death/ending together with a means or a plan/time fires even
# when the wording is new ("skal gå ut på isen i natt og ikke komme tilbake").
_DEATH_RX = re.compile(
    r"\b(?:dø|døy|daue|die|dying|ikke leve|ikkje leve|not live|ikke våkne|ikkje vakne|never wake up|not wake up|"
    r"ikke komme tilbake|ikkje kome tilbake|aldri komme tilbake|aldri kome tilbake|not come back|never come back|borte for alltid|gone forever|"
    r"if i (?:was|were) gone|if i wasn't here|om (?:jeg|eg) var borte|hvis (?:jeg|eg) var borte|om (?:jeg|eg) forsvant|"
    r"avslutte (?:livet|alt|det hele)|ende (?:livet|det hele)|end (?:it|my life|everything)|ending it|slutt på (?:meg|det hele)|"
    r"ta livet|take my life|ikke være her|ikkje vere her|not be here|forsvinne for (?:alltid|godt)|disappear forever|sovne inn for godt|"
    r"gjøre slutt på (?:det|alt|livet|det hele)|gjere slutt på|slippe å leve|sleppe å leve|not have to live)\b"
)
_MEANS_RX = re.compile(
    r"\b(?:piller|pillar|pillene|tabletter|tablettar|tablettene|sovetabletter|sovepiller|medisin\w*|paracet|pinex|ibux|pills|tablets|meds|"
    r"overdose|tau|tauet|rope|kniv|kniven|knife|barberblad|razor|blade|gevær|pistol|gun|våpen|isen|ice|brua|broa|bridge|toget|train|"
    r"skinnene|tracks|taket|roof|stupet|cliff|fjorden|sjøen|havet|elva|river|the sea|eksos|belte|belt)\b"
)
_PLAN_RX = re.compile(
    r"\b(?:i kveld|i natt|tonight|i morgen|tomorrow|bestemt meg|bestemt|decided|planlagt|planlegger|planned|planning|a plan|en plan|ein plan|"
    r"looking up|looked up|googl\w*|søkt på|søkte på|søkt opp|searched|ways to|måter å|hvordan man|how to do it|når alle sover|"
    r"when everyone (?:is )?asleep|siste gang|siste gong|last time|snart|soon|klar|ready)\b"
)

_SIGNAL_RX: list[tuple[str, str, str, re.Pattern, re.Pattern | None]] = []
for _reason, _kind, _strength, _p in _SIGNALS:
    _c = re.compile(_p)
    _fp = fold(_p)
    _SIGNAL_RX.append((_reason, _kind, _strength, _c, re.compile(_fp) if _fp != _p else None))


def _strip_idioms(text: str) -> str:
    for rx in _IDIOM_RX:
        text = rx.sub(" ¤ ", text)

    def _family(m: re.Match) -> str:
        start = text.rfind(".", 0, m.start()) + 1
        if _THREAT_VERBS.search(text[start:m.start()]) or _THREAT_VERBS.search(fold(text[start:m.start()])):
            return m.group(0)
        return " ¤ "

    text = _FAMILY_IDIOM.sub(_family, text)
    return _FAMILY_IDIOM_FOLDED.sub(_family, text)


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    e_candidates = [text.find(ch, end) for ch in ".!?\n"]
    e_candidates = [c for c in e_candidates if c != -1]
    e = min(e_candidates) if e_candidates else len(text)
    return s, e


_INHERENT_NEG = re.compile(r"ikke|ikkje|don't|dont|\bno\b|ingen|nobody|never|cannot|can't|not\b")


def _negated(text: str, start: int, end: int, pattern: str = "") -> bool:
    s, _ = _bounds(text, start, end)
    inside = text[start:end]
    if pattern and not _INHERENT_NEG.search(pattern) and _NEGATORS.search(inside) and not _NOT_NEGATING.search(inside):
        return True
    window = text[s:start]
    # clause only: after the last comma / "men" / "but" / "og"
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"), window.rfind(" men "), window.rfind(" but "),
              window.rfind(" og "), window.rfind(" and "), window.rfind(" fordi "), window.rfind(" because "))
    if cut >= 0:
        window = window[cut + 1:]
    words = window.split()[-6:]
    window = " ".join(words)
    if not _NEGATORS.search(window):
        return False
    tail = text[start: min(len(text), end + 20)]
    if _NOT_NEGATING.search(window + " " + tail):
        return False
    return True


def _third_party_past(text: str, start: int, end: int) -> bool:
    s, e = _bounds(text, start, end)
    sentence = text[s:e]
    if not _THIRD_PAST.search(sentence):
        return False
    # if the sentence still carries a first-person intent, it is not just news/past
    return not re.search(
        r"\b(?:jeg|eg|i)\s+(?:\w+\s+){0,2}?(?:vil|skal|tok|tek|har|hadde|tenker|tenkjer|planlegger|forsøkte|prøvde|took|have|want|am|'m|plan|tried|attempted)\b"
        r"|\b(?:meg selv|meg sjølv|myself|i'm going|i am going)\b",
        sentence,
    )


_HYPERBOLE_AFTER = re.compile(r"\s*(?:hver gang|hver eneste gang|kvar gong|every time|whenever|each time)\b")
_FIRST_PERSON = re.compile(r"\b(?:jeg|eg|i|meg|me|my|mitt|min|mine|myself|æ)\b")
_THIRD_HOLDER = re.compile(
    r"\b(?:venn\w*|venninn\w*|kompis\w*|elev\w*|pasient\w*|klient\w*|bruker\w*|beboer\w*|noen|nokon|someone|somebody|"
    r"friend|student|patient|client|person)\s+(?:\w+\s+)?(?:som|who|that)\s+(?:har|has|have|sliter med|slit med|struggles with|is)\s*(?:\w+\s+)?$"
    r"|\b(?:han|hun|ho|he|she|they|eleven|pasienten|klienten|vennen|venninna|venninnen|kompisen|broren|søsteren|sønnen|datteren)\s+(?:har|has|sliter med|struggles with)\s*(?:\w+\s+)?$"
)


def _scan(text: str, use_folded: bool, suppressed: list | None = None) -> tuple[list[tuple[str, str, str]], int]:
    found: list[tuple[str, str, str]] = []
    if suppressed is None:
        suppressed = []
    for reason, kind, strength, rx, frx in _SIGNAL_RX:
        pat = frx if use_folded and frx is not None else rx
        if use_folded and frx is None:
            continue
        for m in pat.finditer(text):
            if _negated(text, m.start(), m.end(), rx.pattern):
                suppressed.append("negation")
                continue
            if kind == "suicide" and _HYPERBOLE_AFTER.match(text, m.end()):
                suppressed.append("hyperbole")
                continue  # "hun sier hun vil dø hver gang printeren streiker"
            if (kind == "suicide" and reason in ("suicidal_thoughts", "suicidal_intent", "plan_or_means")
                    and not _FIRST_PERSON.search(m.group(0)) and _third_party_past(text, m.start(), m.end())):
                suppressed.append("third_party_past")
                continue
            if reason == "suicidal_thoughts" and _THIRD_HOLDER.search(text[max(0, m.start() - 40):m.start()]):
                suppressed.append("helper")
                continue  # "hvordan hjelpe en venn som har selvmordstanker": a helper asking, not acute
            found.append((reason, kind, strength))
            break
    weak = 0
    for rx in _WEAK_RX:
        for m in rx.finditer(text):
            if rx.pattern.startswith(r"\b(?:ingen|no)\s+(?:vits") and _negated(text, m.start(), m.end()):
                continue
            weak += 1
            break
    return found, weak


def detect(text: str) -> CrisisResult:
    """Detect suicide risk or danger right now. Never logs or stores the text."""
    if not text or not text.strip():
        return CrisisResult(False, [], None)
    raw_norm = normalize(text)
    norm = _strip_idioms(raw_norm)
    folded = _strip_idioms(fold(raw_norm))
    suppressed: list[str] = []
    if "¤" in norm or "¤" in folded:
        suppressed.append("idiom")
    found, weak = _scan(norm, False, suppressed)
    found2, weak2 = _scan(folded, True, suppressed)
    found += found2
    weak = max(weak, weak2)
    danger_context = bool(_DANGER_CONTEXT.search(norm))
    reasons: list[str] = []
    kinds: set[str] = set()
    for reason, kind, strength in found:
        if strength == "context" and not danger_context:
            continue
        if strength == "context":
            # "står utenfor døra" fires only with a sign of danger in the text
            pass
        if reason not in reasons:
            reasons.append(reason)
        kinds.add(kind)
    if "suicide" not in kinds:
        for txt in ([norm] if re.search(r"[æøå]", norm) else [norm, folded]):
            dm = _DEATH_RX.search(txt)
            while dm is not None:
                if not _negated(txt, dm.start(), dm.end()) and not _third_party_past(txt, dm.start(), dm.end()):
                    break
                dm = _DEATH_RX.search(txt, dm.end())
            if dm is not None and (_MEANS_RX.search(txt) or _PLAN_RX.search(txt)):
                reasons.append("plan_or_means")
                kinds.add("suicide")
                break
    if weak >= 2 and "combined_warning_signs" not in reasons and "suicide" not in kinds:
        reasons.append("combined_warning_signs")
        kinds.add("suicide")
    # The semantic layer may add what the lexicon has no words for, but never overrules the
    # lexicon's reading of an idiom, a negation or a third-party past event.
    if not reasons and not suppressed and semantic_active():
        from . import semantic

        if semantic.is_crisis_like(text):
            reasons.append("similar_to_crisis_texts")
            now = re.search(r"\b(?:nå|no|akkurat nå|right now|now|i kveld|i natt|tonight)\b", norm)
            danger = now and _DANGER_CONTEXT.search(norm) and re.search(rf"\b{_OTHER}\b", norm) and not re.search(
                r"\b(?:meg selv|meg sjølv|myself|dø|døy|die|leve|live|livet mitt|my life)\b", norm)
            kinds.add("danger_now" if danger else "suicide")
    if not reasons:
        return CrisisResult(False, [], None)
    kind = "danger_now" if "danger_now" in kinds else "suicide"
    return CrisisResult(True, reasons, kind)
