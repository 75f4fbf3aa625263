"""Ranking services for a person's situation: eligibility rules first, then fit.

``rank(query, services, at, open_now_fn) -> list[Result]``

* ``services`` are dicts in the directory data format (``docs/directory-data.md``).
* ``open_now_fn(service_dict, channel_kind | None, at) -> bool | None`` is injected by the
  caller (the directory's hours logic); ``None`` means unknown.
* Eligibility is a rule, not similarity: a stated age outside ``age_min``/``age_max``, a
  gender-restricted line for a different stated gender, a professionals-only service for a
  non-professional, or a service only for people who use violence for someone who does not
  say so – these are pushed far down (and left out of the top results when enough eligible
  services exist).
* Fit: topics understood from the text against the service's topic codes (specialised
  services get more credit per topic than broad ones), words of the text against the
  service's own description (stemmed), plus needs: age fit (youth lines first for young
  people, services for older people for the elderly), Sami language/culture, next of kin,
  professionals, people who use violence, anonymity, and – when someone needs help now –
  open services above closed ones.
* Reasons are plain words in bokmål (default) or English.

Nothing here logs or stores the text.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Callable, Iterable

from . import crisis as crisis_mod
from .understanding import Understanding, content_stems, understand

try:  # the taxonomy is plain Python; fall back to codes if the package layout differs
    from losen.directory.taxonomy import BY_CODE as _TAXONOMY
except Exception:  # pragma: no cover
    _TAXONOMY = {}

__all__ = ["Query", "Result", "rank", "MESSAGES"]

SAMI_LANGS = {"se", "smj", "sma", "sje", "smn", "sms"}
YOUTH_MAX = 25
YOUTH_UNKNOWN_AGE = 0.25
ELDERLY_AGE = 67


@dataclass
class Query:
    text: str
    age: int | None = None
    for_: str | None = None  # "self" | "other" | "professional" | None
    channel: str | None = None  # channel kind the person prefers ("phone", "chat", ...)
    language: str | None = None  # "nb" | "nn" | "en" | "se" | "smj" | "sma" | None (detect)
    at: datetime | None = None
    gender: str | None = None  # optional explicit gender ("female" | "male")


@dataclass
class Result:
    slug: str
    score: float
    reasons: list[str] = field(default_factory=list)
    open_now: bool | None = None


# --------------------------------------------------------------------------------------
# Service features (cached per service content)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Features:
    slug: str
    topics: frozenset
    n_topics: int
    stems: tuple
    age_min: int | None
    age_max: int | None
    gender: str | None
    audiences: frozenset
    anonymity: str | None
    sami_level: float  # 0 none, 0.5 info/interpreter/culture, 1.0 conversations in Sami
    channels: frozenset
    elderly: bool
    minority: bool
    general: bool
    conversational: bool
    for_parents: bool
    topic_weights: tuple  # ((code, weight), ...): declared topics 1.0, topics read from the description 0.6
    sami_specific: bool
    perpetrator_focus: bool
    youth_text: bool
    round_the_clock: bool = False  # a phone or chat line that answers day and night
    name_keys: tuple = ()  # how a person would write the service's name ("kirkens sos", "alarmtelefonen")


def _text(d, lang="nb") -> str:
    if not d:
        return ""
    if isinstance(d, str):
        return d
    return d.get(lang) or d.get("nb") or d.get("en") or ""


GENERAL_THEMES = frozenset({"mental_health", "loneliness", "relationships", "suicide_self_harm", "grief"})
_GENERAL_RX = re.compile(
    r"\b(?:noen å (?:snakke|prate) med|livets utfordringer|har det vanskelig|livskrise\w*|alt du har på hjertet|"
    r"akkurat det du har på hjertet|store som små|someone to talk to)\b", re.I)
_SAMI_TARGET_RX = re.compile(r"\b(?:samisk\w*|samer|sámi|sami|saami)\b", re.I)
_NO_LINE_RX = re.compile(r"(?:ikke|ikkje) (?:en )?(?:telefon- eller chattilbud|hjelpetelefon)|ikke telefon- eller chat", re.I)
_ORG_TARGET_RX = re.compile(
    r"\b(?:kirker|menigheter|organisasjoner|tjenesteapparatet|hjelpeapparatet|fagpersoner|ansatte i|skoler|barnehager|"
    r"professionals|organisations|organizations|churches)\b", re.I)
_YOUTH_TARGET_RX = re.compile(r"\b(?:ungdom\w*|unge\b|barn og unge|young people|youth|teen\w*|children)\b", re.I)
_PERPETRATOR_RX = re.compile(r"\b(?:som utøver vold|utøvere|voldsutøver\w*|seksuell interesse for barn|who use violence)\b", re.I)
_ELDERLY_RX = re.compile(r"\b(?<!også )(?<!ogso )(?:eldre(?! enn)|elderly|older people|høy alder|old age|pensjonist\w*|seniorer?)\b", re.I)
_MINORITY_RX = re.compile(r"\b(?:flerkulturell\w*|minoritet\w*|innvandr\w*|nye borgere|new citizens|multicultural|minorities|immigrant\w*)\b", re.I)


_BY_OBJECT: dict[int, tuple[dict, _Features]] = {}


def _features(svc: dict) -> _Features:
    """Features of a service dict, cached per dict object (the catalogue's documents live until
    the catalogue reloads) and per content."""
    hit = _BY_OBJECT.get(id(svc))
    if hit is not None and hit[0] is svc:
        return hit[1]
    if len(_BY_OBJECT) > 4096:
        _BY_OBJECT.clear()
    features = _features_of(svc)
    _BY_OBJECT[id(svc)] = (svc, features)
    return features


_BY_CONTENT: dict[str, _Features] = {}


def _features_of(svc: dict) -> _Features:
    """Features of the parts of a service that ranking reads, cached by their content (a
    reloaded catalogue brings new dicts with the same content)."""
    d = {
        "slug": svc.get("slug"),
        "topics": sorted(svc.get("topics") or []),
        "description": svc.get("description"),
        "target": svc.get("target"),
        "anonymity": svc.get("anonymity"),
        "sami": svc.get("sami"),
        "channels": [[c.get("kind"), c.get("languages") or []] for c in (svc.get("channels") or [])],
        "round_the_clock": any((c.get("hours") or {}).get("kind") == "always" and c.get("kind") in ("phone", "chat")
                               for c in (svc.get("channels") or [])),
        "name": _text(svc.get("name")),
    }
    key = json.dumps(d, sort_keys=True, ensure_ascii=False)
    features = _BY_CONTENT.get(key)
    if features is None:
        if len(_BY_CONTENT) > 1024:
            _BY_CONTENT.clear()
        features = _BY_CONTENT[key] = _compute_features(d)
    return features


def _compute_features(d: dict) -> _Features:
    slug, topics, anonymity, sami, channels, name = d["slug"], d["topics"], d["anonymity"], d["sami"], d["channels"], d["name"]
    desc_nb, desc_en = _text(d["description"]), _text(d["description"], "en")
    target = d["target"] or {}
    target_text = _text(target.get("text")) + " " + _text(target.get("text"), "en")
    doc = " ".join([name, desc_nb, desc_en, target_text])
    stems = tuple(content_stems(doc, "nb") + content_stems(desc_en + " " + _text(target.get("text"), "en"), "en"))
    langs = {lang for _, ls in channels for lang in ls}
    sami_level = 0.0
    if sami:
        sami_langs = set((sami or {}).get("languages") or [])
        sami_level = 1.0 if (sami_langs & SAMI_LANGS or langs & SAMI_LANGS) else 0.5
    elif langs & SAMI_LANGS:
        sami_level = 1.0
    declared = set(topics)
    # Read the service's own words with the same lexicon: many directory entries list few or
    # no topic codes, but their description says what they help with.
    inferred: dict[str, float] = {}
    try:
        su = understand(" . ".join([name, desc_nb, _text(target.get("text"))]), "nb")
        for t, w in su.topics.items():
            if t not in declared and w >= 0.8:
                inferred[t] = 0.6
    except Exception:  # pragma: no cover - defensive: a bad description must not break ranking
        su = None
    weights = {t: 1.0 for t in declared}
    weights.update(inferred)
    topic_set = frozenset(weights)
    # broad: the record itself lists two life themes, or its own words say it is for anyone who
    # needs to talk (themes read from a specialised service's description do not make it broad)
    general = len(declared & GENERAL_THEMES) >= 2 or bool(_GENERAL_RX.search(desc_nb + " " + target_text))
    sami_specific = bool(_SAMI_TARGET_RX.search(target_text))
    kinds = frozenset(k for k, _ in channels if k)
    no_line = bool(_NO_LINE_RX.search(desc_nb))
    conversational = (bool(kinds & {"phone", "chat", "sms", "message", "email", "video"}) or not kinds) and not no_line
    # Unknown audiences (null) stay unknown: never read as "for everyone" or "for professionals only".
    audiences = set(target.get("audiences") or [])
    if audiences and _ORG_TARGET_RX.search(target_text):
        audiences.add("professional")
    return _Features(
        slug=slug,
        name_keys=_name_keys(name, slug),
        round_the_clock=bool(d.get("round_the_clock")),
        topics=topic_set,
        n_topics=max(1, len(declared) + 0.25 * len(inferred)),
        stems=stems,
        age_min=target.get("age_min"),
        age_max=target.get("age_max"),
        gender=target.get("gender"),
        audiences=frozenset(audiences),
        anonymity=anonymity,
        sami_level=sami_level,
        channels=kinds,
        elderly=bool(_ELDERLY_RX.search(target_text + " " + desc_nb[:200])),
        minority=bool(_MINORITY_RX.search(target_text + " " + desc_nb + " " + desc_en)),
        general=general,
        conversational=conversational,
        topic_weights=tuple(sorted(weights.items())),
        sami_specific=sami_specific,
        youth_text=bool(_YOUTH_TARGET_RX.search(_text(target.get("text")))) and target.get("age_max") is None and target.get("age_min") is None,
        perpetrator_focus=bool((target.get("audiences") or [None])[0] == "uses_violence" or _PERPETRATOR_RX.search(desc_nb[:300])),
        for_parents="parenting" in topic_set and bool(re.search(r"\b(?:foreldre|parents)\b", target_text + " " + desc_nb[:160], re.I)),
    )


_GENERIC_NAME_WORDS = frozenset({"alternativ", "foreningen", "hjelpetelefonen", "landsforeningen", "frelsesarmeens", "krisesentrenes"})


def _name_keys(name: str, slug: str) -> tuple:
    """The service's own name as people write it: the name before a dash or a parenthesis, the
    slug in words, and a long distinctive first word ("alarmtelefonen")."""
    keys = set()
    short = re.split(r"\s+[–-]\s+|\s*\(|:", name or "")[0].strip().lower()
    if len(short) >= 5:
        keys.add(short)
    if slug and len(slug) >= 5:
        keys.add(slug.replace("-", " "))
    first = short.split(" ")[0] if short else ""
    if len(first) >= 9 and first not in _GENERIC_NAME_WORDS:
        keys.add(first)
    return tuple(sorted(keys))


# --------------------------------------------------------------------------------------
# Lexical similarity (BM25 over stemmed service descriptions)
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _corpus(feats: tuple) -> tuple[list[Counter], float, Counter]:
    """Term counts, mean length and document frequencies of the services (same for every query)."""
    docs = [Counter(f.stems) for f in feats]
    avgdl = sum(len(f.stems) for f in feats) / len(feats) or 1.0
    df: Counter = Counter()
    for d in docs:
        df.update(d.keys())
    return docs, avgdl, df


def _bm25(query_stems: list[str], feats: list[_Features], k1: float = 1.2, b: float = 0.6) -> list[float]:
    if not query_stems or not feats:
        return [0.0] * len(feats)
    n = len(feats)
    docs, avgdl, df = _corpus(tuple(feats))
    q = set(query_stems)
    scores = []
    for f, d in zip(feats, docs):
        dl = len(f.stems) or 1
        s = 0.0
        for t in q:
            tf = d.get(t)
            if not tf:
                continue
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            s += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
        scores.append(s)
    return scores


# --------------------------------------------------------------------------------------
# Reasons
# --------------------------------------------------------------------------------------


def gettext_noop(message: str) -> str:
    """Marks a message for translation (``makemessages``); ``rank``'s caller translates it."""
    return message


def _label(code: str, lang: str) -> str:
    term = _TAXONOMY.get(code)
    if term is None:
        return code.replace("_", " ")
    label = term.en if lang == "en" else term.nb
    return label[0].lower() + label[1:] if label else label


MESSAGES = {
    "topic": gettext_noop("Du skriver om %(topic)s – %(name)s svarer på det"),
    "open": gettext_noop("Åpen nå"),
    "closed": gettext_noop("Stengt akkurat nå"),
    "sami_full": gettext_noop("Har tilbud på samisk"),
    "sami_part": gettext_noop("Har samisk informasjon, tolk eller kulturkompetanse"),
    "anonymous": gettext_noop("Du kan være anonym"),
    "next_of_kin": gettext_noop("For deg som er bekymret for noen"),
    "professional": gettext_noop("Tar imot fagpersoner"),
    "uses_violence": gettext_noop("For deg som er redd for å skade noen eller vil slutte med vold"),
    "male": gettext_noop("For deg som er mann"),
    "female": gettext_noop("For deg som er kvinne"),
    "general": gettext_noop("Du kan snakke med noen om det du står i"),
    "crisis_suicide": gettext_noop("Snakker med deg om selvmordstanker"),
    "crisis_danger": gettext_noop("Hjelper når du er utsatt for vold"),
    "elderly": gettext_noop("For eldre"),
    "minority": gettext_noop("Kjenner situasjonen for minoriteter og nye i Norge"),
    "age_range": gettext_noop("For deg mellom %(low)s og %(high)s år"),
    "age_max": gettext_noop("For deg som er %(high)s år eller yngre"),
    "age_min": gettext_noop("For deg som er %(low)s år eller eldre"),
    "audience_unknown": gettext_noop("Hvem tjenesten er for, er ikke kjent"),
}


def _age_reason(f: _Features, _) -> str | None:
    lo, hi = f.age_min, f.age_max
    if lo is not None and hi is not None:
        return _(MESSAGES["age_range"]) % {"low": lo, "high": hi}
    if hi is not None:
        return _(MESSAGES["age_max"]) % {"high": hi}
    if lo is not None:
        return _(MESSAGES["age_min"]) % {"low": lo}
    return None


# --------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------

# Partial credit between related topic codes (a service for violence in close relationships
# also helps with stalking by an ex; FGM is honour-related violence; ...).
RELATED: dict[str, dict[str, float]] = {
    "stalking": {"domestic_violence": 0.6, "post_separation_violence": 0.7, "threats": 0.6, "digital_violence": 0.4},
    "post_separation_violence": {"domestic_violence": 0.7, "stalking": 0.5, "threats": 0.5},
    "threats": {"domestic_violence": 0.5, "post_separation_violence": 0.5},
    "material_violence": {"domestic_violence": 0.6, "psychological_violence": 0.4},
    "economic_violence": {"domestic_violence": 0.6, "psychological_violence": 0.4},
    "psychological_violence": {"domestic_violence": 0.6},
    "physical_violence": {"domestic_violence": 0.8},  # hit by someone close: violence in close relationships
    "domestic_violence": {"physical_violence": 0.5, "psychological_violence": 0.5},
    "digital_violence": {"sexual_violence": 0.3},
    "forced_marriage": {"honour_violence": 0.8},
    "fgm": {"honour_violence": 0.8},
    "honour_violence": {"forced_marriage": 0.6},
    "neglect": {"domestic_violence": 0.4},
    "harmful_sexual_behaviour": {"sexual_violence": 0.4},
    "grief": {"mental_health": 0.4},
    "loneliness": {"mental_health": 0.4},
    "suicide_self_harm": {"mental_health": 0.5},
    "mental_health": {"suicide_self_harm": 0.4},
    "sexual_health": {"sexuality_gender_identity": 0.4},
    "sexuality_gender_identity": {"sexual_health": 0.4},
    "crime_victims": {"physical_violence": 0.3},
}

TOPIC_EXPONENT = 0.35  # specialisation: topic credit divided by n_topics ** exponent
BROAD_FLOOR = 0.5  # a broad talk line's credit for a life theme (grief, loneliness, ...) it does not list
BROAD_DIVISOR = 2 ** TOPIC_EXPONENT  # ... counted as if the line had two topics, whatever it lists
LEX_FLOOR = 6.0  # BM25 scores are scaled by the best one, but never by less than this (a weak best is weak)
W_TOPIC = 1.6
W_LEX = 0.55
W_NAMED = 0.8


def _youth_line(f: _Features) -> bool:
    """A line for children and young people (by its age limits or its own words)."""
    return (f.age_max is not None and f.age_max <= YOUTH_MAX) or f.youth_text


def _effective_age(q: Query, u: Understanding) -> tuple[int | None, bool]:
    """Return (age, stated). A stated age (query or text) is used for eligibility."""
    if q.age is not None:
        return q.age, True
    if u.age is not None:
        return u.age, True
    if u.age_is_child_guess:
        return 14, False
    return None, False


def _audience(q: Query, u: Understanding) -> str:
    if q.for_ in ("self", "other", "professional"):
        return q.for_
    return u.audience


def rank(
    query: Query,
    services: Iterable[dict],
    at: datetime | None = None,
    open_now_fn: Callable[[dict, str | None, datetime | None], bool | None] | None = None,
    *,
    limit: int = 5,
    gettext: Callable[[str], str] = lambda message: message,
    language: str = "nb",
    crisis_result: "crisis_mod.CrisisResult | None" = None,
) -> list[Result]:
    """Rank `services` for the query. Pass `crisis_result` when the caller has already run
    the crisis detector on the same text (it is the costliest step with the semantic layer)."""
    services = [s for s in services if s and s.get("slug")]
    if not services:
        return []
    at = at or query.at
    lang_hint = query.language if query.language else None
    u = understand(query.text or "", lang_hint if lang_hint in ("nb", "nn", "en", "se") else None)
    if query.language in SAMI_LANGS:
        u.language = query.language
    cr = crisis_result if crisis_result is not None else crisis_mod.detect(query.text or "")
    age, age_stated = _effective_age(query, u)
    audience = _audience(query, u)
    if query.for_ is None and audience == "self" and "third_party_risk" in (cr.reasons or []):
        audience = "other"  # someone else may be about to take their life: the writer is next of kin
    gender = query.gender or u.gender
    sami = u.language in SAMI_LANGS or (query.language in SAMI_LANGS) or u.needs.get("sami", 0) >= 1.0
    urgent = cr.crisis or u.urgent
    elderly = (age is not None and age >= ELDERLY_AGE) or (
        u.needs.get("elderly", 0) >= 1.0 and (age is None or age >= 60 or audience in ("other", "professional"))
    )
    uses_violence = u.uses_violence
    qtopics = dict(u.topics)
    said = dict(u.topics)
    semantic_only = cr.reasons == ["similar_to_crisis_texts"]
    if cr.crisis and cr.kind == "suicide":
        qtopics["suicide_self_harm"] = max(qtopics.get("suicide_self_harm", 0.0), 0.6 if semantic_only else 1.2)
    specific_violence = max((w for t, w in qtopics.items() if t in ("trafficking", "honour_violence", "forced_marriage",
                                                                       "sexual_violence", "stalking", "post_separation_violence")), default=0.0)
    if cr.crisis and cr.kind == "danger_now" and specific_violence < 0.8 and not semantic_only and not u.close_person \
            and qtopics.get("domestic_violence", 0.0) < 0.8 and qtopics.get("physical_violence", 0.0) < 0.8:
        # danger now from someone the text does not name as close and who is not already hurting the
        # writer (strangers, a gang, a burglar): a crime, not violence in close relationships
        qtopics["crime_victims"] = max(qtopics.get("crime_victims", 0.0), 0.8)
        qtopics["threats"] = max(qtopics.get("threats", 0.0), 0.6)
    elif cr.crisis and cr.kind == "danger_now" and specific_violence < 0.8 and not semantic_only:
        qtopics["domestic_violence"] = max(qtopics.get("domestic_violence", 0.0), 0.8)
        qtopics["physical_violence"] = max(qtopics.get("physical_violence", 0.0), 0.6)
        qtopics["threats"] = max(qtopics.get("threats", 0.0), 0.6)
    if u.needs.get("parent", 0.0) >= 1.0:
        # a parent asking about their own child: parenting, not "pårørende"
        qtopics["parenting"] = max(qtopics.get("parenting", 0.0), 0.9)
    elif audience == "other" and "next_of_kin" not in qtopics:
        qtopics["next_of_kin"] = 0.5 if max(qtopics.values(), default=0.0) < 0.8 else 0.3
    qnorm = max(math.sqrt(sum(w * w for w in qtopics.values())), 1.0)
    max_topic = max(qtopics.values()) if qtopics else 0.0
    research = u.needs.get("research", 0.0) >= 1.0
    # someone asking for a group (a professional, a student, a journalist): who the question is about
    on_behalf = research or audience == "professional"
    about_young = on_behalf and u.needs.get("about_young", 0.0) >= 1.0
    about_men = on_behalf and u.needs.get("about_men", 0.0) >= 1.0
    practical = u.needs.get("practical", 0.0) >= 1.0  # letters, the system, rights: advice, not a talk
    talk_need = (u.needs.get("talk", 0.0) >= 1.0 or max_topic < 0.5) and not research and not (
        practical and u.needs.get("talk", 0.0) < 1.0)

    feats = [_features(s) for s in services]
    named_text = " " + re.sub(r"[^\wæøå]+", " ", (query.text or "").lower()) + " "
    lex = _bm25(u.stems, feats)
    lex_max = max(max(lex, default=0.0), LEX_FLOOR)

    scored: list[tuple[float, bool, int, dict]] = []
    for i, (svc, f) in enumerate(zip(services, feats)):
        info: dict = {"topic": None, "flags": []}
        eligible = True
        # ---------------- eligibility rules ----------------
        age_rule_applies = age_stated and not (
            (audience == "other" and "next_of_kin" in f.audiences)
            or (audience == "professional" and "professional" in f.audiences)
        )
        if age is not None and age_rule_applies:
            if f.age_min is not None and age < f.age_min:
                eligible = False
            if f.age_max is not None and age > f.age_max:
                eligible = False
        if f.gender and gender and f.gender != gender:
            eligible = False
        if f.audiences and f.audiences <= {"professional"} and audience != "professional":
            eligible = False
        if "uses_violence" in f.audiences and f.audiences <= {"uses_violence", "professional"} and not uses_violence and audience != "professional":
            eligible = False
        # ---------------- fit ----------------
        score = 0.0
        best_t, best_c = None, 0.0
        tsum = 0.0
        tsum_broad = 0.0  # credit a broad talk line gets for a life theme it does not list
        sw = dict(f.topic_weights)
        for t, w in qtopics.items():
            ws = sw.get(t, 0.0)
            if not ws:
                ws = max((r * sw.get(o, 0.0) for o, r in RELATED.get(t, {}).items()), default=0.0)
            if ws < 0.7 and f.elderly and elderly and t in GENERAL_THEMES:
                ws = 0.7  # services for older people are there to talk about loneliness and loss
            if ws < BROAD_FLOOR and f.general and t in GENERAL_THEMES:
                # broad talk lines help with any life crisis, listed or not. That credit does not
                # shrink with the number of topics the line lists (breadth is what makes it broad),
                # and a line that declares no topics at all is unknown, so it gets a little less.
                floor = BROAD_FLOOR if 1.0 in sw.values() else BROAD_FLOOR * 0.8
                tsum_broad += w * floor
                if w * floor > best_c and said.get(t, 0.0) >= 0.6:
                    best_t, best_c = t, w * floor
                continue
            if ws < 0.4 and f.general and t == "substance_use" and audience == "self":
                # no line in the directory is for one's own drinking, drugs or gambling; talk lines are
                tsum_broad += w * 0.4
                continue
            if ws:
                tsum += w * ws
                if w * ws > best_c and said.get(t, 0.0) >= 0.6:  # a reason names only what the text says
                    best_t, best_c = t, w * ws
        if tsum:
            score += W_TOPIC * tsum / (qnorm * (f.n_topics ** TOPIC_EXPONENT))
        if tsum_broad:
            score += W_TOPIC * tsum_broad / (qnorm * BROAD_DIVISOR)
        info["topic"] = best_t
        score += W_LEX * lex[i] / lex_max
        if any(" " + k + " " in named_text for k in f.name_keys):
            score += W_NAMED  # the person names this service
        if talk_need and f.general:
            score += 0.45 + (0.15 if f.round_the_clock else 0.0)  # someone who just says "hei": a line that always answers
            info["flags"].append("general")
        if cr.crisis and audience == "other" and f.round_the_clock and "next_of_kin" in f.audiences and (
                cr.kind != "suicide" or "suicide_self_harm" in f.topics or dict(f.topic_weights).get("mental_health", 0.0) >= 1.0):
            score += 0.5  # someone else is in danger now: a line that answers now and takes calls about others
        # age fit
        youth_line = f.age_max is not None and f.age_max <= YOUTH_MAX
        if age is not None and age < 18:
            if youth_line and (f.age_min is None or age >= f.age_min):
                score += 0.45
                info["flags"].append("age")
            elif f.age_max is None and f.age_min is None:
                score -= 0.05
        elif age is not None and age <= YOUTH_MAX and youth_line and (f.age_min is None or age >= f.age_min):
            score += 0.2
            info["flags"].append("age")
        elif age is not None and f.age_min is not None and f.age_min >= 18 and age >= 18:
            info["flags"].append("age")
        if f.sami_specific and not sami:
            score -= 0.8
        if f.gender and not gender and not (about_men and f.gender == "male"):
            score -= 0.35
        if about_men and f.gender == "male" and (tsum or tsum_broad):
            score += 0.4  # a question about men on a theme the line for men takes: it knows it
        if about_young and youth_line and f.conversational:
            score += 0.35  # a question about children or young people: the lines they use
        if f.perpetrator_focus and not uses_violence and audience != "professional":
            score -= 0.5
        if u.needs.get("men", 0.0) >= 1.0 and f.gender == "male":
            score += 0.7
            info["flags"].append("male")
        adultish = (age is not None and age > YOUTH_MAX) or (age is None and u.age_is_adult_guess)
        if f.youth_text and adultish and not (audience == "other" and "next_of_kin" in f.audiences):
            score -= 0.4
        if (age is None and not u.age_is_adult_guess and not u.age_is_child_guess and not u.youth_possible and youth_line
                and not (audience == "other" and "next_of_kin" in f.audiences)):
            score -= YOUTH_UNKNOWN_AGE  # nothing says the writer is young: lines for everyone first
        if age is None and u.age_is_adult_guess:
            if f.age_max is not None and f.age_max < 18:
                score -= 0.5
            elif youth_line:
                score -= 0.2
        if f.elderly and not elderly and audience != "professional":
            score -= 0.3  # a service for older or vulnerable adults, and nothing says the person is one
        if cr.crisis and f.round_the_clock and youth_line and (
                (age is not None and age < 18) or (age is None and (u.age_is_child_guess or u.youth_possible))):
            score += 0.4  # a child or teenager in a crisis now: the line for children that always answers
        if elderly:
            if f.elderly:
                score += 0.6
                info["flags"].append("elderly")
            if youth_line:
                score -= 1.0
        # Sami
        if sami and f.sami_level:
            score += 1.4 * f.sami_level
            info["flags"].append("sami_full" if f.sami_level >= 1.0 else "sami_part")
        # audience
        if audience == "other" and "next_of_kin" in f.audiences:
            score += 0.35
            info["flags"].append("next_of_kin")
        if audience == "self" and f.audiences == frozenset({"next_of_kin"}) and qtopics.get("next_of_kin", 0) < 0.8:
            score -= 1.0
        if audience == "professional":
            if "professional" in f.audiences:
                score += 0.5
                info["flags"].append("professional")
            else:
                score -= 0.2
        if uses_violence and "uses_violence" in f.audiences:
            score += 0.9
            info["flags"].append("uses_violence")
        if f.for_parents and u.needs.get("parent", 0.0) < 0.6 and audience != "professional":
            score -= 0.6
        if "work_life" in f.topics and qtopics.get("work_life", 0.0) < 0.5:
            score -= 0.5
        if u.needs.get("immigrant", 0) >= 1.0 and f.minority:
            # new in Norway: the services for newcomers and minorities, first of all when the need is
            # practical (letters, the system, rights) rather than a theme of its own
            score += 0.8 if (max_topic < 0.5 or u.needs.get("practical", 0.0) >= 1.0) else 0.3
            info["flags"].append("minority")
        if gender and f.gender == gender:
            score += 0.25
            info["flags"].append(gender)
        # anonymity
        if u.needs.get("anonymous", 0) >= 1.0:
            if f.anonymity == "anonymous":
                score += 0.25
                info["flags"].append("anonymous")
            elif f.anonymity == "not_anonymous":
                score -= 0.4
        # channels
        if not f.conversational and not practical:
            score -= 0.35
        if query.channel and f.channels and query.channel not in f.channels:
            score -= 0.3
        # crisis
        if cr.crisis and cr.kind == "suicide" and "suicide_self_harm" in f.topics:
            score += 0.5
            info["flags"].append("crisis_suicide")
        if cr.crisis and cr.kind == "danger_now" and f.topics & {"domestic_violence", "physical_violence", "threats"}:
            score += 0.3
            info["flags"].append("crisis_danger")
        # open now
        open_now = None
        if open_now_fn is not None:
            try:
                open_now = open_now_fn(svc, query.channel, at)
            except Exception:
                open_now = None
        # Among services that fit about equally well, open ones come first.
        if open_now is True:
            score += 0.7 if urgent else 0.3
            info["flags"].append("open")
        elif open_now is False:
            score -= 0.7 if urgent else 0.1
        if not f.audiences and audience != "professional":
            score -= 0.4  # who it is for is not known: after services known to take this person
        info["open_now"] = open_now
        if not eligible:
            score -= 100.0
        scored.append((score, eligible, i, info))

    scored.sort(key=lambda x: (-x[0], x[2]))
    if age is None and u.youth_possible and not elderly and audience == "self" and not sami and not research:
        # The text reads as if it may come from a child or a teenager, but gives no age: keep one
        # line for young people among the first three, next to lines for everyone.
        top = [s for s in scored if s[1]][:3]
        if len(top) == 3 and not any(_youth_line(feats[s[2]]) for s in top):
            young = next((s for s in scored[3:] if s[1] and _youth_line(feats[s[2]]) and feats[s[2]].conversational), None)
            if young is not None:
                scored.remove(young)
                scored.insert(scored.index(top[2]), young)
    eligible_count = sum(1 for s in scored if s[1])
    picked = [s for s in scored if s[1]][:limit]
    if eligible_count < 3:
        # never a professionals-only service for someone who did not say they are one
        shown = [s for s in scored if audience == "professional" or not (feats[s[2]].audiences and feats[s[2]].audiences <= {"professional"})]
        picked = shown[: max(3, min(limit, len(shown)))]
    results = []
    for score, _eligible, i, info in picked:
        svc = services[i]
        results.append(
            Result(
                slug=svc["slug"],
                score=round(score, 4),
                reasons=_reasons(svc, feats[i], info, gettext, language, age_stated),
                open_now=info.get("open_now"),
            )
        )
    return results


def _reasons(svc: dict, f: _Features, info: dict, _, lang: str, age_stated: bool) -> list[str]:
    """Only what the text or the answers say, and facts of the service."""
    name = _text(svc.get("name"), lang) or svc.get("slug")
    out: list[str] = []
    flags = info["flags"]
    if info.get("topic"):
        out.append(_(MESSAGES["topic"]) % {"topic": _label(info["topic"], lang), "name": name})
    elif "crisis_suicide" in flags:
        out.append(_(MESSAGES["crisis_suicide"]))
    elif "crisis_danger" in flags:
        out.append(_(MESSAGES["crisis_danger"]))
    else:
        out.append(_(MESSAGES["general"]))
    for flag in ("sami_full", "sami_part", "uses_violence", "next_of_kin", "professional", "elderly", "minority", "male", "female"):
        if flag in flags:
            out.append(_(MESSAGES[flag]))
    if "age" in flags and age_stated:
        r = _age_reason(f, _)
        if r:
            out.append(r)
    if info.get("open_now") is True:
        out.append(_(MESSAGES["open"]))
    elif info.get("open_now") is False:
        out.append(_(MESSAGES["closed"]))
    if not f.audiences:
        out.append(_(MESSAGES["audience_unknown"]))
    if f.anonymity == "anonymous" and "anonymous" in flags:
        out.append(_(MESSAGES["anonymous"]))
    return out[:5]
