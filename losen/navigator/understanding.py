"""Understanding a person's own words: normalisation, language, stemming and a needs lexicon.

Plain Python, no Django import, offline. Nothing here logs, prints or stores the text.

People rarely write taxonomy words ("vold", "negativ sosial kontroll"). They write
"pappa slår", "kjæresten sjekker telefonen min", "de vil at jeg skal gifte meg med fetteren
min". The lexicon below maps such expressions (bokmål, nynorsk, English; youth spelling and
common misspellings are normalised first) to the topic codes of
``losen.directory.taxonomy`` and to needs (someone to talk to now, anonymity, for parents,
for professionals, next of kin, I use violence), plus age, audience and gender cues.

``understand(text)`` returns an ``Understanding`` with topic weights and the phrases that
matched (so the ranking can say *why* a service fits).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

try:  # snowballstemmer is a small pure-Python dependency; degrade gracefully without it
    import snowballstemmer

    _NB_STEMMER = snowballstemmer.stemmer("norwegian")
    _EN_STEMMER = snowballstemmer.stemmer("english")
except Exception:  # pragma: no cover - exercised only where the package is missing
    _NB_STEMMER = _EN_STEMMER = None


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

_TOKEN_MAP = {
    # first person (youth / dialect spelling)
    "jæ": "jeg", "jei": "jeg", "jeh": "jeg", "je": "jeg", "jg": "jeg", "æ": "jeg", "ej": "jeg",
    "mæ": "meg", "mei": "meg", "mej": "meg", "mg": "meg",
    "dæ": "deg", "dej": "deg",
    "ik": "ikke", "ikk": "ikke", "itte": "ikke", "ikek": "ikke", "ikkke": "ikke", "itj": "ikke",
    "ikje": "ikkje", "ikkj": "ikkje",
    "vill": "vil", "vel": "vel",
    "mit": "mitt", "mitt": "mitt",
    "nåh": "nå",
    "hu": "hun", "ho": "ho",
    "kms": "kill myself", "kys": "kill yourself",
    "unalive": "kill", "unaliving": "killing", "sewerslide": "suicide", "selfharm": "self harm",
    "im": "i'm", "dont": "don't", "cant": "can't", "wont": "won't",
    "pga": "på grunn av", "evt": "eventuelt",
    "paa": "på", "aa": "å",
    "orkær": "orker", "orkr": "orker",
}

# words used only to split glued tokens ("villdø", "talivetmitt", "killmyself")
_GLUE_VOCAB = {
    "jeg", "eg", "vil", "vill", "ikke", "ikkje", "ta", "tar", "livet", "live", "mitt", "meg",
    "selv", "sjølv", "drepe", "drep", "skal", "orker", "orkar", "kan", "dø", "døy", "leve", "mer",
    "meir", "lenger", "lengre", "av", "henge", "hoppe", "kill", "myself", "my", "life", "end",
    "want", "to", "die", "it", "all", "self", "hurt", "kutte", "skade", "kutter",
}
_GLUE_KEEP = {  # real words that must not be split
    "meget", "avta", "tolive", "alltid", "mitten", "selve", "vilt", "avtale", "tale", "ende",
    "tilta", "itself", "allmy", "endelig", "mere", "levende", "kanskje", "villa", "leveren",
}

_SENT_SPLIT = re.compile(r"[.!?;\n]+")
_WORD = re.compile(r"[0-9a-zæøåáčđŋšŧžïéèêóòôüöäç'’-]+", re.IGNORECASE)


def _split_glued(tok: str) -> str:
    if len(tok) < 5 or tok in _GLUE_VOCAB or tok in _GLUE_KEEP:
        return tok
    n = len(tok)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, n + 1):
            piece = tok[i:j]
            if piece in _GLUE_VOCAB and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [piece]
    if best[n] and len(best[n]) >= 2:
        return " ".join(best[n])
    return tok


def normalize(text: str) -> str:
    """Lowercase, unify characters, fix common misspellings and youth spelling.

    Keeps sentence punctuation (. ! ?) so callers can split sentences.
    """
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = t.replace("’", "'").replace("`", "'").replace("´", "'")
    t = re.sub(r"[\u200b-\u200d\ufeff]", "", t)
    t = re.sub(r"(\w)\1{2,}", r"\1", t)  # "dødddd", "neeei", "soooo"
    t = re.sub(r"\bs[jk]?e?l+v?mo+r[dt]?", "selvmord", t)  # selmord, sjelvmord, selvmort
    t = re.sub(r"\bsj[øo]l[lv]?mord", "sjølvmord", t)
    t = re.sub(r"\blive[t]? mit\b", "livet mitt", t)
    t = re.sub(r"\bsewer ?slide\b", "suicide", t)
    t = re.sub(r"\bun-?aliv(e|ing)\b", r"kill", t)
    t = re.sub(r"([,:()\"«»/+*#])", r" \1 ", t)
    out: list[str] = []
    for tok in re.split(r"(\s+)", t):
        if not tok or tok.isspace():
            out.append(tok)
            continue
        core = tok.strip(".!?,")
        tail = tok[len(core):] if tok.startswith(core) else ""
        mapped = _TOKEN_MAP.get(core, core)
        if mapped == core and re.fullmatch(r"[a-zæøå]+", core or "x"):
            mapped = " ".join(_TOKEN_MAP.get(p, p) for p in _split_glued(core).split(" "))
        out.append(mapped + tail)
    t = "".join(out)
    t = re.sub(r"[ \t]+", " ", t).strip()
    return t


def fold(text: str) -> str:
    """ASCII-fold Norwegian letters (æ→ae, ø→o, å→a, aa→a) for matching people who type without them."""
    return text.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("aa", "a")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_SPLIT.split(text) if s.strip()]


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_STOP_NB = set(
    "og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi "
    "min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl "
    "her alle vil bli ble blitt kunne inn når være kom noen noe ville dere som deres kun ja etter ned skulle "
    "denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken "
    "hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært være båe "
    "begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne kva kvar "
    "kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme um upp vere "
    "vore verte vort varte vart veldig litt mye helt liksom typ føler føle tror vet veit får fikk går gikk "
    "gjør gjorde sier sa lenge tid ting hele mer mest".split()
)
_STOP_EN = set(
    "i me my myself we our you your he him his she her it its they them their what which who this that these "
    "those am is are was were be been being have has had do does did a an the and but if or because as until "
    "while of at by for with about against between into through during before after above below to from up "
    "down in out on off over under again further then once here there when where why how all any both each "
    "few more most other some such no nor not only own same so than too very can will just don should now "
    "really feel like know get got im i'm".split()
)


def stem(word: str, language: str = "nb") -> str:
    w = word.lower().strip("'’-")
    if language == "en":
        return _EN_STEMMER.stemWord(w) if _EN_STEMMER else w
    s = _NB_STEMMER.stemWord(w) if _NB_STEMMER else w
    # snowball keeps derivations apart ("mobbing" vs "mobb"); fold the common ones
    for suf in ("ingane", "ingene", "ingen", "inga", "ingar", "inger", "ing", "else", "elsen"):
        if s.endswith(suf) and len(s) - len(suf) >= 4:
            return s[: -len(suf)]
    return s


def content_stems(text: str, language: str = "nb") -> list[str]:
    """Stemmed content words (stop words removed) – used for lexical similarity."""
    out = []
    for tok in tokens(text):
        if tok in _STOP_NB or tok in _STOP_EN or len(tok) < 3 or tok.isdigit():
            continue
        lang = language if language in ("nb", "nn", "en") else "nb"
        s = stem(tok, "en" if lang == "en" else "nb")
        if len(s) >= 3:
            out.append(s)
    return out


# --------------------------------------------------------------------------------------
# Language detection
# --------------------------------------------------------------------------------------

_SAMI_LETTERS = set("čđŋšŧž")
# Northern Sami words we can ground (common function words, the seed's "geainna nu hállat",
# the language's own names). Kept short on purpose: we do not guess vocabulary.
_SAMI_WORDS = {
    "mun", "lean", "leat", "don", "son", "mii", "sámi", "sámegiella", "sámegillii", "davvisámegiella",
    "giitu", "buorre", "beaivi", "bures", "geainna", "hállat", "hálan", "hálestit", "veahkki", "veahki",
    "dárbbašan", "dárbbašat", "dárbbašatgo", "mu", "munnje", "ja", "ii", "in", "sápmi", "girku",
    # everyday words of help seekers: family, feelings, school, dying (Northern Sami)
    "eadni", "áhčči", "áddjá", "áhkku", "ustit", "ustibat", "skuvla", "skuvllas", "skuvllis", "jápmit", "jámii",
    "háliidan", "áiggun", "áiggo", "váttis", "heakka", "iežan", "leago", "soames", "doppe", "mus", "lea", "hui",
    "šat", "nagot", "givssidit", "givssideapmi", "bártni", "nieida", "oarbbis", "moraš", "balan", "vuoi",
}
_NN_WORDS = {
    "eg", "ikkje", "kva", "korleis", "kvifor", "kven", "nokon", "noko", "nokre", "berre", "sjølv", "dei",
    "ein", "eit", "frå", "heime", "mykje", "kjem", "vert", "vart", "eigen", "eigentleg", "heile", "høyrer",
    "meir", "veit", "ho", "henne", "vere", "gjere", "seier", "sjå", "korkje", "òg", "fleire", "mange",
    "lenger", "kjenner", "kjensle", "orkar", "slit", "døy", "einsam", "åleine", "mellom", "skule", "skulen",
    "tykkjer", "synest", "jenta", "venen", "venninna", "pappaen", "mamma", "ikkje", "gut", "guten",
}
_NN_DISTINCT = {
    "eg", "ikkje", "kva", "korleis", "kvifor", "kven", "nokon", "noko", "nokre", "berre", "sjølv", "dei",
    "ein", "eit", "frå", "heime", "mykje", "kjem", "vert", "vart", "eigen", "eigentleg", "heile", "meir",
    "veit", "ho", "vere", "gjere", "seier", "sjå", "fleire", "orkar", "døy", "einsam", "åleine", "skule",
    "skulen", "synest", "tykkjer", "venen", "venninna", "korkje", "òg", "kjensla", "gut", "guten", "mi",
}
_NB_DISTINCT = {
    "jeg", "ikke", "hva", "hvordan", "hvorfor", "hvem", "noen", "noe", "bare", "selv", "de", "en", "et",
    "fra", "hjemme", "mye", "kommer", "blir", "ble", "egen", "egentlig", "hele", "mer", "vet", "hun", "være",
    "gjøre", "sier", "se", "flere", "orker", "dø", "ensom", "alene", "skole", "skolen", "synes", "meg", "hjelp",
    "mitt", "min", "har", "er", "og", "det", "vil", "på", "med", "som", "av", "til", "jente", "gutt",
    "mamma", "pappa", "mistet", "drikker", "slår", "etter", "fjor", "kjæresten", "broren", "søsteren",
}
_EN_WORDS = {
    "i'm", "my", "me", "the", "and", "is", "to", "you", "don't", "what", "it", "of", "in", "with", "he",
    "she", "someone", "help", "am", "was", "have", "not", "can't", "want", "need", "feel", "a", "at", "this",
    "that", "they", "we", "are", "do", "be", "for", "so", "but", "just", "about", "people", "anyone", "how",
    "who", "when", "im", "ive", "i've", "please", "because", "really", "nobody", "anymore", "friend",
}


def detect_language(text: str) -> str:
    """Return "nb", "nn", "en", "se" (Northern Sami) or "unknown".

    Sami is recognised by its characteristic letters (á with č đ ŋ š ŧ ž) and a few common
    words; text mixing Norwegian and Sami counts as Sami (the person signals Sami).
    """
    raw = unicodedata.normalize("NFKC", text or "").lower()
    toks = tokens(raw)
    if not toks:
        return "unknown"
    sami_letters = sum(1 for ch in raw if ch in _SAMI_LETTERS)
    a_acute = raw.count("á")
    sami_words = sum(1 for t in toks if t in _SAMI_WORDS and t not in ("ja", "in", "mu", "son", "mii", "don", "lea", "mus"))
    # "lea" (is) and "mus" count only next to another Sami word
    if sami_words:
        sami_words += sum(1 for t in toks if t in ("lea", "mus"))
    sami_score = sami_letters * 1.0 + min(a_acute, 3) * 0.6 + sami_words * 1.5
    en = sum(1 for t in toks if t in _EN_WORDS)
    nn = sum(1 for t in toks if t in _NN_DISTINCT)
    nb = sum(1 for t in toks if t in _NB_DISTINCT)
    # a short opener with a distinctly Sami word and no Norwegian or English word ("bures", "giitu")
    if sami_score >= 2.5 or (sami_words and not (en or nn or nb)):
        return "se"
    nordic = sum(1 for ch in raw if ch in "æøå")
    nor = nn + nb + nordic * 0.5
    if en >= 2 and en > nor:
        return "en"
    if nor == 0 and en == 0:
        return "unknown"
    if en > nor and en >= 1:
        return "en"
    if nn >= 1 and nn >= nb * 0.6:
        return "nn"
    return "nb"


# --------------------------------------------------------------------------------------
# Needs lexicon
# --------------------------------------------------------------------------------------

_MACROS = {
    "JEG": r"(?:jeg|eg|i)",
    "MEG": r"(?:meg|me)",
    "IKKE": r"(?:ikke|ikkje|not|never|aldri)",
    "SELV": r"(?:selv|sjøl|sjølv)",
    "PARENT": (
        r"(?:pappa\w*|papa|faren\w*|far min|far|fattern|faderen|mamma\w*|mora\w*|moren\w*|mor mi|mor|"
        r"stefar\w*|stemor\w*|stepappa\w*|stemamma\w*|foreldr\w+|dad|daddy|mom|mum|mommy|father|mother|"
        r"step-?dad|step-?mom|step-?father|my parents)"
    ),
    "PARTNER": (
        r"(?:kjærest\w*|typen|type min|dama|dama mi|damen min|mannen min|mannen|mann min|min mann|kona\w*|kone\w*|"
        r"samboer\w*|sambuar\w*|ektemann\w*|ektefelle\w*|partner\w*|eksen|eks-?\w*|ex|exen|kjæraste\w*|"
        r"boyfriend|girlfriend|husband|wife|bf|gf|my ex|spouse)"
    ),
    "SIBLING": r"(?:bror\w*|bro\w?ren|søster\w*|syster\w*|storebror\w*|lillebror\w*|brother|sister|sibling)",
    "RELATIVE": r"(?:onkel\w*|tante\w*|bestefar\w*|morfar\w*|farfar\w*|fetter\w*|kusin\w*|uncle|aunt|cousin|grandfather)",
    "CHILD": (
        r"(?:sønn\w*|son|datter\w*|dotter\w*|dattera|daughter|barnet mitt|barna mine|barnet vårt|barna våre|"
        r"ungen min|ungene mine|ungen vår|ungene våre|unga mine|ungane|borna mine|borna våre|tenåring\w*|\w+åringen|babyen|spedbarnet|minstemann|minstejenta|my child|my kid|my kids|my children|my teen\w*|"
        r"my baby|the baby|my toddler|jenta mi|gutten min)"
    ),
    "HIT": (
        r"(?:slår|slo|slått|slå|sparker|sparka|sparket|dytter|dytta|dyttet|kveler|kvelte|kvelt|lugger|lugget|"
        r"banker|banka|banket|klyper|kløp|kaster meg|kasta meg|kastet meg|tar kvelertak|riste\w*|rister|"
        r"hits?|hitting|beats?|beating|beaten|kick(?:s|ed|ing)?(?!\s+(?:me|him|her|us|them)\s+out)|punch\w*|chok\w*|strangl\w*|slap\w*|"
        r"shov\w*|pushes|pushed|hurts|hurting|hurt me)"
    ),
}


def _expand(pattern: str) -> str:
    for name, rx in _MACROS.items():
        pattern = pattern.replace("<" + name + ">", rx)
    return pattern


# (regex, {topic_or_need: weight}). Needs are prefixed "need:"; "audience:other" etc. are
# handled separately below. Regexes run on the normalised text (and on an ASCII-folded copy).
_RAW_LEXICON: list[tuple[str, dict[str, float]]] = [
    # ---------------- violence in close relationships / physical violence ----------------
    (r"\b(?:<PARENT>|<PARTNER>|<SIBLING>|<RELATIVE>)\b[^.!?]{0,40}?\b<HIT>\b",
     {"domestic_violence": 1.0, "physical_violence": 1.0}),
    (r"\b<HIT>\b[^.!?]{0,12}\b(?:meg|me|mamma|mor|pappa|søsken\w*|lillebror\w*|lillesøster\w*|oss|us|henne|ham|barnet|barna|ungene|datteren\w*|sønnen\w*|her|him|the kids)\b",
     {"physical_violence": 0.9}),
    (r"\b(?:blir|ble|vert|vart|får|fikk|gets?|got|was|been|being)\s+(?:slått|slegen|banka|banket|juling|bank|"
     r"dengt|kvelt|sparket|sparka|hit|beaten|kicked|choked|punched|slapped)\b",
     {"physical_violence": 1.0}),
    (r"\b(?:blåmerker?\w*|blåveis|bruises?|sår etter|merker etter|black eye)\b", {"physical_violence": 0.8}),
    (r"\b(?:vold(?!t)\w*|vald|valden|valdeleg\w*|valds\w*|mishandl\w*|violen\w*|abus\w*|abusive)\b", {"domestic_violence": 0.4, "physical_violence": 0.3}),
    (r"\b(?:vold|bråk|slåssing|slagsmål|krangling og slag|violence)\b[^.!?]{0,20}\b(?:hjemme|heime|i familien|at home|in my family)\b",
     {"domestic_violence": 1.0}),
    (r"\b(?:ikke|ikkje|not)\s+(?:trygg|safe)\s+(?:hjemme|heime|at home)\b", {"domestic_violence": 0.9, "neglect": 0.3}),
    (r"\b(?:redd|skremt|livredd|afraid|scared|terrified)\b[^.!?]{0,25}\b(?:<PARENT>|<PARTNER>|for å (?:dra|gå) hjem|to go home)\b",
     {"domestic_violence": 0.9, "threats": 0.3}),
    (r"\b(?:går på tå hev|tør ikke gå hjem|tør ikkje gå heim|walking on eggshells)\b", {"domestic_violence": 0.8, "psychological_violence": 0.6}),
    (r"\b(?:kjærestevold|partnervold|familievold|vold i nære|vald i nære|domestic violence|vold i hjemmet|vald i heimen|vald heime)\b", {"domestic_violence": 1.0}),
    (r"\b(?:<PARENT>|<PARTNER>)\b[^.!?]{0,30}\b(?:drikker|full|fyllesyk|drunk)\b[^.!?]{0,30}\b(?:sint|slår|kjefter|angry|hits|yells)\b"
     r"|\b(?:<PARENT>|<PARTNER>)\b[^.!?]{0,30}\b(?:sint|sinna|rasende|aggressiv\w*|slår|kjefter|angry|furious|aggressive|hits|yells)\b[^.!?]{0,40}\b(?:drikker|drikk|er full|drinks|drinking|is drunk|gets drunk)\b",
     {"domestic_violence": 0.8, "substance_use": 0.4, "next_of_kin": 0.3}),
    (r"\b(?:slår|slår til|hits?|hitting|kicks?(?!\s+(?:me|him|her|us|them)\s+out))\b[^.!?]{0,15}\b(?:<PARENT>|<PARTNER>|<SIBLING>)\b",
     {"physical_violence": 0.6}),
    # ---------------- psychological violence / control ----------------
    (r"\b(?:kaller meg|kallar meg|calls me|called me)\b[^.!?]{0,30}", {"psychological_violence": 0.8}),
    (r"\b(?:kjefter|kjefta|kjeftet|skriker til meg|skrik til meg|roper til meg|brøler|yells at me|screams at me|shouts at me)\b",
     {"psychological_violence": 0.8}),
    (r"\b(?:sjekker|sjekka|går gjennom|leser|ser gjennom|kontrollerer|checks|goes through|reads)\b[^.!?]{0,15}\b(?:telefonen|mobilen|meldingene|snappen|phone|messages)\b",
     {"psychological_violence": 1.0, "digital_violence": 0.5}),
    (r"\b(?:får ikke lov|får ikkje lov|får ikke|får ikkje|lov å|not allowed|won't let me|doesn't let me|don't let me)\b[^.!?]{0,30}\b(?:venn\w*|veninn\w*|vener|friends|gå ut|gå på|jobbe|ha kjæreste|kjæreste|be with|see my|go out|trene|mobil|telefon)\b",
     {"psychological_violence": 0.8, "honour_violence": 0.5}),
    (r"\b(?:kontrollerer|kontrollere|kontrollert|styrer|kontroll over|controls?|controlling|bestemmer alt|decides everything|overvåker)\b",
     {"psychological_violence": 0.8, "honour_violence": 0.3}),
    (r"\b(?:sjalu|sjalusi|jealous\w*|possessive)\b", {"psychological_violence": 0.6, "relationships": 0.4}),
    (r"\b(?:manipul\w*|gaslight\w*|nedverdig\w*|ydmyk\w*|humiliat\w*|psykisk terror|psykisk vold|emotional abuse|emotionally abusive|verbal abuse)\b",
     {"psychological_violence": 1.0}),
    (r"\b(?:verdiløs|ubrukelig|ingenting verdt|worthless)\b[^.!?]{0,20}", {"psychological_violence": 0.3, "mental_health": 0.4}),
    (r"\b(?:isolerer|isolert fra|får ikke treffe|får ikkje treffe|isolates me|cut me off from)\b", {"psychological_violence": 0.8}),
    (r"\b(?:straffer meg|straffar meg|silent treatment|fryser meg ut hjemme)\b", {"psychological_violence": 0.6}),
    # ---------------- sexual violence ----------------
    (r"\b(?:voldt\w*|valdt\w*|rape\w*|raped|overgrep\w*|misbruk\w*|molest\w*|incest|sexual abuse|sexually abused|sexual assault\w*|seksuelt misbrukt|seksuell vold|seksuelle overgrep)\b",
     {"sexual_violence": 1.0}),
    (r"\b(?:tok på meg|tok på kroppen|tafs\w*|befølte|beføler|rørte meg|rørte ved meg|tok meg på|touched me|touches me|groped|grope\w*)\b",
     {"sexual_violence": 1.0}),
    (r"\b(?:tvang meg|tvinger meg|presset meg|pressa meg|pressure[ds]? me|forced me|made me)\b[^.!?]{0,25}\b(?:sex|ha sex|seksuelle|suge|ligge med|to have sex|do things)\b",
     {"sexual_violence": 1.0}),
    (r"\b(?:sex|samleie|ligge med)\b[^.!?]{0,30}\b(?:uten at jeg ville|uten samtykke|ville ikke|ville ikkje|sa nei|without consent|didn't want|said no)\b",
     {"sexual_violence": 1.0}),
    (r"\b(?:sa nei|said no|ville ikke|ville ikkje)\b[^.!?]{0,30}\b(?:fortsatte|fortsette|held fram|kept going|continued)\b", {"sexual_violence": 0.9}),
    (r"\b(?:våknet|vakna|woke up)\b[^.!?]{0,40}\b(?:naken|han lå|uten klær|naked)\b", {"sexual_violence": 0.9}),
    (r"\b(?:overgrepsmottak\w*|flashback\w*)\b", {"sexual_violence": 0.6}),
    (r"\b(?:en voksen|voksen mann|eldre mann|an adult|older man|grown man)\b[^.!?]{0,40}\b(?:meldinger|snap\w*|chatte\w*|sender|sendte|messages?|texts?|bilder|pictures)\b",
     {"sexual_violence": 0.8, "digital_violence": 0.8}),
    # ---------------- material / economic violence / threats ----------------
    (r"\b(?:knuser|knuste|knust|ødelegger|øydelegg\w*|ødela|ødelagt|smash\w*|breaks?|broke|destroy\w*)\b[^.!?]{0,30}\b(?:ting\w*|telefonen|mobilen|møbler|døra|døren|stuff|things|phone|tingene)\b",
     {"material_violence": 1.0, "domestic_violence": 0.4}),
    (r"\b(?:kaster ting|kasta ting|kastet ting|slår i veggen|slo i veggen|slår hull|throws things|punch(?:es|ed)? (?:the )?wall)\b",
     {"material_violence": 0.9, "domestic_violence": 0.5}),
    (r"\b(?:tar|tok|tek|tatt|teke|takes|took|taken|stjeler|stjal|steals?|beholder|holder på)\b[^.!?]{0,20}\b(?:pengene|pengane|pensjonen|lønna|lønnen|kortet|bankkortet|bankkort|money|pension|salary|card|bank card)\b",
     {"economic_violence": 1.0}),
    (r"\b(?:kontroll\w* (?:på|over) (?:pengene|økonomien)|controls? (?:the|my|our) money|får ikke egne penger|ingen egne penger|ikke tilgang til (?:konto|pengene)|lån i mitt navn|gjeld i mitt navn|debt in my name|økonomisk vold|economic abuse|financial abuse)\b",
     {"economic_violence": 1.0}),
    (r"\b(?:tru(?:er|a|et|ar)|truende|trussel\w*|threat\w*)\b", {"threats": 1.0}),
    (r"\b(?:skal|skulle|kommer til å|will|going to|gonna)\s+(?:drepe|skade|ta|finne|kill|hurt|get)\s+(?:meg|deg|barna|me|you|the kids)\b",
     {"threats": 0.9}),
    # ---------------- honour-related violence, social control, forced marriage, FGM ----------------
    (r"\b(?:negativ sosial kontroll|sosial kontroll|æresrelatert\w*|vanær\w*|dishonou?r\w*|æresvold\w*|æresvald\w*|æresdrap\w*|æreskultur|ære\b|æra|familiens ære|familiens rykte|honou?r\w*|skam for familien|skamme ut familien|bringing shame|shame on (?:my|the) family)",
     {"honour_violence": 1.0}),
    (r"\b(?:familien|foreldrene|brødrene|broren min|onkelen|familien min|my family|my brothers|my parents)\b[^.!?]{0,40}\b(?:bestemmer|følger med|passer på meg|overvåker|kontrollerer|ikke lov|ikkje lov|forbyr|decide|control|watch me|won't let)\b",
     {"honour_violence": 0.9, "psychological_violence": 0.4}),
    (r"\b(?:sende meg|sendt meg|sendes|send me|sent me|take me|bli sendt|blir sendt|ble sendt|vert send|vart send|be sent|being sent|sendt|sende henne|sende ham|sende oss|reise med meg|dra med meg)\b[^.!?]{0,30}\b(?:hjemlandet|til utlandet|ut av landet|back home|abroad|(?:til|to) (?:somalia|pakistan|irak|iraq|syria|afghanistan|marokko|morocco|tyrkia|turkey|eritrea|etiopia|ethiopia|iran|libanon|lebanon|egypt|sudan|kurdistan|gambia|kenya|tsjetsjenia|chechnya|bosnia|kosovo|india|sri lanka|bangladesh|jemen|yemen|algerie|tunisia|palestina|palestine|jordan|nigeria|senegal|afrika|africa))\b",
     {"honour_violence": 1.0, "forced_marriage": 0.5}),
    (r"\b(?:skikking|for norsk|too norwegian|too western|for vestlig|ødelagt av norsk)\b", {"honour_violence": 1.0}),
    (r"\b(?:gift\w*|gifte meg|gifte seg|giftes bort|forlove\w*|ekteskap\w*|bryllup\w*|marry|married|marriage|wedding|engaged)\b[^.!?]{0,40}\b(?:fetter\w*|kusin\w*|mot min vilje|tvang|tvinge|vil ikke|vil ikkje|ikke vil|ikkje vil|cousin|against my will|don't want|forced|har aldri møtt|aldri har møtt|ikke har møtt|ikkje har møtt|ikke kjenner|ikkje kjenner|don't know|never even met|valgt for meg|bestemt)\b",
     {"forced_marriage": 1.0, "honour_violence": 0.6}),
    (r"\b(?:vil at (?:jeg|eg) skal gifte|skal gifte meg med|want me to marry|make me marry|forced to marry|tvangsekteskap|tvangsgift\w*|arrangert ekteskap|arranged marriage|gift bort|gifte meg bort|giftast bort|gifta bort|giftes bort|skal giftast|skal giftes|må gifte (?:meg|seg)|må giftast|married off|marry me off|marry her off)\b"
     r"|\bgift\w*\s+(?:\w+\s+)?bort\b",
     {"forced_marriage": 1.0, "honour_violence": 0.6}),
    (r"\b(?:kjønnslemlest\w*|omskjær\w*|omskåret|omskoren|fgm|circumcis\w*|genital mutilation|kutte jenter|kuttet der nede|cut down there)\b",
     {"fgm": 1.0, "honour_violence": 0.5}),
    # ---------------- digital violence, stalking ----------------
    (r"\b(?:naken\w*|nudes?|nakne bilder|nakenbild\w*|intime bilder|sexy bilder|dick ?pic\w*|private bilder|private pictures|intimate (?:images|pictures|photos))\b",
     {"digital_violence": 1.0, "sexual_violence": 0.4}),
    (r"\b(?:deler|delte|sprer|spredt|spreier|lagt ut|legger ut|publisert|posted|shared|sharing|spreading|leaked)\b[^.!?]{0,30}\b(?:bilder|bilde|video\w*|pictures?|photos?|images?|filmer)\b",
     {"digital_violence": 1.0}),
    (r"\b(?:utpress\w*|sextortion|blackmail\w*|krever penger ellers|betale ellers|pay or)\b", {"digital_violence": 1.0, "threats": 0.6}),
    (r"\b(?:hack\w*|falsk profil|fake profil\w*|fake account|falske kontoer?|deepfake|snap ?map|sporer|sporing|tracks? my|tracking|gps|airtag|stalkerware|spionprogram)\b",
     {"digital_violence": 0.9, "stalking": 0.4}),
    (r"\b(?:på nett|online|på snap\w*|på insta\w*|på tiktok|i kommentarfelt\w*|netthets|hets på nett|cyber\w*|nettmobb\w*|krenk\w* på nett)\b",
     {"digital_violence": 0.6}),
    (r"\b(?:forfølg\w*|stalk\w*|følger etter meg|fylgjer etter meg|follows me|following me|dukker opp (?:overalt|der jeg er|utenfor)|keeps showing up|står utenfor (?:huset|jobben|skolen)|ringer (?:hele tiden|hundre)|hundrevis av meldinger|gir seg ikke|won't leave me alone|venter på meg utenfor)\b",
     {"stalking": 1.0}),
    (r"\b(?:won't stop|doesn't stop|keeps?|slutter ikke å|sluttar ikkje å|gir seg ikke med å)\s+(?:sending|texting|messaging|calling|ringing|showing up|sende|ringe|skrive|dukke opp)\b|\b(?:shows up at|turns up at|dukker opp på|møter opp på)\b",
     {"stalking": 0.9}),
    (r"\b(?:eksen|eks-?kjæresten|eks-?mannen|eks-?kona|exen|my ex|ex-?husband|ex-?wife|ex-?boyfriend|tidligere samboer)\b",
     {"post_separation_violence": 0.5, "relationships": 0.3}),
    (r"\b(?:etter (?:bruddet|skilsmissen|at vi gikk fra hverandre|at vi slo opp|at jeg gikk fra|at eg gjekk frå)|since (?:we|i) (?:split|broke up|left)|after (?:the|our) (?:divorce|breakup|break-up)|after i left)\b",
     {"post_separation_violence": 0.9, "relationships": 0.3}),
    # ---------------- harmful sexual behaviour ----------------
    (r"\b(?:seksuell\w* (?:interesse|tanker|følelser|fantasier) (?:for|om|rundt) (?:barn|unge|mindreårige)|tiltrukket av barn|tenner på barn|attracted to (?:children|kids|minors)|sexual (?:interest|thoughts|feelings) (?:in|about|for) (?:children|kids|minors)|pedofil\w*|paedophil\w*|pedophil\w*|overgrepsmateriale|overgrepsbilder|csam|child abuse (?:images|material))",
     {"harmful_sexual_behaviour": 1.0, "need:uses_violence": 0.8}),
    (r"\b(?:seksualisert atferd|seksuell atferd|problematisk seksuell|skadelig seksuell|sexual behaviou?r)\b", {"harmful_sexual_behaviour": 1.0}),
    (r"\b(?:<CHILD>)\b[^.!?]{0,40}\b(?:seksuelt|seksuelle ting|sexual|tok på|touched)\b[^.!?]{0,30}\b(?:lillesøster\w*|lillebror\w*|yngre|younger|et annet barn|another child|andre barn|småsøsken)\b",
     {"harmful_sexual_behaviour": 1.0}),
    # ---------------- bullying ----------------
    (r"\b(?:mobb\w*|bull(?:y|ied|ies|ying)|ertet?|erting|plag(?:er|et|a) meg|utestengt|utfryst|fryst ut|fryser meg ut|frys meg ut|holdt utenfor|excluded|left out|ingen vil være med meg|ingen vil vere med meg|nobody wants to be with me)\b",
     {"bullying": 1.0}),
    (r"\b(?:ler av meg|ler av klærne|lager stygge|kaller meg stygg|kommenterer (?:kroppen|utseendet)|kastet ut av gruppechat\w*|kasta ut av gruppechat\w*|laughs? at me|laugh at me|kicked out of the group ?chat|stygge kommentarer|mean comments)\b",
     {"bullying": 0.9}),
    (r"\b(?:friminutt\w*|storefri|klassen|skolen|skulen|klassekamerat\w*|at school|in class|recess)\b", {"bullying": 0.15, "need:school": 1.0}),
    (r"\b(?:alene i friminuttet|aleine i friminuttet|åleine i friminuttet|sitter alene i kantina|ingen å være med i friminutt\w*)\b", {"bullying": 0.9, "loneliness": 0.6}),
    # ---------------- trafficking ----------------
    (r"\b(?:menneskehandel\w*|trafficking|trafficked|tvangsarbeid|forced labou?r|tvunget til å jobbe|tvinga til å jobbe|forced to work|tvunget til (?:å selge sex|prostitusjon)|forced (?:into|to) (?:prostitution|sell sex)|selge sex|sell(?:ing)? sex)\b",
     {"trafficking": 1.0}),
    (r"\b(?:tatt|tok|tek|har|holder|beholder|gjemt|took|taken|has|keeps?|kept|have|hold|holds)\s+(?:\w+\s+)?(?:passet|passene|passa|pass\b|id-?papir\w*|papirene|identitetspapir\w*|passports?|identity papers|id papers|documents)\b",
     {"trafficking": 1.0}),
    (r"\b(?:sover på (?:fabrikken|jobben|arbeidsplassen)|bor på (?:jobben|arbeidsplassen)|sleep at (?:the|our) (?:factory|work|workplace)|live at the (?:factory|workplace)|jobber for å betale ned gjeld|work to pay (?:off|back) (?:a|the|our) debt)\b",
     {"trafficking": 0.8}),
    (r"\b(?:gjeld til|skylder dem|betale tilbake (?:reisen|gjelden)|owe them|pay back the debt)\b[^.!?]{0,40}", {"trafficking": 0.6}),
    (r"\b(?:jobber uten lønn|ingen lønn|får ikke lønn|får ikkje løn|no pay|without pay|not paid)\b", {"trafficking": 0.5, "work_life": 0.4}),
    (r"\b(?:kan ikke dra|kan ikkje dra|kan ikke slutte|låst inne|can't leave|cannot leave|not allowed to leave)\b", {"trafficking": 0.3}),
    # ---------------- neglect ----------------
    (r"\b(?:ingen mat|ikke mat|ikkje mat|får ikke mat|får ikkje mat|sulten hele tiden|svolten|no food|nothing to eat|hungry all the time|ingen voksne|ingen voksen|no adults?)\b",
     {"neglect": 1.0}),
    (r"\b(?:alene hjemme|aleine heime|åleine heime|alone at home|home alone)\b[^.!?]{0,30}\b(?:dager|døgn|helg\w*|uke\w*|days|weeks|weekend)\b", {"neglect": 1.0}),
    (r"\b(?:<PARENT>)\b[^.!?]{0,30}\b(?:er aldri hjemme|er aldri heime|bryr seg ikke|bryr seg ikkje|don't care|never home|ligger (?:bare )?i senga|passer ikke på|glemmer meg)\b",
     {"neglect": 0.9}),
    (r"\b(?:omsorgssvikt|neglect\w*|barnevern\w*|child protection|skitne klær|må passe småsøsken\w*|må ta meg av småsøsken\w*|må passe på mamma|må passe på pappa|take care of my (?:siblings|little))\b",
     {"neglect": 0.8}),
    # ---------------- mental health ----------------
    (r"\b(?:deprimert|depresjon\w*|depressed|depression|angst\w*|anxiety|anxious|panikk\w*|panic\w*|psykisk\w*|mental health|psykiske problem\w*|psyken|utbrent|burn(?:ed|t)? ?out|spiseforstyrr\w*|anorek\w*|bulimi\w*|eating disorder|ocd|tvangstank\w*|traume\w*|trauma\w*|ptsd|bipolar|psykose|psychosis)\b",
     {"mental_health": 1.0}),
    (r"\b(?:lei meg|trist\w*|sad|tungt|tungsinn|har det vondt|har det jævlig|har det dritt|har det så vondt|har det ikkje bra|har det ikke bra|har det tungt|mørke tanker|svart|tom inni meg|tom innvendig|føler meg tom|kjenner meg tom|empty inside|numb|hopeless|håpløs\w*|meningsløst|ingen mening|gråter (?:hele tiden|hver dag|mye)|gret|cry(?:ing)? all the time|feel like shit|miserable|down all the time|lei av livet|nedfor)\b",
     {"mental_health": 0.9}),
    (r"\b(?:får ikke sove|får ikkje sove|sover ikke|sov ikke|can't sleep|insomnia|søvnproblem\w*|mareritt|nightmares)\b", {"mental_health": 0.6}),
    (r"\b(?:stress\w*|bekymr\w*|overthink\w*|overveld\w*|overwhelmed|klarer ikke mer|klarar ikkje meir|sliter|slit med|struggling|can't cope|klarer ikke å stå opp|klarar ikkje stå opp|orker ingenting|orkar ingenting)\b",
     {"mental_health": 0.6}),
    (r"\b(?:kaster opp (?:etter|maten)|sulter meg|spiser ikke|spiser ikkje|teller kalorier|hater kroppen|starving myself|throw(?:ing)? up after|hate my body)\b",
     {"mental_health": 1.0}),
    (r"\b(?:ingen forstår|ingen bryr seg|nobody cares|no one cares|no one understands)\b", {"mental_health": 0.4, "loneliness": 0.5}),
    # ---------------- suicide / self-harm (topic; the crisis module decides acuteness) ----------------
    (r"\b(?:selvmord\w*|sjølvmord\w*|suicid\w*|suicide|ta livet\w*|tek livet|ta mitt eget liv|ta mitt liv|drepe meg selv|drepe meg sjølv|kill myself|killing myself|end my life|end it all|vil dø|vil døy|want to die|wanna die|vil ikke leve|vil ikkje leve|don't want to live|ønsker å dø|ynskjer å døy|ikke lyst til å leve|ikkje lyst til å leve|orker ikke å leve|orkar ikkje å leve|henge meg|hoppe foran|livsfarlig mange piller|overdos\w*)",
     {"suicide_self_harm": 1.0}),
    (r"\b(?:(?:tar|tek|tok|takes?|took) livet sitt|(?:ta|take) (?:sitt eget liv|their own lives?)|suicide rates?|selvmordsrate\w*|sjølvmordsrate\w*)\b",
     {"suicide_self_harm": 0.6}),
    (r"\b(?:kutter meg|kutta meg|kuttet meg|skjærer meg|skjær meg|skar meg|risper meg|rispa meg|skader meg selv|skadar meg sjølv|skada meg sjølv|skadet meg selv|selvskad\w*|sjølvskad\w*|self-?harm\w*|cutting myself|cut myself|hurt myself|hurting myself|brenner meg|brent meg|burn myself|slår meg selv|slår hodet i veggen)\b",
     {"suicide_self_harm": 1.0}),
    (r"\b(?:gi opp alt|gir opp|orker ikke mer|orkar ikkje meir|orker ikke mer av livet|ingen vits|no point|bedre uten meg|better off without me|forsvinne for alltid|disappear forever|ikke våkne|ikkje vakne|not wake up)\b",
     {"suicide_self_harm": 0.6, "mental_health": 0.5}),
    # ---------------- loneliness ----------------
    (r"\b(?:ensom\w*|einsam\w*|lonely|loneliness|isolert|isolated|ingen venner|ingen vener|har ikke venner|har ikkje vener|no friends|don't have (?:any )?friends|ingen å snakke med|ingen å prate med|ingen å snakka med|nobody to talk to|no one to talk to|alene hele tiden|aleine heile tida|åleine heile tida|alone all the time|sitter (?:bare )?alene|sit aleine|alone every day|always alone)\b",
     {"loneliness": 1.0}),
    (r"\b(?:(?:noen|nokon|someone|somebody|anyone) (?:å|to) (?:snakke|snakka|prate|prata|talk|chat|skrive) (?:med|to|with)|trenger å prate|trenger å snakke|treng å snakke|treng å prate|need to talk|vil bare snakke|vil bare prate|want to talk|bare prate litt|bare snakke litt)\b",
     {"need:talk": 1.0, "loneliness": 0.3}),
    (r"\b(?:alene|aleine|åleine|alone)\b", {"loneliness": 0.3}),
    (r"\b(?:savner (?:noen|nokon|kontakt|selskap)|ingen ringer|ingen besøker|nobody calls|nobody visits|ingen kommer på besøk|dagene er lange|days are long|enke\b|enkemann\w*|widow\w*|etter at (?:kona|mannen|kjerringa|gubben) (?:døde|gikk bort))",
     {"loneliness": 0.8}),
    # ---------------- substance use ----------------
    (r"\b(?:rusmid\w*|ruser\w*|ruse seg|rusa\w*|rusen|rusproblem\w*|rusmisbruk\w*|rusavhengig\w*|narko\w*|dop|dopet|hasj\w*|weed|cannabis|kokain\w*|coke|amfetamin\w*|speed|piller\w*|opioid\w*|heroin|ghb|mdma|ecstasy|drugs?|addict\w*|avhengig\w*|alkohol\w*|alcohol\w*|fyll\w*|full hver|drikker (?:for )?mye|drikk\w* (?:hver dag|hele tiden|for mye)|drinking|drunk|sniff\w*|snus hele|gambl\w*|spilleavhengig\w*|pengespill\w*|bakfull|hangover|vin hver kveld)\b",
     {"substance_use": 1.0}),
    (r"\b(?:drikker|drikk|drinks|drink|røyker|smoke[sd]?)\b", {"substance_use": 0.4}),
    # ---------------- next of kin (worried about someone) ----------------
    (r"\b(?:bekymr\w* for|uroa for|urolig for|redd for at (?:han|hun|ho|hen)|worried about|concerned about|scared for)\b[^.!?]{0,40}", {"next_of_kin": 0.9, "audience:other": 1.0}),
    (r"\b(?:pårørende|pårørande|next of kin|family member of)\b", {"next_of_kin": 1.0, "audience:other": 0.6}),
    (r"\b(?:<PARENT>|<SIBLING>|<CHILD>|<PARTNER>|venn\w*|venninn\w*|vennen|venen|kompis\w*|bestevenn\w*|my friend|friend)\b[^.!?]{0,25}\b(?:ruser seg|drikker|sniffer|bruker (?:mye |masse )?(?:dop|narkotika|hasj|piller|kokain|amfetamin|cannabis|weed|rusmidler)|uses (?:drugs|cocaine|coke|weed|cannabis)|er psykisk syk|er deprimert|er syk|har angst|har psykose|is (?:drinking|using|depressed|ill|sick)|drinks|uses drugs|spiller bort|spelar bort|spiller for mye|gambler|gambles|bets)\b",
     {"next_of_kin": 1.0, "audience:other": 0.8}),
    (r"\b(?:puster rart|pustar rart|puster ikke|pustar ikkje|breathing (?:funny|strangely|weird\w*)|not breathing|får ikke vekket|får ikkje vekt|får ikkje vekka|can'?t wake (?:him|her|them)|won'?t wake up|våkner ikke|vaknar ikkje|unconscious|bevisstløs|medvitslaus|svarer ikke ordentlig|svarar ikkje ordentleg)\b",
     {"audience:other": 1.0}),
    (r"\b(?:\w*kreft\w*|cancer|demen[st]\w*|dementia|alzheimer\w*|parkinson\w*|hjerteinfarkt|heart attack|hjerneslag|stroke|epilepsi\w*|epilep\w*|diabetes|\w*sklerose|als\b|innlagt|hospitali[sz]ed|intensiven|intensive care|dødssyk|dødssjuk|alvorlig syk|alvorleg sjuk|seriously ill|terminal\w*|palliativ\w*|diagnos\w*|diagnos\w* (?:med|with)|uhelbredelig)\b",
     {"need:talk": 1.0, "need:illness": 1.0}),
    # ---------------- relationships / family ----------------
    (r"\b(?:samlivsbrudd|skilsmisse\w*|skilt|skille\w*|gikk fra hverandre|gjekk frå kvarandre|slo opp|slått opp|brudd\w*|divorc\w*|separat\w*|break ?up|broke up|split up|utro\w*|cheat\w*|forelsk\w*|kjærlighetssorg|heartbreak\w*|crush)\b",
     {"relationships": 1.0}),
    (r"\b(?:krangl\w*|konflikt\w*|uenig\w*|argu\w*|fight(?:s|ing)?|quarrel\w*|dårlig stemning|bråk hjemme)\b", {"relationships": 0.7}),
    (r"\b(?:familien\w*|familie\w*|family|<PARENT>|<SIBLING>|kjærest\w*|partner\w*|samboer\w*|relationship\w*|forhold\w*)\b", {"relationships": 0.3}),
    (r"\b(?:usunt forhold|usunn relasjon|toxic|giftig forhold|unhealthy relationship|dårlig forhold)\b", {"relationships": 0.8, "psychological_violence": 0.6}),
    # ---------------- parenting ----------------
    (r"\b(?:som (?:forelder|mamma|pappa|mor|far)|foreldrerolle\w*|oppdragelse\w*|parenting|as a (?:parent|mother|father|mom|dad)|jeg er (?:mamma|pappa|mor|far|alenemor|alenefar)|eg er (?:mamma|pappa|mor|far)|i'm a (?:mom|dad|mother|father|parent)|alenemor|alenefar|single (?:mom|dad|parent))\b",
     {"parenting": 1.0, "need:parent": 1.0}),
    (r"\b(?:<CHILD>)\b", {"parenting": 0.5, "need:parent": 0.5}),
    (r"\b(?:mister besinnelsen|mista besinnelsen|mister temperamentet|mister tålmodigheten|mista tolmodet|lose my temper|losing my temper|lose my patience|roper til barna|kjefter på barna|skriker til barna|yell at my (?:kids|children)|slår barnet|slo barnet|slår ungene|slo sønnen|slo datteren|hit my (?:child|son|daughter|kid))\b",
     {"parenting": 1.0, "need:parent": 1.0, "need:uses_violence": 1.0, "domestic_violence": 0.6}),
    (r"\b(?:barnefordeling\w*|samvær\w*|samværs\w*|to hjem|two homes|delt bosted|foreldrekonflikt\w*|custody|visitation|barnebidrag|foreldrefremmedgj\w*)\b",
     {"parenting": 0.9, "relationships": 0.6, "need:parent": 0.7}),
    (r"\b(?:tenåring\w*|teenager)\b[^.!?]{0,40}\b(?:sint|aggressiv|truer|slår|angry|violent|aggressive|threatens)\b", {"parenting": 0.8, "domestic_violence": 0.6}),
    # ---------------- sexuality & gender identity ----------------
    (r"\b(?:homo|gay)\b", {"sexuality_gender_identity": 0.5}),
    (r"\b(?:jeg er|eg er|i'm|i am|im)\s+(?:\w+\s*,?\s+){0,3}?(?:homo|gay|lesbian|bi|bisexual)\b", {"sexuality_gender_identity": 1.0}),
    (r"\b(?:kick|kicks|kicked|kicking|throw|throws|threw|throwing)\s+(?:me|us)\s+out\b|\b(?:kaste|kaster|kasta|kastet)\s+(?:meg|oss)\s+ut\b",
     {"relationships": 0.9}),
    (r"\b(?:<PARENT>)\b[^.!?]{0,25}\b(?:drikker|drikk|drinks|is drinking|er full|ruser seg|rusar seg|is drunk)\b",
     {"next_of_kin": 1.0, "substance_use": 0.9, "audience:other": 0.8}),
    (r"\b(?:skeiv\w*|homofil\w*|lesbisk\w*|lesbe|bifil\w*|bi\b|panfil\w*|aseksuell\w*|trans\b|transperson\w*|transkjønn\w*|ikke-?binær\w*|ikkje-?binær\w*|non-?binary|kjønnsidentitet\w*|kjønnsinkongruens|kjønnsdysfori\w*|queer|lgbt\w*|lhbt\w*|pronomen|pronouns|komme ut|kom ut av skapet|coming out|come out|i skapet|in the closet)\b",
     {"sexuality_gender_identity": 1.0}),
    (r"\b(?:(?:jeg er|eg er|i'm a|i am a) (?:gutt|gut|boy|guy|mann|man)\b[^.!?]{0,40}\b(?:liker gutter|forelsket i en gutt|forelska i ein gut|like boys|crush on a boy|into guys)|(?:jeg er|eg er|i'm a|i am a) (?:jente|girl|kvinne|woman)\b[^.!?]{0,40}\b(?:liker jenter|forelsket i en jente|forelska i ei jente|like girls|crush on a girl|into girls))",
     {"sexuality_gender_identity": 1.0}),
    (r"\b(?:føler meg ikke som en (?:gutt|jente)|feel like a (?:boy|girl)|født i feil kropp|wrong body|kjønnet mitt)\b", {"sexuality_gender_identity": 1.0}),
    # ---------------- sexual health ----------------
    (r"\b(?:prevensjon\w*|p-?pille\w*|p-?stav\w*|spiral\w*|angrepille\w*|nødprevensjon|kondom\w*|condom\w*|contracepti\w*|gravid\w*|pregnan\w*|graviditetstest|abort\w*|klamydia|gonoré|kjønnssykdom\w*|sti\b|std\w*|sexually transmitted|kjønnssykdommer|utflod|menstruasjon|mensen|period late|hiv|herpes|første gang sex|sex for første gang|first time sex|ereksjon\w*|onani\w*|masturbat\w*|pornografi|porno)\b",
     {"sexual_health": 1.0}),
    (r"\b(?:sex|seksualitet\w*|sexuality|seksuell helse|sexual health|samleie)\b", {"sexual_health": 0.5, "sexuality_gender_identity": 0.2}),
    # ---------------- leaving a religious community ----------------
    (r"\b(?:menighet\w*|menigheit\w*|forsamling\w*|sekt\w*|trossamfunn\w*|trussamfunn\w*|jehovas?|jehovah\w*|vitner|frikirke\w*|pinsevenn\w*|pinsemenighet\w*|læstadian\w*|laestadian\w*|smiths venner|brunstad|bedehus\w*|cult|church|congregation|religious community|religiøst miljø|religiøse miljø\w*|strengt religiøs\w*|strict religious|ekskluder\w* fra (?:menigheten|forsamlingen)|utstøtt|shunned|disfellowship\w*|frafallen|frafall|apostat\w*|helvete|hell)\b",
     {"religious_breakup": 0.9}),
    (r"\b(?:vil ut av|ville ut av|brutt med|bryte med|forlate|forlatt|gått ut av|meldt meg ut av|leave|left|leaving|broke with)\b[^.!?]{0,30}\b(?:menighet\w*|menigheit\w*|forsamling\w*|sekt\w*|troen|trua|religion\w*|kirken|kyrkja|church|cult|faith|congregation|miljøet)\b",
     {"religious_breakup": 1.0}),
    (r"\b(?:mistet troen|mista trua|lost my faith|tviler på troen|tvilar på trua|doubt(?:ing)? my faith|miste familien hvis jeg går|lose my family if i leave)\b", {"religious_breakup": 1.0}),
    # ---------------- crime victims ----------------
    (r"\b(?:anmeld\w*|politianmeld\w*|melde (?:det|han|henne|saken) til politiet|report(?:ed)? (?:it )?to (?:the )?police|press charges|ranet|rana|ran\b|robbed|robbery|overfalt|overfall\w*|assaulted|mugged|innbrudd|burglar\w*|svindlet|svindel|scam\w*|identitetstyveri|rettssak\w*|retten|court case|trial|vitne\w*|witness\w*|voldsoffererstatning|voldserstatning|erstatning|compensation|bistandsadvokat\w*|utsatt for (?:en )?kriminalitet|offer for (?:en )?forbrytelse|victim of (?:a )?crime|knivstukket|stabbed)\b",
     {"crime_victims": 1.0}),
    # ---------------- work life ----------------
    (r"\b(?:på jobb\w*|fra jobb\w*|jobben\w*|at work)\b", {"work_life": 0.5}),
    (r"\b(?:sjefen\w*|sjef\b|leder(?:en)? min|arbeidsgiver\w*|kollega\w*|kollegaer\w*|kolleger\w*|arbeidsmiljø\w*|oppsagt|sagt opp|permittert|sykemeld\w*|nav\b|boss|manager|employer|coworker\w*|co-?worker\w*|colleague\w*|workplace|my job|fired|laid off)\b",
     {"work_life": 1.0}),
    (r"\b(?:trakasser\w*|harass\w*|seksuell trakassering|sexual harassment)\b", {"work_life": 0.3, "psychological_violence": 0.4, "sexual_violence": 0.3}),
    # ---------------- grief ----------------
    (r"\b(?:døde|døydde|gikk bort|gjekk bort|mistet (?:pappa|mamma|faren|moren|far|mor|broren|søsteren|barnet|babyen|sønnen|datteren|kona|mannen|en venn|bestevenn\w*|besteforeldr\w*|mormor|morfar|farmor|farfar|bestemor|bestefar|min|mitt|mine|henne|han)|mista (?:pappa|mamma|far|mor|bror|syster|barnet|babyen|sonen|dottera)|died|passed away|lost my (?:mom|dad|mother|father|brother|sister|son|daughter|wife|husband|child|friend|baby)|sorg\w*|grief|griev\w*|begravelse\w*|gravferd\w*|funeral|etterlatt\w*|bereave\w*|dødsfall\w*|savner (?:pappa|mamma|henne|han|ham) som|tok livet sitt|took (?:his|her|their) own life|killed (?:himself|herself))\b",
     {"grief": 1.0}),
    (r"\b(?:mistet|mista|lost|miste)\b", {"grief": 0.3}),
    (r"\b(?:abort\w*|spontanabort\w*|miscarriage|dødfødt|stillborn)\b", {"grief": 0.4}),
    # ---------------- uses violence / afraid of hurting someone ----------------
    (r"\b(?:jeg|eg|i)\s+(?:har\s+|have\s+|'ve\s+|hadde\s+|had\s+)?(?:\w+\s+)?<HIT>\b[^.!?]{0,30}\b(?:kjæresten|kjærasten|kona|kone|mannen|barna|ungane|ungene|sønnen|datteren|dottera|partneren|samboeren|sambuaren|henne|ham|han|him|her|<CHILD>|my (?:wife|husband|partner|girlfriend|boyfriend|kids|child|son|daughter|baby))\b",
     {"need:uses_violence": 1.0, "domestic_violence": 0.7}),
    (r"\b(?:redd|bekymret|bekymra|afraid|scared|worried)\s+(?:for\s+)?(?:at\s+)?(?:jeg|eg|i)\s+(?:skal|kommer til å|kjem til å|kan|vil|might|will|could|'ll)\s+(?:\w+\s+)?(?:skade|skada|slå|drepe|hurt|hit|harm|kill)\b",
     {"need:uses_violence": 1.0}),
    (r"\b(?:redd for (?:at jeg skal|at eg skal|å) (?:skade|slå|gjøre noe)|afraid (?:i|that i) (?:might|will) (?:hurt|hit)|scared (?:i'll|i will|of) hurt\w*|mitt eget sinne|mitt sinne|eget sinne|sinnemestring|anger management|my anger|temperamentet mitt|my temper|blir så sint at|get so angry that|mister kontrollen|lose control|jeg er voldelig|eg er valdeleg|i am violent|i'm violent|voldsutøver|utøver vold|bruker vold|use violence|snill mot kjæresten|ikke snill mot|altfor sjalu)\b",
     {"need:uses_violence": 1.0}),
    # ---------------- additions: partner control, panic, digital removal, youth crime ----------------
    (r"\b(?:<PARTNER>)\b[^.!?]{0,40}\b(?:blir|er|gets?|is)\s+(?:så\s+|so\s+)?(?:rasende|sint|sur|sjalu|furious|angry|mad|jealous)\b",
     {"psychological_violence": 0.8, "domestic_violence": 0.6}),
    (r"\b(?:sier|seier|says|tells me)\s+(?:at\s+)?(?:jeg|eg|i)\s+(?:er|am|'m)\s+(?:ingenting|ubrukelig|verdiløs|stygg|feit|dum|worthless|nothing|useless|ugly|fat|stupid)\b",
     {"psychological_violence": 0.9}),
    (r"\b(?:ingenting uten (?:ham|han|henne)|nothing without (?:him|her)|vet alltid hvor (?:jeg|eg) er|always knows where i am)\b", {"psychological_violence": 0.8, "stalking": 0.4}),
    (r"\b(?:outside my (?:window|house|door|work|school)|utenfor (?:vinduet|huset|jobben|skolen) (?:mitt|min|igjen)|you'll regret|du kommer til å angre|skal få angre|i'll regret|regret leaving)\b",
     {"stalking": 0.8, "threats": 0.6}),
    (r"\b(?:hjertet (?:slår|dunker|hamrer)|får ikke puste|får ikkje puste|klarer ikke å puste|can't breathe|heart (?:is )?racing|pounding heart|svimmel og redd)\b",
     {"mental_health": 0.9}),
    (r"\b(?:bilder|bilete|video\w*|filmer|opplysninger|innlegg|pictures|photos|videos)\s+(?:av|med|of)\s+(?:meg|me)\b[^.!?]{0,40}\b(?:side|nett|nettet|internett|ligger|fjerne|fjerna|slette|delt|spredt|online|website|site|remove|delete|posted)\b",
     {"digital_violence": 1.0}),
    (r"\b(?:få (?:dem |dei |det )?(?:fjernet|fjerna|sletta|slettet)|fjerne (?:bilder|bildene|videoen|innlegget)|get (?:them |it )?(?:removed|taken down|deleted)|take (?:it|them) down)\b",
     {"digital_violence": 0.9}),
    (r"\b(?:tracker\w*|sporingsbrikke|sporingsapp\w*|spionapp\w*|følger med på hvor jeg er|location sharing|deler posisjonen)\b", {"digital_violence": 0.9, "stalking": 0.8}),
    (r"\b(?:selge dop|selger dop|selje dop|sel dop|sel narkotika|selg narkotika|selger narkotika|dealer\w*|langer|langa|gjeng\w*|kriminalitet\w*|kriminell\w*|stjele|stjal|stjålet|butikktyveri|tatt av politiet|politiet tok|arrestert|arrested|(?:a|the|in a|in the|joined a) gang\b|gangs|selling drugs|steal\w*|stole|shoplift\w*)\b",
     {"crime_victims": 0.8}),
    (r"\b(?:ein vaksen|vaksen mann|ein eldre mann|eldre gutter|older guy|older boys)\b[^.!?]{0,40}\b(?:meldingar|meldinger|sender|sende|snap\w*|bilete|bilder|møte meg|messages|meet me)\b",
     {"sexual_violence": 0.8, "digital_violence": 0.7}),
    (r"\b(?:vil møte meg|ville møte meg|wants to meet me)\s+(?:alene|aleine|åleine|alone)\b", {"sexual_violence": 0.6}),
    (r"\b(?:fått sparken|få sparken|fikk sparken|sparka|mistet jobben|mista jobben|arbeidsledig\w*|rettigheter på jobb\w*|arbeidskontrakt\w*|lønn\w* fra sjefen|unemployed|lost my job|workers' rights)\b",
     {"work_life": 1.0}),
    (r"\b(?:bestefar|bestemor|mormor|morfar|farmor|farfar|oldemor|oldefar|grandma|grandpa|grandfather|grandmother)\b[^.!?]{0,12}\b(?:er|is|på)\s+(?:[6-9]\d|1[01]\d)\b",
     {"need:elderly": 1.0}),
    (r"\b(?:gamle (?:mor|far|mamma|pappa)|gammel (?:mann|dame|kvinne)|gamal (?:mann|dame|kvinne)|old (?:man|lady|woman)|eldre (?:mor|far|mann|kvinne|dame)|elderly (?:mother|father|mum|mom|dad|parent|client|woman|man|lady))\b", {"need:elderly": 1.0}),
    (r"\b(?:tar|tok|tek|takes|took|stjeler|stjal|steals?)\b[^.!?]{0,20}\b(?:penger|pengar|money|sparepengene|arven)\b", {"economic_violence": 0.9}),
    (r"\b(?:<CHILD>)\b[^.!?]{0,30}\b(?:blir|ble|har|er|ruser|drikker|sliter|slit|vil ikke|vil ikkje|nekter|skulker|gjør|is|has|gets|got|won't|refuses|keeps)\b",
     {"need:parent": 1.0, "audience:other": 0.8}),
    (r"\b(?:snakke med|prate med|ringe til|talk to|speak to|speak with)\s+(?:en\s+|ein\s+|a\s+|noen\s+)?(?:mann|menn|man|men|male|mannlig)\b|\b(?:noen menn|mannlige|male volunteers?)\b",
     {"need:men": 1.0}),
    (r"\b(?:bor med|bur med|bur saman med|bor sammen med|lives? with)\s+(?:en|ein|a|min|mi|my)?\s*(?:mann|kvinne|dame|fyr|man|woman|guy|partner|kjæreste)\b",
     {"relationships": 0.4}),
    (r"\b(?:locks? me (?:out|in)|locked me (?:out|in)|låser meg (?:ute|inne)|låste meg (?:ute|inne)|tar (?:fra meg )?(?:telefonen|mobilen)|tok (?:fra meg )?(?:telefonen|mobilen)|takes my phone|took my phone|hides my phone|gjemmer (?:telefonen|mobilen))\b",
     {"psychological_violence": 0.9}),
    (r"\b(?:bestemmer|bestem|decides?)\s+(?:når|hvor|hvem|hva|om|kva|kven|kor|when|where|who|what|if)\s+(?:jeg|eg|i)\s+(?:kan|får|skal|må|can|may|must)\b",
     {"psychological_violence": 0.9, "honour_violence": 0.6}),
    (r"\b(?:svigermor|svigerfar|svigerfamilie\w*|svigerinn\w*|svoger\w*|in-laws|mother-in-law)\b", {"honour_violence": 0.4}),
    (r"\b(?:norsk|norske|norwegian|ikke-muslimsk\w*|kristen|christian|western)\s+(?:kjæreste|kjærast\w*|venner|vener|venninner|boyfriend|girlfriend|friends)\b",
     {"honour_violence": 0.8}),
    (r"\b(?:(?:ikke|ikkje) lenger (?:er )?(?:hans|hennes|deres|deira) (?:datter|dotter|sønn|son|barn)|disown\w*|fornekt\w*|kastet ut hjemmefra|kasta ut heimanfrå|kicked me out)\b",
     {"honour_violence": 0.6, "relationships": 0.6}),
    (r"\b(?:knapt snakket med|ikke snakket med noen|har ikke snakket med et menneske|ingen å prate med|ingen å snakke med|haven't spoken to anyone|barely talk to anyone|feel invisible|føler meg usynlig|ble enke|vart enke|became a widow\w*)\b",
     {"loneliness": 0.9}),
    (r"\b(?:moved to norway|came to norway|kom til norge|flyttet til norge|flytta til noreg|kom til noreg|new country|nytt land)\b", {"need:immigrant": 1.0}),
    (r"\b(?:<PARENT>|<SIBLING>|<CHILD>|<PARTNER>|venn\w*|venninn\w*|kompis\w*|my friend)\b[^.!?]{0,25}\b(?:er|is|har vært|has been)\s+(?:en\s+|ein\s+|an?\s+)?(?:alkoholiker\w*|alkoholikar|rusmisbruker\w*|narkoman\w*|avhengig|rusavhengig|alcoholic|addict|addicted)\b"
     r"|\b(?:<PARENT>|<SIBLING>|<CHILD>|<PARTNER>)\b[^.!?]{0,25}\b(?:har|has)\s+(?:et\s+|eit\s+|a\s+)?(?:rusproblem\w*|alkoholproblem\w*|drinking problem|drug problem|spilleproblem\w*)\b",
     {"next_of_kin": 1.0, "substance_use": 1.0, "audience:other": 0.8}),
    (r"\b(?:morning[- ]after pill|plan b|emergency contracepti\w*|birth control|the pill|prevensjonsmiddel\w*|slippe å bli gravid|bli gravid|get pregnant)\b", {"sexual_health": 1.0}),
    (r"\b(?:andre som har det likt|andre i samme situasjon|others in the same situation|people who understand|samtalegruppe\w*|støttegruppe\w*|support group\w*|likeperson\w*|peer support)\b", {"need:peers": 1.0}),
    # ---------------- broader own-words cues (second round) ----------------
    (r"\b(?:<PARENT>|<PARTNER>|<SIBLING>|<RELATIVE>)\b[^.!?]{0,30}\b(?:voldsom\w*|voldelig\w*|valdeleg\w*|aggressiv\w*|brutal\w*|slem\w*|ond\b|farlig|skremmende|skremmer meg|sint hele tiden|violent|aggressive|mean to|scary|scares me|frightens me)\b",
     {"domestic_violence": 0.8, "psychological_violence": 0.6}),
    (r"\b(?:redd|livredd|scared|afraid)\s+(?:for\s+)?(?:<PARENT>|<PARTNER>|ham|han|henne|him|her)\b|\bredd hele tiden\b|\bredd heile tida\b|\bscared all the time\b",
     {"domestic_violence": 0.6, "threats": 0.3}),
    (r"\b(?:tvinger|tvang|tvinga|presser|pressa|presset|forces?|forced|makes?|made)\s+(?:meg|me)\s+(?:til\s+)?(?:å\s+)?(?:gjøre\s+|gjere\s+|do\s+)?(?:ting|noe|noko|sånt|things|stuff)\b[^.!?]{0,40}\b(?:senga|seng|sengen|sex|naken|nakne|bed|ikke vil|ikkje vil|didn't want|don't want|seksuelle|sexual)\b",
     {"sexual_violence": 1.0}),
    (r"\b(?:spiked my drink|drugged me|puttet noe i drinken|putta noko i drinken|dopet meg ned|dopa meg ned|woke up (?:in a strange|next to|naked|with no)|våknet (?:opp )?(?:hos en|i en fremmed|naken|uten)|husker ingenting fra natten)\b",
     {"sexual_violence": 0.8, "crime_victims": 0.5}),
    (r"\b(?:skal|vil|kommer til å|kjem til å|will|'ll|going to|gonna)\s+(?:skade|drepe|ta|hurt|kill|harm)\b(?!\s+(?:meg selv|meg sjølv|myself|livet mitt))", {"threats": 0.7}),
    (r"\b(?:sier|seier|says|said|sa)\s+(?:at\s+)?(?:han|hun|ho|de|dei|he|she|they)\s+(?:skal|vil|kommer til å|will|would|'ll)\b", {"threats": 0.4}),
    (r"\b(?:reise|dra|fly|travel|go|going)\s+(?:\w+\s+)?(?:til|to)\s+(?:somalia|pakistan|irak|iraq|syria|afghanistan|marokko|morocco|tyrkia|turkey|eritrea|etiopia|ethiopia|iran|libanon|lebanon|egypt|sudan|kurdistan|gambia|kenya|tsjetsjenia|chechnya|bosnia|kosovo|india|sri lanka|bangladesh|jemen|yemen|hjemlandet|home country|hjemlandet)\b[^.!?]{0,40}\b(?:gift\w*|ekteskap\w*|bryllup\w*|marry|married|wedding|bli der|stay there|for norsk|skikk\w*)",
     {"honour_violence": 0.9, "forced_marriage": 0.6}),
    (r"\b(?:kutte|kuttes|skjære|skjæres|omskjære|cut)\s+(?:\w+\s+){0,2}?(?:lillesøster\w*|søster\w*|syster\w*|jent\w*|datter\w*|dotter\w*|henne|her|my sister|my daughter|meg|me)\b[^.!?]{0,40}\b(?:ferie\w*|sommer\w*|hjemlandet|tradisjon\w*|der nede|down there|holiday|vacation|summer)\b",
     {"fgm": 1.0, "honour_violence": 0.5}),
    (r"\b(?:falsk\w* (?:konto|profil|bruker)\w*|fake (?:konto|profil|account|profile)\w*|utgir seg for å være meg|later som han er meg|pretending to be me|impersonat\w*|konto i mitt navn|account in my name)\b",
     {"digital_violence": 1.0}),
    (r"\b(?:ser på|så på|laster ned|lastar ned|watch\w*|look\w* at|download\w*)\s+(?:\w+\s+)?(?:bilder|bilete|video\w*|filmer|images|pictures|videos|porn\w*)\s+(?:av|med|of|with)\s+(?:barn|unge|mindreårige|små|children|kids|minors|underage)\b",
     {"harmful_sexual_behaviour": 1.0, "need:uses_violence": 1.0}),
    (r"\b(?:de andre (?:ungene|barna|elevene|jentene|guttene|i klassen|på skolen|på skulen)|klassekamerat\w*|medelev\w*|the other (?:kids|girls|boys|students)|people in my class|folk i klassen)\b",
     {"bullying": 0.9}),
    (r"\b(?:ingen vil sitte|ingen vil vere|ingen vil være|nobody wants to sit|no one wants to sit|sitter alltid alene|alltid alene i|ingen å være sammen med)\b", {"bullying": 0.8, "loneliness": 0.6}),
    (r"\b(?:ikke strøm|ingen strøm|strømmen er stengt|no electricity|ingen rene klær|no clean clothes|må lage mat selv|ingen tar vare på (?:meg|oss)|nobody takes care of (?:me|us)|(?:mamma|pappa|mor|far|mum|mom|dad)\s+sover hele dagen|(?:mamma|pappa|mum|mom|dad)\s+(?:never gets|doesn't get) out of bed)\b",
     {"neglect": 0.9}),
    (r"\b(?:ikke meg selv lenger|ikkje meg sjølv lenger|not myself anymore|alt er grått|alt er svart|vonde tanker|vonde ting|tunge tanker|tankekjør\w*|grubl\w*|klarer ikke å slutte å tenke|klarar ikkje slutte å tenke|can't stop thinking|har ikke spist|har ikkje ete|spiser nesten ikke|haven't eaten|not eating|ingen matlyst|no appetite|føler meg ikke bra|feel (?:so )?low|feel down|føler meg nedfor|kjenner meg nedfor)\b",
     {"mental_health": 0.9}),
    (r"\b(?:ingen å (?:feire|være|vere|spise|dele|feira) (?:jul|julen|bursdag\w*|med)|alene på (?:jul\w*|julaften|bursdagen|nyttårsaften)|aleine på (?:jul\w*|julaftan)|nobody to (?:spend|celebrate)|helgene er verst|kveldene er verst|helt stille|heilt stille|stille i huset|so quiet|quiet house|ingen savner meg|ingen ringer|ingen tar kontakt|nobody reaches out)\b",
     {"loneliness": 0.9}),
    (r"\b(?:casino\w*|nettcasino\w*|spill\w* bort|betting\w*|odds\w*|poker\w*|spillegjeld|gambl\w*|lootbox\w*|skrapelodd)\b", {"substance_use": 1.0}),
    (r"\b(?:<PARENT>|<SIBLING>|<CHILD>|<PARTNER>|min mann|mi kone|min kone|venn\w*|venninn\w*|kompis\w*|my friend|friend)\b[^.!?]{0,25}\b(?:er|har|is|has|sliter med|struggles with)\s+(?:\w+\s+)?(?:deprimert|depresjon|angst|anoreksi|bulimi|spiseforstyrr\w*|psykose|schizofren\w*|schizophren\w*|bipolar|psykisk syk|psykisk sjuk|(?:ein |en )?psykisk (?:sjukdom|sykdom|lidelse|liding)|mental illness|selvmordstank\w*|depressed|anorexia|bulimia|psychosis|mentally ill|ocd|ptsd)\b",
     {"next_of_kin": 1.0, "audience:other": 0.8, "mental_health": 0.6}),
    (r"\b(?:hvordan|korleis|how)\s+(?:kan|skal|can|do|should)\s+(?:jeg|eg|i)\s+(?:hjelpe|støtte|help|support|snakke med|prate med|talk to)\s+(?:ham|han|henne|dem|him|her|them|vennen|venninna|broren|søstera|mamma|pappa|my \w+)\b",
     {"next_of_kin": 0.8, "audience:other": 0.9}),
    (r"\b(?:liker både gutter og jenter|liker både jenter og gutter|liker jenter også|liker gutter også|tiltrukket av (?:samme kjønn|både)|attracted to (?:both|the same sex|girls too|boys too)|like both (?:boys|girls|guys)|forelsket i bestevenninna|forelska i bestevenninna|in love with my best friend)\b",
     {"sexuality_gender_identity": 1.0}),
    (r"\b(?:slått ned|slegen ned|banket opp|banka opp|beaten up|jumped me|got jumped|angrepet på gata|angrepet på byen|attacked on|brøt seg inn|braut seg inn|brutt seg inn|broke into|break-in|stjal (?:bilen|sykkelen|vesken|lommeboka)|stole my)\b",
     {"crime_victims": 1.0}),
    (r"\b(?:be om lov|spørre om lov|ask (?:for )?permission)\s+(?:for å|til å|å|to)\s+(?:kjøpe|bruke|handle|buy|spend)\b", {"economic_violence": 0.9, "psychological_violence": 0.5}),
    (r"\b(?:tanker|tankar|fantasier|følelser|kjensler|thoughts|urges|fantasies|feelings)\s+(?:om|rundt|for|about|towards|for)\s+(?:barn|born|children|kids|mindreårige|minors)\b[^.!?]{0,60}\b(?:skremmer|skremmande|skremmende|scares?|scary|terrif\w*|galt|feil|wrong|skam\w*|ashamed|uønsk\w*|unwanted|redd for meg selv|afraid of myself)\b",
     {"harmful_sexual_behaviour": 1.0, "need:uses_violence": 0.8}),
    (r"\b(?:naboen|naboene|nabo\w*|neighbou?r\w*)\b[^.!?]{0,50}\b(?:barna|ungene|barnet|kids|children|child|son|daughter|sønnen|datteren)\b",
     {"neglect": 0.5, "domestic_violence": 0.5, "audience:other": 0.8}),
    (r"\b(?:yell\w*|scream\w*|shout\w*|kjefter|skriker|roper|slår)\s+(?:at|på|til)?\s*(?:his|her|their|the|sine|barna|ungene|the kids)\s*(?:kids|children|barn|unger|son|daughter)?\b",
     {"psychological_violence": 0.7, "domestic_violence": 0.5}),
    (r"\b(?:won't let me|doesn't let me|lar meg ikke|lar meg ikkje|får ikke|får ikkje|not allowed to)\s+(?:\w+\s+)?(?:ha|have|open|åpne)\s+(?:\w+\s+)?(?:egen|eigen|my own|own|a)?\s*(?:bankkonto|konto|bank account|account|bankkort|card|penger|money)\b"
     r"|\b(?:sjekker|går gjennom|checks|goes through)\s+(?:alle\s+|every\s+|all\s+)?(?:kvittering\w*|receipts?|bankutskrift\w*|statements?)\b",
     {"economic_violence": 1.0, "domestic_violence": 0.5}),
    (r"\b(?:funnet|funne|valgt|plukket ut|found|chosen|picked)\s+(?:en|ein|a)\s+(?:mann|ektemann|kone|brud|husband|wife|bride|man)\s+(?:til|for)\s+(?:meg|me)\b", {"forced_marriage": 1.0, "honour_violence": 0.6}),
    (r"\b(?:forhold|kjæreste|kjærast|sammen|dating|relationship|seeing)\b[^.!?]{0,30}\b(?:en|ein|a)\s+(?:mann|voksen|vaksen|man|adult|grown man)\s+(?:på|of|aged|who is)\s+(?:[2-6]\d)\b",
     {"sexual_violence": 0.8}),
    # ---------------- vocabulary round three: nynorsk, English and everyday words ----------------
    (r"\b(?:ny i noreg|nye i noreg|ny i landet|new here from|(?:har )?(?:kommet|komme|kome|come|came) (?:hit )?(?:fra|frå|from) (?:somalia|eritrea|syria|afghanistan|irak|iraq|ukraina|ukraine|etiopia|ethiopia|sudan|pakistan|iran|polen|poland|litauen|lithuania|thailand|filippinene|philippines|kongo|congo))\b",
     {"need:immigrant": 1.0}),
    (r"\b(?:forstår ikke|forstår ikkje|skjønner ikke|skjønar ikkje|skjønner ikkje|(?:don't|do not|dont) understand)\b[^.!?]{0,40}\b(?:brev\w*|systemet|letters?|the system|skjema\w*|forms?)\b"
     r"|\b(?:rettigheter|rettar|rettighetene mine|my rights|finne bolig|finne bustad|find housing|papirene|papira)\b",
     {"need:practical": 1.0}),
    (r"\b(?:fake|falsk\w*|falske)\s+(?:tiktok|instagram|insta|snap\w*|facebook|fb|profil\w*|konto\w*|bruker\w*|account\w*|profile\w*)\b|\b(?:fake|falsk\w*)\s+\w+\s+(?:account|konto|profil|profile)\b",
     {"digital_violence": 1.0}),
    (r"\b(?:ikkje snakka med nokon|ikkje prata med nokon|ikke pratet med noen|kjenner ingen|kjenner ikkje nokon|kjenner ikke noen|don't know anyone|dont know anyone|know no one|ingen ring|ingen ringer meg|ingen (?:kjem|kjæm|kommer) på besøk)\b",
     {"loneliness": 0.9}),
    (r"\b(?:les|leser|sjekkar|sjekker|går gjennom|går gjennom)\s+(?:alle\s+)?(?:meldingane|meldingar|meldingene mine|meldingane mine)\b|\bvil (?:ikke|ikkje) at (?:jeg|eg) skal (?:møte|treffe|treffa|vere med|være med|snakke med)\b",
     {"psychological_violence": 1.0}),
    (r"\b(?:\w+menighet\w*|\w+menigheit\w*|kristent miljø|kristne miljø\w*|strengt kristen\w*|strengt kristent|brote med|brote ut av|brutt ut av|broken away from)\b",
     {"religious_breakup": 0.9}),
    (r"\b(?:lurt til (?:norge|noreg)|lured to norway|tricked into coming|løfte om jobb|lovnad om jobb|promised (?:a )?job|ble solgt|vart seld|was sold|were sold|being sold|sold here|solgt hit)\b",
     {"trafficking": 1.0}),
    (r"\b(?:hjemmehjelp\w*|heimehjelp\w*|hjemmetjenest\w*|heimetenest\w*|hjemmesykepleie\w*|heimesjukepleie\w*|care home|nursing home|carers?|bofellesskap\w*|bufellesskap\w*|institusjon\w*)\b[^.!?]{0,50}\b(?:tar|tek|tok|stjeler|stel|slår|slo|hardhendt\w*|utnytt\w*|rough|takes?|took|steal\w*|hits?|abus\w*|neglect\w*)\b"
     r"|\b(?:utviklingshem\w*|psykisk utviklingshem\w*|funksjonshem\w*|learning disabilit\w*|intellectual disabilit\w*)\b[^.!?]{0,50}\b(?:utnytt\w*|misbruk\w*|slått|slegen|tar penger|exploited|abused)\b"
     r"|\b(?:utnytt\w*|exploited)\b[^.!?]{0,40}\b(?:bofellesskap\w*|institusjon\w*|care home)\b",
     {"need:elderly": 1.0, "physical_violence": 0.6, "economic_violence": 0.6}),
    (r"\b(?:sint på|sinna på|angry at|angry with)\s+(?:ungane|ungene|barna|borna|my kids|my children|the kids)\b[^.!?]{0,30}\b(?:har slått|slått|slo|slår|hit|smacked)\b"
     r"|\b(?:jeg|eg|i)\s+(?:har\s+|have\s+|'ve\s+)?(?:slått|slo|slår|hit|smacked)\s+(?:dei|dem|ungane|ungene|barna|borna|them|my kids|my children)\b",
     {"parenting": 1.0, "need:parent": 1.0, "need:uses_violence": 1.0}),
    (r"\b(?:skilje oss|skilja oss|skille oss|skiljast|skilde lag|skilt lag|skilsmål|separere oss|going to divorce|getting divorced|getting a divorce)\b",
     {"relationships": 1.0}),
    # who a question is about (used for people who ask on behalf of a group: professionals, students)
    (r"\b(?:barn|born|borna|barna|children|kids|elev\w*|pupils|ungdom\w*|unge|young people|youth|teen\w*|tenåring\w*|jenter|girls|skoleelev\w*)\b",
     {"need:about_young": 1.0}),
    (r"\b(?:menn|mennene|gutter|unge menn|fedre|young men|among men|for men|of men|men who|men are|men than|more men|boys|fathers)\b",
     {"need:about_men": 1.0}),
    (r"\b(?:statistikk\w*|statistics|stats|fakta|facts|hvor mange|kor mange|how many|how common|oppgave|oppgåve|fordypningsoppgave|fordjupingsoppgåve|skoleoppgave|school project|project on|essay|assignment|framføring|presentasjon|presentation|journalist\w*|undervisningsopplegg|opplegg om|course|rapport om|research\w*|forsk\w*|masteroppgave|bacheloroppgave|thesis)\b",
     {"need:research": 1.0}),
    # ---------------- professionals ----------------
    (r"\b(?:jobber|jobbar|arbeider|arbeider|work|works|working)\s+(?:i|på|ved|in|at|for)\s+(?:barnevernet|barnevernstjenesten|skolen|skulen|barnehagen|nav|kommunen|politiet|"
     r"helse\w*|krisesenter\w*|bup|dps|helsestasjon\w*|sykehus\w*|sjukehus\w*|legevakt\w*|asylmottak\w*|mottak\w*|child protection|the school|a school|a hospital|the police|social services)\b",
     {"audience:professional": 1.0}),
    (r"\b(?:jeg er|eg er|i'm a|i am a|i work as|jobber som|arbeider som|jobbar som|som)\s+(?:en\s+|ein\s+|a\s+|an\s+)?(?:lærer\w*|lærar\w*|helsesykepleier\w*|helsesjukepleiar\w*|helsesøster|sykepleier\w*|sjukepleiar\w*|lege|fastlege|psykolog\w*|sosionom\w*|barnevernspedagog\w*|miljøterapeut\w*|saksbehandler\w*|saksbehandlar\w*|rådgiver\w*|rådgivar\w*|kontaktlærer\w*|politi\w*|advokat\w*|prest\w*|pastor|imam|trener|fotballtrener|teacher|nurse|doctor|social worker|therapist|counsel\w*|caseworker|police officer|coach|miljøarbeider\w*|ansatt|tilsett|assistent|barnehagelærer\w*|pedagog\w*|fagperson\w*|helsepersonell|minoritetsrådgiver\w*|nav-veileder\w*|veileder\w*)\b",
     {"audience:professional": 1.0}),
    (r"\b(?:vi i (?:kirken|kyrkja|menigheten|menigheita|klubben|laget|barnehagen|skolen|skulen|kommunen|organisasjonen|foreningen|tjenesten)|"
     r"rutiner for|rutinar for|forebyggende arbeid|i barnearbeidet|in our (?:church|club|organisation|organization|school)|our (?:staff|volunteers)|"
     r"en elev|eleven min|ein elev|ei elev|elevane|elevene|en av elevene|pasient\w*|klient\w*|brukeren vår|bruker hos oss|en bruker|beboer\w*|my student|a student|my client|a client|my patient|a patient|en ansatt hos meg|i barnehagen|på avdelingen|i tjenesten vår|in our service|meldeplikt\w*|avvergingsplikt\w*|bekymringsmelding\w*|drøfte en sak|drøfte ei sak|discuss a case|kollegaveiledning|som fagperson|as a professional)\b",
     {"audience:professional": 1.0}),
    # ---------------- anonymity / urgency ----------------
    (r"\b(?:anonym\w*|uten at noen (?:får vite|vet)|utan at nokon veit|ingen må få vite|ingen skal vite|uten å si navnet|uten å oppgi navn|without anyone knowing|without giving my name|nobody can know|no one can know|i'm scared they'll find out|redd de finner ut|taushetsplikt|confidential)\b",
     {"need:anonymous": 1.0}),
    (r"\b(?:akkurat nå|akkurat no|med en gang|med ein gong|i natt|i kveld|haster|right now|tonight|urgent\w*|asap|immediately|straks|nå med en gang|now)\b", {"need:urgent": 1.0}),
    (r"\bnå\b", {"need:urgent": 0.4}),
    # ---------------- elderly ----------------
    (r"\b(?:pensjonist\w*|pensjonert|alderspensjon\w*|retired|pensioner|eldre(?=\s+(?:menneske\w*|person\w*|folk|dame\w*|damer|mann|menn|kvinne\w*|par|borgere|innbygger\w*|pasient\w*)\b)|(?:de|dei|for|som|blant) eldre|elderly|gamlehjem\w*|sykehjem\w*|omsorgsbolig\w*|hjemmetjeneste\w*|hjemmesykepleie\w*|barnebarn\w*|grandchild\w*|grandkids|oldebarn\w*|hjelpetrengende|høy alder|old age)\b",
     {"need:elderly": 1.0}),
    # ---------------- Sami ----------------
    (r"\b(?:samisk\w*|same\b|samer\b|sámi\w*|sami\b|saami|sápmi|reindrift\w*|reindeer herd\w*|kautokeino|guovdageaidnu|karasjok|kárášjohka|tana|deatnu|nesseby|unjárga|porsanger|lebesby|gamvik)\b",
     {"need:sami": 1.0}),
    # ---------------- immigrants / new in Norway ----------------
    (r"\b(?:ny i norge|nye i norge|new (?:to|in) norway|innvandr\w*|immigra\w*|flyktning\w*|refugee\w*|asyl\w*|oppholdstillatelse\w*|residence permit|familiegjenforen\w*|family reunification|snakker ikke norsk|snakker dårlig norsk|don't speak norwegian|minoritet\w*|flerkulturell\w*|multicultural|utenlandsk bakgrunn|innvandrerbakgrunn)\b",
     {"need:immigrant": 1.0}),
]

LEXICON: list[tuple[re.Pattern, re.Pattern | None, dict[str, float]]] = []
for _rx, _weights in _RAW_LEXICON:
    _full = _expand(_rx)
    _compiled = re.compile(_full)
    _folded_src = fold(_full)
    _folded = re.compile(_folded_src) if _folded_src != _full else None
    LEXICON.append((_compiled, _folded, _weights))


# Single-word stems (Norwegian snowball stems and English stems) -> topic weights. This layer
# generalises the phrase lexicon to inflections and compounds the regexes do not spell out.
_KEYWORDS: dict[str, dict[str, float]] = {
    "mobbing": {"bullying": 1.0}, "mobbe": {"bullying": 1.0}, "plaging": {"bullying": 0.6},
    "vold": {"domestic_violence": 0.4, "physical_violence": 0.3}, "juling": {"physical_violence": 1.0},
    "overgrep": {"sexual_violence": 1.0}, "voldtekt": {"sexual_violence": 1.0},
    "ensomhet": {"loneliness": 1.0}, "einsemd": {"loneliness": 1.0}, "ensom": {"loneliness": 1.0},
    "rusproblem": {"substance_use": 1.0}, "alkoholisme": {"substance_use": 1.0}, "fyllekule": {"substance_use": 1.0},
    "angst": {"mental_health": 1.0}, "depresjon": {"mental_health": 1.0}, "tristhet": {"mental_health": 0.8},
    "sorg": {"grief": 1.0}, "savn": {"grief": 0.5, "loneliness": 0.3}, "begravelse": {"grief": 1.0},
    "skilsmisse": {"relationships": 1.0}, "kjærlighetssorg": {"relationships": 1.0},
    "menighet": {"religious_breakup": 0.9}, "trossamfunn": {"religious_breakup": 0.9},
    "trakassering": {"work_life": 0.4, "psychological_violence": 0.4},
    "prevensjon": {"sexual_health": 1.0}, "graviditet": {"sexual_health": 1.0},
    "forfølgelse": {"stalking": 1.0}, "trusler": {"threats": 1.0},
    "tvangsekteskap": {"forced_marriage": 1.0}, "menneskehandel": {"trafficking": 1.0},
    "omsorgssvikt": {"neglect": 1.0}, "selvskading": {"suicide_self_harm": 1.0},
    "selvmordstanker": {"suicide_self_harm": 1.0}, "kriminalitet": {"crime_victims": 0.8},
    "arbeidsplassen": {"work_life": 1.0}, "pårørende": {"next_of_kin": 1.0},
    "loneliness": {"loneliness": 1.0}, "bullying": {"bullying": 1.0}, "grief": {"grief": 1.0},
    "depression": {"mental_health": 1.0}, "addiction": {"substance_use": 1.0},
}
_KEYWORD_STEMS: dict[str, dict[str, float]] = {}
for _w, _t in _KEYWORDS.items():
    for _lang in ("nb", "en"):
        _s = stem(_w, _lang)
        if len(_s) >= 4 and _s not in _STOP_NB:
            _KEYWORD_STEMS.setdefault(_s, _t)


# --------------------------------------------------------------------------------------
# Age, audience, gender cues
_HARMED_SELF = re.compile(
    r"\b(?:slår|slo|slått|truer|truet|trua|sparker|dytter|kjefter på|tar på|rører|klår på|voldtok|misbruker|mobber|"
    r"låser meg|stenger meg|hits?|hitting|hurts?|hurting|threaten(?:s|ed|ing)?|kicks?|touch(?:es|ed)?|abuses?|abused|bull(?:y|ies))"
    r"\s+(?:meg|me|mæ|my)\b"
)
# --------------------------------------------------------------------------------------

_THIRD_PARTY_BEFORE = re.compile(
    r"\b(?:han|hun|ho|hen|he|she|they|sønn\w*|son|datter\w*|dotter\w*|daughter|bror\w*|brother|søster\w*|"
    r"syster\w*|sister|venn\w*|venninn\w*|friend|mor\w*|far\w*|mamma\w*|pappa\w*|mom|dad|mother|father|"
    r"barn\w*|child\w*|kid\w*|elev\w*|student|jente\w*|gutt\w*|kjærest\w*|typen|dama|mann\w*|kona|kone|"
    r"samboer\w*|partner\w*|husband|wife|boyfriend|girlfriend|bestemor|bestefar|mormor|morfar|farmor|farfar|"
    r"barnebarn\w*|pasient\w*|klient\w*|patient|client|nabo\w*|neighbou?r)\b[^.!?]{0,12}$"
)

_AGE_PATTERNS = [
    re.compile(r"\b(?:jeg er|jeg e|eg er|æ e|i'm|i am|im)\s+(?:bare\s+|berre\s+|only\s+|just\s+)?(\d{1,3})\b(?!\s*(?:kg|kilo|cm|%|kr|timer|hours|min|dager|days|uker|weeks|måneder|months|ganger|times))"),
    re.compile(r"\b(\d{1,3})\s*(?:år|åring|-åring|y/o|yo|years? old|yrs? old|year-old|year old)\b"),
    re.compile(r"\b(?:gutt|jente|mann|kvinne|dame|gut|boy|girl|man|woman|f|m|g|j)\s*(?:på|,)?\s*(\d{1,2})\b(?!\s*(?:kg|cm|%|kr|timer|hours))"),
    re.compile(r"\b(\d{1,2})\s*(?:f|m|g|j)\b"),
]
_CLASS_PATTERN = re.compile(r"\b(?:i|går i|gar i|gåande i|in)?\s*(\d{1,2})\.?\s*(?:klasse|klassen|trinn|grade|årstrinn)\b")
_VG_PATTERN = re.compile(r"\bvg\s?([123])\b")
_SCHOOL_STAGE = [
    (re.compile(r"\b(?:barneskole\w*|barneskule\w*|elementary school|primary school|barnehage\w*)\b"), 10),
    (re.compile(r"\b(?:ungdomsskole\w*|ungdomsskule\w*|middle school|junior high|ungdomsskolen)\b"), 14),
    (re.compile(r"\b(?:videregående|vidaregåande|high school|vgs)\b"), 17),
    (re.compile(r"\b(?:pensjonist\w*|pensjonert|retired|pensioner|alderspensjon\w*)\b"), 70),
    # "eg er einsam og gammal", "I'm old and alone": an age without a number
    (re.compile(r"\b(?:jeg er|eg er|æ e|i'm|i am|im)\s+(?:\w+\s+){0,3}?(?:gammel|gammal|gamal|old|eldre|elderly|aldrende)\b(?!\s+(?:nok|enough|til|for|to)\b)"), 70),
    (re.compile(r"\b(?:jeg er|eg er|i'm a|i am a)\s+(?:oldemor|oldefar|mormor|morfar|farmor|farfar|bestemor|bestefar|grandmother|grandfather|grandma|grandpa|great-grandmother)\b"), 72),
    (re.compile(r"\b(?:barnebarna mine|barnebarnet mitt|mine barnebarn|my grandchildren|my grandkids)\b"), 70),
    (re.compile(r"\b(?:student|studerer|studie\w*|university|universitet\w*|høgskole\w*)\b"), 22),
]
_CHILD_CUES = re.compile(
    r"\b(?:pappa|mamma|stefar|stemor|stepappa|stemamma|foreldrene mine|foreldra mine|my dad|my mom|my mum|my parents|my stepdad)\b[^.!?]{0,25}\b(?:slår|slo|sparker|kjefter|kjeftar|skriker|drikker|drikk|er full|hits|beats|yells|drinks|kaller meg|kallar meg|calls me)\b"
    r"|\b\b(?:mamma|pappa|mora mi|faren min|moren min|foreldrene mine|foreldra mine|my mom|my dad|my parents)\b[^.!?]{0,30}\b(?:lar meg ikke|lar meg ikkje|sier at jeg må|won't let me|tar mobilen|took my phone|grounded)\b"
    r"|\b(?:læreren|læraren|friminutt\w*|klassen min|skolen min|skulen min|my teacher|at recess|my class)\b"
)

_G_SELF = r"\b(?:jeg er|eg er|æ e|i'm|i am|im)\s+(?:en\s+|ei\s+|ein\s+|a\s+|an\s+)?(?:\d{1,2}\s*(?:år\s*)?(?:gammel\s+|gamal\s+|old\s+|year old\s+)?)?(?:skeiv\s+|homofil\s+|single\s+|ung\s+|young\s+|gay\s+|trans\s+)?"
_GENDER_MALE_SELF = re.compile(
    _G_SELF + r"(?:gutt|gut|mann|fyr|boy|guy|man|pappa|far|dad|father|alenefar|single dad)\b|\b(?:som|as a)\s+(?:mann|gutt|far|pappa|man|guy|boy|dad|father)\b"
)
_GENDER_FEMALE_SELF = re.compile(
    _G_SELF + r"(?:jente|kvinne|dame|girl|woman|lady|mamma|mor|mom|mother|alenemor|single mom)\b|\b(?:som|as a)\s+(?:kvinne|jente|mor|mamma|woman|girl|mom|mother)\b"
)
_GENDER_MALE_TAG = re.compile(r"(?:^|[.!?,]\s*)(?:gutt|mann|boy|guy|man|m)\s*(?:på\s*)?,?\s*\d{1,2}\b|(?:^|[.!?,]\s*)\d{1,2}\s*(?:år\s*)?(?:gammel\s+)?(?:gutt|mann|m)\b")
_GENDER_FEMALE_TAG = re.compile(r"(?:^|[.!?,]\s*)(?:jente|kvinne|dame|girl|woman|f|j)\s*(?:på\s*)?,?\s*\d{1,2}\b|(?:^|[.!?,]\s*)\d{1,2}\s*(?:år\s*)?(?:gammel\s+)?(?:jente|kvinne|dame|f)\b")


_NUMBER_WORDS = {
    "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "søtten": 17, "atten": 18, "nitten": 19, "tjue": 20, "tjuefem": 25, "tretti": 30, "førti": 40,
    "femti": 50, "seksti": 60, "sytti": 70, "søtti": 70, "åtti": 80, "nitti": 90,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_NUMBER_RX = re.compile(
    r"\b(?:jeg er|eg er|æ e|i'm|i am|im)\s+(?:bare\s+|berre\s+|only\s+|just\s+)?(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:\s*(?:år|years?))?(?!\s*(?:kg|kilo|cm|timer|hours|ganger|times|minutter|minutes))"
    r"|\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s+(?:år gammel|år gamal|years old|year old|åring)\b"
)


_ADULT_CUES = re.compile(
    r"\b(?:samboer\w*|sambuar\w*|mannen min|min mann|min kone|min ektemann|kona mi|kona min|ektemann\w*|ektefelle\w*|svigerfamilie\w*|my husband|my wife|"
    r"barna mine|ungene mine|my kids|my children|jobben min|sjefen min|my boss|my job|my work|at work|på jobben|fra jobben|pensjon\w*|leiligheten min|lånet|boliglån|"
    r"ex-?wife|ex-?husband|eks-?kona|eks-?kone|eks-?mannen|eks-?mann|skilsmisse\w*|divorce\w*|skilt|skilde|"
    r"(?:jeg er|eg er|er|som) (?:far|fosterforelder|fosterfar|fostermor|alenefar|alenemor)|i'm a (?:man|woman|father|mother|dad|mum|mom)|i am a (?:man|woman|father|mother)|"
    r"som barn|som liten|da jeg var liten|da eg var liten|da eg var lita|da vi var små|da me var små|da jeg var barn|da eg var barn|nå er jeg voksen|no er eg vaksen|"
    r"for mange år siden|for mange år sidan|mange år sidan|for mange år tilbake|many years ago|decades ago|"
    r"as a child|as kids|when i was (?:a kid|little|a child|young)|now i'm an adult|i fengsel|in prison|soner)\b"
)
# Words that suggest (without saying) that the writer may be a child or a teenager: parents and
# grandparents in a child's words, siblings as "lillebror", school work.
_YOUTH_REGISTER = re.compile(
    r"\b(?:mamma|pappa|mammaen|pappaen|lillebror\w*|lillesøster\w*|lillesyster\w*|storebror\w*|storesøster\w*|storesyster\w*|"
    r"bestemor|bestefar|mormor|morfar|farmor|farfar|besteforeldr\w*|mom|mommy|dad|daddy|dad's|mom's|grandpa|grandma|grandad|granny|"
    r"foreldrene mine|foreldra mine|my parents|lekse\w*|matteleks\w*|homework|karakter(?:en|ene|ane)|grades|exams?|eksamen\w*|prøven|"
    r"skolen|skulen|school|klassen|klasserommet|læreren|læraren|teacher|group projects?|gruppeoppgåve|gruppeoppgave|friminutt\w*|"
    r"onkel\w*|onkelen min|tante\w*|nudes|nakenbilde\w*|bestevenninn\w*|bestevenn\w*|bff)\b"
)
_CLOSE_PERSON = re.compile(_expand(
    r"\b(?:<PARENT>|<PARTNER>|<SIBLING>|<RELATIVE>|<CHILD>|svigerfamilie\w*|svigermor|svigerfar|familien|family|"
    r"vi krangler|vi kranglar|we argue|we fight|når vi krangler)\b"
    r"|\b(?:bor med|bur med|bur saman med|bor sammen med|lives? with)\b"
))


def _match_age(text: str) -> tuple[int | None, str | None]:
    m = _NUMBER_RX.search(text)
    if m:
        word = m.group(1) or m.group(2)
        before = text[max(0, m.start() - 40): m.start()]
        if m.group(1) or not _THIRD_PARTY_BEFORE.search(before):
            # "i am ten" ... but "i am one of" etc. are not in the list
            return _NUMBER_WORDS[word], m.group(0)
    for rx in _AGE_PATTERNS:
        for m in rx.finditer(text):
            try:
                age = int(m.group(1))
            except ValueError:
                continue
            if not (5 <= age <= 110):
                continue
            before = text[max(0, m.start() - 40): m.start()]
            if rx is not _AGE_PATTERNS[0] and _THIRD_PARTY_BEFORE.search(before):
                continue
            # "en sønn på 14", "datteren min (14)"
            if re.search(r"\b(?:på|pa|of|aged?)\s*$", before) and _THIRD_PARTY_BEFORE.search(before + " x"):
                continue
            # "for 14 år siden", "i 20 år", "14 år siden" are durations, not ages
            after = text[m.end(): m.end() + 12]
            if re.match(r"\s*(?:siden|sidan|ago|til|gift|sammen|together)\b", after) or re.search(r"\b(?:for|i|in|etter|after|på|over)\s*$", before):
                if not re.search(r"\b(?:jeg er|eg er|i'm|i am)\s*$", before):
                    continue
            return age, m.group(0)
    m = _CLASS_PATTERN.search(text)
    if m:
        grade = int(m.group(1))
        before = text[max(0, m.start() - 40): m.start()]
        if 1 <= grade <= 13 and not _THIRD_PARTY_BEFORE.search(before):
            return grade + 5, m.group(0)
    m = _VG_PATTERN.search(text)
    if m:
        return 15 + int(m.group(1)), m.group(0)
    for rx, age in _SCHOOL_STAGE:
        m = rx.search(text)
        if m:
            before = text[max(0, m.start() - 40): m.start()]
            if _THIRD_PARTY_BEFORE.search(before) and age < 60:
                continue
            return age, m.group(0)
    return None, None


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


@dataclass
class Understanding:
    language: str
    topics: dict[str, float] = field(default_factory=dict)
    matches: dict[str, list[str]] = field(default_factory=dict)
    needs: dict[str, float] = field(default_factory=dict)
    age: int | None = None
    age_cue: str | None = None
    age_is_child_guess: bool = False
    age_is_adult_guess: bool = False
    youth_possible: bool = False  # no age, but words a child or teenager would use (mamma, lekser, ...)
    audience: str = "self"  # "self" | "other" | "professional"
    gender: str | None = None  # "female" | "male" | None
    urgent: bool = False
    uses_violence: bool = False
    close_person: bool = False  # a family member, partner or someone the writer lives with is named
    stems: list[str] = field(default_factory=list)

    def top_topics(self, n: int = 3) -> list[str]:
        return [t for t, _ in sorted(self.topics.items(), key=lambda kv: -kv[1])[:n]]


def _add(d: dict[str, float], key: str, w: float) -> None:
    # combine evidence: keep the strongest, add a little for repeated evidence
    prev = d.get(key, 0.0)
    d[key] = max(prev, w) + 0.15 * min(prev, w)


def understand(text: str, language: str | None = None) -> Understanding:
    """Extract topics (with weights and matched phrases), needs, age, audience, gender, urgency."""
    lang = language if language in ("nb", "nn", "en", "se", "smj", "sma") else detect_language(text)
    norm = normalize(text)
    unstripped = norm
    try:  # drop dramatic idioms ("holdt på å dø av latter") before reading topics
        from .crisis import _strip_idioms

        norm = _strip_idioms(norm)
    except Exception:  # pragma: no cover
        pass
    folded = fold(norm)
    # people typing without æøå ("jeg far ikke sove"): match the folded lexicon only then,
    # so that "får" is never read as "far" (father) in ordinary text
    use_folded = not re.search(r"[æøå]", norm)
    u = Understanding(language=lang)
    raw_hits: dict[str, float] = {}
    for rx, frx, weights in LEXICON:
        m = rx.search(norm)
        if m is None and frx is not None and use_folded:
            m = frx.search(folded)
        if m is None:
            continue
        phrase = m.group(0).strip()
        for key, w in weights.items():
            if key.startswith("need:") or key.startswith("audience:"):
                _add(raw_hits, key, w)
                continue
            _add(u.topics, key, w)
            lst = u.matches.setdefault(key, [])
            if phrase and phrase not in lst and len(lst) < 3:
                lst.append(phrase[:60])
    # stem keyword layer (inflections / compounds the regexes do not spell out)
    stems = content_stems(norm, "en" if lang == "en" else "nb")
    u.stems = stems
    for s in stems:
        hit = _KEYWORD_STEMS.get(s)
        if hit:
            for key, w in hit.items():
                if u.topics.get(key, 0.0) < w * 0.8:
                    _add(u.topics, key, w * 0.8)
    # Compound words: "kjærestevold", "nettmobbing", "rusavhengig" etc.
    for tok in tokens(norm):
        if len(tok) >= 8:
            for part, key in (("vold", "domestic_violence"), ("mobb", "bullying"), ("overgrep", "sexual_violence"),
                              ("rusav", "substance_use"), ("ensom", "loneliness"), ("sorg", "grief")):
                if part in tok[1:] and u.topics.get(key, 0.0) < 0.7 and not (part == "vold" and tok.startswith("æres")):
                    _add(u.topics, key, 0.7)
    u.needs = {k[5:]: v for k, v in raw_hits.items() if k.startswith("need:")}
    if u.needs.get("parent", 0.0) >= 1.0 and u.topics.get("parenting", 0.0) < 0.8:
        u.topics["parenting"] = 0.8
    # Age
    age, cue = _match_age(norm)
    u.age, u.age_cue = age, cue
    if age is None and _CHILD_CUES.search(norm):
        u.age_is_child_guess = True
    if age is None and _ADULT_CUES.search(norm) and not u.age_is_child_guess:
        u.age_is_adult_guess = True
    if (age is None and not u.age_is_adult_guess and not u.age_is_child_guess and _YOUTH_REGISTER.search(unstripped)
            and u.needs.get("parent", 0.0) < 1.0):
        u.youth_possible = True
    # Audience
    if raw_hits.get("audience:professional", 0) >= 1.0:
        u.audience = "professional"
    elif raw_hits.get("audience:other", 0) >= 0.8:
        # "bekymret for meg selv" is still self, and so is a person who is harmed themselves
        # ("pappa drikker og slår meg"): they are next of kin, but the help is for them.
        if not re.search(r"\b(?:for meg selv|for meg sjølv|about myself)\b", norm) and not _HARMED_SELF.search(norm):
            u.audience = "other"
    # Gender
    fm, ff = _GENDER_FEMALE_SELF.search(norm), _GENDER_MALE_SELF.search(norm)
    if fm and not ff:
        u.gender = "female"
    elif ff and not fm:
        u.gender = "male"
    elif fm and ff:
        u.gender = "female" if fm.start() < ff.start() else "male"
    elif _GENDER_MALE_TAG.search(norm):
        u.gender = "male"
    elif _GENDER_FEMALE_TAG.search(norm):
        u.gender = "female"
    u.close_person = bool(_CLOSE_PERSON.search(norm))
    # Uses violence
    u.uses_violence = u.needs.get("uses_violence", 0.0) >= 0.8
    # Urgency
    u.urgent = u.needs.get("urgent", 0.0) >= 1.0 or (
        u.needs.get("urgent", 0.0) >= 0.4 and (u.needs.get("talk", 0.0) >= 1.0 or bool(re.search(r"\bnå\s*[.!?]*$", norm)))
    )
    # Derived: a parent asking about their child → parenting need; a person worried about a
    # relative's drinking or illness → next of kin.
    if u.audience == "other" and "next_of_kin" not in u.topics and u.needs.get("parent", 0.0) < 1.0:
        _add(u.topics, "next_of_kin", 0.6)
    # Violence by a partner, parent or other family member is violence in close relationships
    violence = ("physical_violence", "psychological_violence", "material_violence", "economic_violence", "threats",
                "sexual_violence", "digital_violence", "stalking")
    vmax = max((u.topics.get(t, 0.0) for t in violence), default=0.0)
    if vmax >= 0.6 and _CLOSE_PERSON.search(norm):
        if u.topics.get("domestic_violence", 0.0) < 0.8 * vmax:
            u.topics["domestic_violence"] = round(0.8 * vmax, 3)
            u.matches.setdefault("domestic_violence", []).extend(u.matches.get(next(t for t in violence if u.topics.get(t, 0) == vmax), [])[:1])
    # violence outweighs its setting: "eksen truer meg og bruker barna" is about threats first
    vmax = max(vmax, u.topics.get("domestic_violence", 0.0), u.topics.get("honour_violence", 0.0), u.topics.get("trafficking", 0.0),
               u.topics.get("forced_marriage", 0.0), u.topics.get("post_separation_violence", 0.0))
    if vmax >= 0.8:
        for t in ("relationships", "parenting", "work_life"):
            if t in u.topics and not (t == "parenting" and u.needs.get("parent", 0) >= 1.0):
                if t == "work_life" and u.topics[t] >= 0.9 and u.topics.get("trafficking", 0.0) < 0.8:
                    continue  # "sjefen kjefter på meg" is about work
                u.topics[t] *= 0.5
    # weak generic evidence only counts when nothing more specific was found
    strong = [t for t, w in u.topics.items() if w >= 0.8]
    if strong:
        for t in list(u.topics):
            if u.topics[t] < 0.35 and t not in strong:
                u.topics[t] *= 0.5
    return u
