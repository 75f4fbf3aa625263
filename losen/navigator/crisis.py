"""Crisis detection: suicide risk and danger right now, in bokmål, nynorsk and English.

``detect(text) -> CrisisResult(crisis, reasons, kind, risk)``

* ``risk`` is ``"acute"`` (show the emergency panel first: ``crisis`` is True), ``"possible"``
  (a calm line with the round-the-clock lines, no emergency panel) or ``"none"``.
* The lexicon is data: ``crisis_lexicon.json`` (pattern, language, examples, source per entry).
  Text is normalised first (lowercase, youth spelling, misspellings, glued words, ASCII typing),
  idioms are removed ("holdt på å dø av latter"), strong signals fire alone, two weak signals
  fire together, a death expression with a means or a plan fires, negations cancel a signal
  ("jeg har *aldri* tenkt på å ta livet mitt") and third-party past events do not fire.
* Texts of one or two ordinary words never raise the panel: only a lexicon signal can fire
  on a text that short ("hei", "ok", "0", "test" never do).
* The optional embedding layer (``semantic.py``: a logistic-regression head on e5 embeddings,
  trained on the train split only by ``bench/train_crisis_head.py``) can only add to the lexicon
  and is never consulted when the lexicon has read the text as an idiom, a negation or a
  third-party past event.

Reasons are message ids (bokmål, marked for translation); the caller translates them. The text
is never logged or stored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .understanding import fold, normalize

__all__ = ["CrisisResult", "detect", "REASON_TEXT", "LEXICON", "set_semantic", "semantic_active"]


def gettext_noop(message: str) -> str:
    """Marks a message for translation (``makemessages``); the caller translates it."""
    return message


LEXICON_PATH = Path(__file__).resolve().parent / "crisis_lexicon.json"
LEXICON: dict = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))

# None = decide on first use (on when the embedding package and head are available and
# LOSEN_NAVIGATOR_SEMANTIC is not 0); set_semantic(False) switches it off (lexicon only).
_SEMANTIC: dict = {"on": None}


def set_semantic(on: bool) -> bool:
    """Switch the embedding layer on or off; returns whether it is active."""
    if on:
        from . import semantic

        _SEMANTIC["on"] = semantic.available()
    else:
        _SEMANTIC["on"] = False
    return bool(_SEMANTIC["on"])


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
    risk: str = "none"  # "acute" | "possible" | "none"
    # detect(..., semantic=False) on a text the embedding layer would have read (it is active, the
    # lexicon found nothing and suppressed nothing, three words or more): a caller that defers the
    # embedding layer (the group room) reads it later with semantic.probability.
    semantic_pending: bool = field(default=False, compare=False)


REASON_TEXT = {
    "suicidal_intent": gettext_noop("skriver om å ville dø eller ta livet sitt"),
    "suicidal_thoughts": gettext_noop("skriver om selvmordstanker"),
    "plan_or_means": gettext_noop("skriver om en plan eller et middel"),
    "goodbye_signals": gettext_noop("skriver om avskjed"),
    "self_harm": gettext_noop("skriver om å skade seg selv"),
    "third_party_risk": gettext_noop("en annen kan være i fare for å ta livet sitt"),
    "combined_warning_signs": gettext_noop("flere varseltegn sammen"),
    "violence_now": gettext_noop("vold som skjer nå"),
    "perpetrator_near": gettext_noop("en som er farlig er i nærheten nå"),
    "weapon": gettext_noop("våpen er nevnt"),
    "death_threat": gettext_noop("trusler om å bli drept"),
    "fear_for_life": gettext_noop("redd for livet sitt"),
    "held_or_trapped": gettext_noop("holdt fast eller innestengt"),
    "similar_to_crisis_texts": gettext_noop("ligner på tekster fra folk i krise"),
    "warning_sign": gettext_noop("ett varseltegn"),
    "topic_suicide": gettext_noop("skriver om selvmord eller selvskading"),
}


def _rx(p: str) -> re.Pattern:
    return re.compile(p)


_CTX = {k: _rx(v["pattern"]) for k, v in LEXICON["context"].items()}
_DANGER_CONTEXT = _CTX["danger_context"]
_NEGATORS = _CTX["negators"]
_NOT_NEGATING = _CTX["not_negating"]
_THIRD_PAST = _CTX["third_party_past"]
_FAMILY_IDIOM = _CTX["family_idiom"]
_FAMILY_IDIOM_FOLDED = _rx(fold(_FAMILY_IDIOM.pattern))
_THREAT_VERBS = _CTX["threat_verbs"]
_OTHER = LEXICON["context"]["other_person"]["pattern"]
_IDIOMS = [e["pattern"] for e in LEXICON["idioms"]]
_IDIOM_RX = [_rx(p) for p in _IDIOMS] + [_rx(fold(p)) for p in _IDIOMS if fold(p) != p]
_WEAK_RX = [(e["id"], _rx(e["pattern"])) for e in LEXICON["weak"]]
_PAIRS_ONLY = {e["id"] for e in LEXICON["weak"] if e.get("pairs_only")}
_DEATH_RX = _rx(LEXICON["cooccurrence"]["death"]["pattern"])
_MEANS_RX = _rx(LEXICON["cooccurrence"]["means"]["pattern"])
_PLAN_RX = _rx(LEXICON["cooccurrence"]["plan"]["pattern"])
_TOPIC_RX = _rx(LEXICON["context"]["suicide_topic"]["pattern"])
_PAST_RX = _rx(LEXICON["context"]["past_marker"]["pattern"])
_RECOVERED_RX = _rx(LEXICON["context"]["recovered_marker"]["pattern"])
_PLAN_TIME_RX = _rx(LEXICON["context"]["plan_time"]["pattern"])
_LAUGH_RX = _rx(LEXICON["context"]["laughter"]["pattern"])
_RESEARCH_RX = _rx(LEXICON["context"]["research"]["pattern"])
_RESEARCH_RX_F = _rx(fold(_RESEARCH_RX.pattern))
# "won't be here tomorrow, going on holiday": an absence with an everyday reason in the same sentence
_AWAY_RX = re.compile(r"\b(?:her|here|around)\b")
_EVERYDAY_AWAY_RX = re.compile(r"\b(?:ferie\w*|holiday\w*|vacation|reise\w*|reiser|travel\w*|trip|syden|hytta|hytte\w*|cabin|flytter|flyttar|flytta|moving|permisjon|going on|skal på tur|skal til (?!å\b)\w+)\b")
_FEAR_ILLNESS_RX = _rx(LEXICON["context"]["fear_illness"]["pattern"])
_OWN_END_RX = re.compile(r"\b(?:selvmord\w*|sjølvmord\w*|suicid\w*|ta livet|tek livet|kill myself|end (?:it|my life)|drepe meg|ikke leve|ikkje leve|not live)\b")
_INTENT_NOW = re.compile(r"\b(?:vil|skal|want|going to|gonna|planning|planlegger|tenker på å|tenkjer på å)\b")
_NEGATED_TOPIC = re.compile(r"\b(?:ikke|ikkje|not|never|aldri|don't|dont)\s+(?:\w+\s+)?(?:på\s+|about\s+|of\s+)?(?:selvmord|sjølvmord|suicide)")
_PAST_RX_F = _rx(fold(_PAST_RX.pattern))
_RECOVERED_RX_F = _rx(fold(_RECOVERED_RX.pattern))
_STILL_RX = re.compile(r"\b(?:nå|no|now|i kveld|i natt|tonight|igjen|again|fortsatt|framleis|still|snart|soon)\b")
_COMBINATIONS = [
    (e["reason"], e["kind"], [_rx(p) for p in e["all"]], [_rx(fold(p)) for p in e["all"]], bool(e.get("tense_free")))
    for e in LEXICON.get("combinations", [])
]

_SIGNAL_RX: list[tuple[str, str, str, re.Pattern, re.Pattern | None]] = []
for _e in LEXICON["signals"]:
    _p = _e["pattern"]
    _SIGNAL_RX.append((_e["reason"], _e["kind"], _e["strength"], _rx(_p), _rx(fold(_p)) if fold(_p) != _p else None))


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
    if _NEGATED_TOPIC.search(inside):
        return True  # "jeg tenker ikke på selvmord"
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


def _past(text: str, start: int, end: int) -> bool:
    """A past event, now over: a past-time marker in the sentence and nothing saying it goes on
    now, or a past-time marker anywhere together with a sign of having recovered."""
    if not (_PAST_RX.search(text) or _PAST_RX_F.search(text)):
        return False
    if _RECOVERED_RX.search(text) or _RECOVERED_RX_F.search(text):
        return True
    s, e = _bounds(text, start, end)
    sentence = text[s:e]
    # "nå" in a later clause ("..., nå lurer jeg på") says nothing about the signal's clause
    cut = text.find(",", end, e)
    clause = text[s:cut] if cut != -1 else sentence
    return bool(_PAST_RX.search(sentence) or _PAST_RX_F.search(sentence)) and not _STILL_RX.search(clause)


def _fear_of_illness(text: str) -> bool:
    """Fear for one's own or someone's illness, with no word of suicide or of ending one's life."""
    return bool(_FEAR_ILLNESS_RX.search(text)) and not _OWN_END_RX.search(text)


def _combinations(text: str, use_folded: bool, suppressed: list) -> list[tuple[str, str, str]]:
    found = []
    for reason, kind, rxs, frxs, tense_free in _COMBINATIONS:
        pats = frxs if use_folded else rxs
        if not all(p.search(text) for p in pats[:-1]):
            continue
        first = pats[-1].search(text)  # negation and tense are read at the last part
        if first is None:
            continue
        if _negated(text, first.start(), first.end(), pats[-1].pattern):
            suppressed.append("negation")
            continue
        if kind == "suicide" and not tense_free and _past(text, first.start(), first.end()):
            suppressed.append("past")
            continue
        found.append((reason, kind, "strong"))
    return found


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
            if kind == "suicide" and _AWAY_RX.search(m.group(0)) and _EVERYDAY_AWAY_RX.search(text[slice(*_bounds(text, m.start(), m.end()))]):
                suppressed.append("everyday_absence")
                continue
            if kind == "suicide" and _fear_of_illness(text):
                suppressed.append("fear_illness")
                continue  # "mamma har kreft og jeg er redd hun skal dø"
            if kind == "suicide" and _past(text, m.start(), m.end()):
                suppressed.append("past")
                continue  # "jeg prøvde å ta livet mitt for fem år siden, nå har jeg det bra"
            if (reason in ("suicidal_thoughts", "self_harm") and (_RESEARCH_RX.search(text) or _RESEARCH_RX_F.search(text))
                    and not _INTENT_NOW.search(text)):
                suppressed.append("research")
                continue  # "hvor kan jeg lese om forskjellen på selvskading og selvmordsforsøk?"
            if reason == "suicidal_thoughts" and _THIRD_HOLDER.search(text[max(0, m.start() - 40):m.start()]):
                suppressed.append("helper")
                continue  # "hvordan hjelpe en venn som har selvmordstanker": a helper asking, not acute
            found.append((reason, kind, strength))
            break
    found += _combinations(text, use_folded, suppressed)
    weak = solo = 0
    for _id, rx in _WEAK_RX:
        for m in rx.finditer(text):
            if _negated(text, m.start(), m.end(), rx.pattern):
                continue
            weak += 1
            solo += _id not in _PAIRS_ONLY
            break
    return found, (weak, solo)


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_NOW = re.compile(r"\b(?:nå|no|akkurat nå|right now|now|i kveld|i natt|tonight)\b")
_SELF_LIFE = re.compile(r"\b(?:meg selv|meg sjølv|myself|dø|døy|die|leve|live|livet mitt|my life)\b")
_SUICIDE_REASONS = ("suicidal_thoughts", "suicidal_intent", "plan_or_means")


def word_count(text: str) -> int:
    """Words of two letters or more (digits, symbols and emoji do not count)."""
    return len(_LETTER_WORD.findall(text))


def _lexicon(text: str) -> tuple[list[str], set[str], list[str], int, str]:
    raw_norm = normalize(text)
    norm = _strip_idioms(raw_norm)
    folded = _strip_idioms(fold(raw_norm))
    suppressed: list[str] = []
    if "¤" in norm or "¤" in folded:
        suppressed.append("idiom")
    found, (weak, solo) = _scan(norm, False, suppressed)
    found2, (weak2, solo2) = _scan(folded, True, suppressed)
    found += found2
    weak, solo = max(weak, weak2), max(solo, solo2)
    danger_context = bool(_DANGER_CONTEXT.search(norm))
    reasons: list[str] = []
    kinds: set[str] = set()
    for reason, kind, strength in found:
        if strength == "context" and not danger_context:
            continue  # "står utenfor døra" fires only with a sign of danger in the text
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
    # Warning signs together: two of them, one with a time or a decision ("i natt", "har
    # bestemt meg"), or one that is (almost) the whole text ("orker ikke mer", "gir opp alt").
    short = 3 <= max(word_count(text), word_count(norm)) <= 5
    if weak and "suicide" not in kinds and "past" not in suppressed and (
        weak >= 2 or (solo and not _LAUGH_RX.search(norm) and (_PLAN_TIME_RX.search(norm) or short))
    ):
        reasons.append("combined_warning_signs")
        kinds.add("suicide")
    if not reasons and not suppressed and not _PLAN_TIME_RX.search(norm) and _third_party_past(norm, 0, len(norm)):
        suppressed.append("third_party_past")  # "naboen tok livet sitt i fjor": news, not risk now
    if not kinds and word_count(norm) <= 5 and _TOPIC_RX.search(norm) and _PLAN_TIME_RX.search(norm) and not suppressed:
        reasons.append("plan_or_means")  # "selvmord i kveld"
        kinds.add("suicide")
    return reasons, kinds, suppressed, weak, norm


def detect(text: str, *, lexicon: bool = True, semantic: bool | None = None) -> CrisisResult:
    """Detect suicide risk or danger right now. Never logs or stores the text.

    ``lexicon``/``semantic`` select the layers (for the ablation in ``bench/navigator_eval.py``);
    ``semantic=None`` uses the embedding layer when it is active."""
    if not text or not text.strip():
        return CrisisResult(False)
    words = word_count(text)
    if words == 0:
        return CrisisResult(False)  # digits, symbols and emoji only: nothing to read
    reasons, kinds, suppressed, weak, norm = _lexicon(text) if lexicon else ([], set(), [], 0, normalize(text))
    use_semantic = semantic_active() if semantic is None else semantic
    probability = None
    # The head reads every text of three words or more: it raises the panel on its own when it
    # is sure (but never over the lexicon's reading of an idiom, a negation or a past event),
    # keeps a lexicon signal when it agrees even a little, and turns a lexicon signal it does not
    # share into a calm "possible" line (look-alikes: a past attempt, a school project), except
    # danger from another person right now.
    # One or two words are the lexicon's alone ("hei", "ok" never raise the panel).
    pending = bool(not reasons and not suppressed and words >= 3 and not use_semantic and semantic is False and semantic_active())
    if words >= 3 and use_semantic:
        from . import semantic as semantic_layer

        probability = semantic_layer.probability(text)
        if probability is None:
            pass  # the head is not available: the lexicon alone
        elif probability >= semantic_layer.threshold() and (reasons or not suppressed):
            if not reasons:
                reasons.append("similar_to_crisis_texts")
                danger = (_NOW.search(norm) and _DANGER_CONTEXT.search(norm) and re.search(rf"\b{_OTHER}\b", norm)
                          and not _SELF_LIFE.search(norm))
                kinds.add("danger_now" if danger else "suicide")
        elif reasons and probability < semantic_layer.confirm_threshold() and "danger_now" not in kinds:
            weak = weak or len(reasons)  # the lexicon's signal stays visible as a warning sign
            reasons, kinds = [], set()
    if reasons:
        kind = "danger_now" if "danger_now" in kinds else "suicide"
        return CrisisResult(True, reasons, kind, "acute")
    possible: list[str] = []
    if weak:
        possible.append("warning_sign")
    if lexicon and (_TOPIC_RX.search(norm) or any(s in ("negation", "third_party_past", "helper", "past", "research") for s in suppressed)):
        possible.append("topic_suicide")
    if probability is not None and probability >= semantic_layer.possible_threshold():
        possible.append("similar_to_crisis_texts")
    if possible:
        return CrisisResult(False, possible, None, "possible", semantic_pending=pending)
    return CrisisResult(False, semantic_pending=pending)
