"""Matching a help seeker with a contact person (seeds 000/001: the daily leader matches each
new person with a volunteer). A plain rule module, no Django: the caller turns volunteers'
profiles and the case's stated wishes into `Candidate` and `Need`, and shows the ranked
`Suggestion`s with their reasons. The daily leader approves; nothing here assigns anything.

Reasons are (message id, parameters) pairs in bokmål; the caller translates them:
`gettext(msgid) % params`.
"""

from dataclasses import dataclass, field

FORMS = ("chat", "phone", "email", "video", "meet")
TIMES = ("day", "evening")

# Weights: what the person asked for counts more than what merely fits.
W_FORM = 3
W_TIME = 2
W_REGION = 4
W_LANGUAGE = 5
W_GENDER = 3
W_LIVED = 4
W_ROOM = 1  # per free place, so a volunteer with more room ranks first among equals


def gettext_noop(message):  # marks message ids for makemessages; the caller translates
    return message


@dataclass(frozen=True)
class Candidate:
    volunteer_id: int
    name: str
    languages: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()  # forms of contact the volunteer offers
    times: tuple[str, ...] = ()  # day / evening
    gender: str = ""
    region: str = ""  # county slug
    region_label: str = ""
    lived_experience: tuple[str, ...] = ()  # tag slugs
    open_cases: int = 0
    max_cases: int = 3
    active: bool = True  # may work now (stage), offers case work


@dataclass(frozen=True)
class Need:
    forms: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    region: str = ""  # only counts when the person wants to meet physically
    language: str = "nb"
    language_label: str = ""
    gender: str = ""  # stated preference for the contact person's gender, "" = none
    lived_experience: tuple[str, ...] = ()  # wished tags
    lived_labels: dict = field(default_factory=dict)  # tag -> label for reasons
    excluded: frozenset = frozenset()  # volunteer ids with a stated conflict


@dataclass(frozen=True)
class Suggestion:
    volunteer_id: int
    name: str
    score: int
    reasons: tuple[tuple[str, dict], ...]
    free_places: int


def has_room(c: Candidate) -> bool:
    return c.open_cases < c.max_cases


def eligible(c: Candidate, need: Need) -> bool:
    return c.active and has_room(c) and c.volunteer_id not in need.excluded


def score(c: Candidate, need: Need) -> tuple[int, tuple[tuple[str, dict], ...]]:
    points = 0
    reasons: list[tuple[str, dict]] = []
    forms = [f for f in FORMS if f in need.forms and f in c.forms]
    if forms:
        points += W_FORM * len(forms)
        reasons.append((gettext_noop("kan ha kontakt på ønsket måte (%(n)d av %(of)d former)"), {"n": len(forms), "of": len(need.forms)}))
    times = [t for t in TIMES if t in need.times and t in c.times]
    if times:
        points += W_TIME * len(times)
        if "evening" in times:
            reasons.append((gettext_noop("kan på kveldstid"), {}))
        if "day" in times:
            reasons.append((gettext_noop("kan på dagtid"), {}))
    if "meet" in need.forms and need.region and c.region == need.region and "meet" in c.forms:
        points += W_REGION
        reasons.append((gettext_noop("kan møtes i %(region)s"), {"region": c.region_label or c.region}))
    if need.language and need.language in c.languages:
        points += W_LANGUAGE if need.language != "nb" else 1
        if need.language != "nb":
            reasons.append((gettext_noop("snakker %(language)s"), {"language": need.language_label or need.language}))
    if need.gender and c.gender == need.gender:
        points += W_GENDER
        reasons.append((gettext_noop("er det kjønnet personen ønsket"), {}))
    shared = [t for t in need.lived_experience if t in c.lived_experience]
    for tag in shared:
        points += W_LIVED
        reasons.append((gettext_noop("har selv erfaring med %(tag)s"), {"tag": need.lived_labels.get(tag, tag)}))
    free = c.max_cases - c.open_cases
    points += W_ROOM * free
    reasons.append((gettext_noop("har plass til %(n)d saker til"), {"n": free}))
    return points, tuple(reasons)


def rank(candidates, need: Need, limit: int = 5) -> list[Suggestion]:
    """The eligible candidates, best first. Ties break on fewer open cases, then volunteer id,
    so the same inputs always give the same order."""
    out = []
    for c in candidates:
        if not eligible(c, need):
            continue
        points, reasons = score(c, need)
        out.append(Suggestion(c.volunteer_id, c.name, points, reasons, c.max_cases - c.open_cases))
    out.sort(key=lambda s: (-s.score, -s.free_places, s.volunteer_id))
    return out[:limit] if limit else out


def near_full(c: Candidate) -> bool:
    """For the desk: one place left or none."""
    return c.max_cases - c.open_cases <= 1


# --- the dependency signal (seed 000: "Unngå avhengighet") --------------------------------------

# Expected contacts per week for each agreed frequency. "When needed" has no agreed rate; one a
# week is the yardstick.
PER_WEEK = {"weekly": 1.0, "biweekly": 0.5, "needed": 1.0}
DEPENDENCY_FACTOR = 3  # "far above": three times the agreed rate or more
DEPENDENCY_WEEKS = 3  # for several weeks in a row


def dependency(weekly_counts: list[int], frequency: str) -> bool:
    """`weekly_counts`: the help seeker's contacts per week, oldest first, most recent last.
    True when each of the last DEPENDENCY_WEEKS weeks is at least DEPENDENCY_FACTOR times the
    agreed rate (and at least 3 contacts)."""
    rate = PER_WEEK.get(frequency, 1.0)
    threshold = max(3, DEPENDENCY_FACTOR * rate)
    recent = weekly_counts[-DEPENDENCY_WEEKS:]
    return len(recent) == DEPENDENCY_WEEKS and all(n >= threshold for n in recent)
