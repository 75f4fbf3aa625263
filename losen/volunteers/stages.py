"""The volunteer's path, as a plain rule module (no Django): applicant → intake interview →
in training → mentored shifts → active → paused → ended (seed 003, Kirkens SOS: application and
intake interview, a compulsory introductory course, shifts with a mentor before one's own).

Texts are message ids in bokmål; callers translate them (see `labels` in models)."""

APPLICANT = "applicant"
INTERVIEW = "interview"
TRAINING = "training"
MENTORED = "mentored"
ACTIVE = "active"
PAUSED = "paused"
ENDED = "ended"

ORDER = (APPLICANT, INTERVIEW, TRAINING, MENTORED, ACTIVE, PAUSED, ENDED)

# Who may move where. Ending is always possible (the person leaves, or the organisation ends it).
TRANSITIONS = {
    APPLICANT: {INTERVIEW, ENDED},
    INTERVIEW: {TRAINING, ENDED},
    TRAINING: {MENTORED, PAUSED, ENDED},
    MENTORED: {ACTIVE, TRAINING, PAUSED, ENDED},
    ACTIVE: {PAUSED, MENTORED, ENDED},
    PAUSED: {TRAINING, MENTORED, ACTIVE, ENDED},
    ENDED: set(),
}

# Stages in which the person has a volunteer's access to Losen (own page, shifts, declarations).
WITH_ACCESS = {TRAINING, MENTORED, ACTIVE, PAUSED}
# Stages in which the person may take shifts and go on duty (mentored: with the mentor on shift).
ON_DUTY = {MENTORED, ACTIVE}
# The person can pause themselves from these.
SELF_PAUSE = {TRAINING, MENTORED, ACTIVE}


def gettext_noop(message):  # marks message ids for makemessages; the caller translates
    return message


class StageError(ValueError):
    pass


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def check_move(current: str, target: str) -> None:
    if target not in ORDER:
        raise StageError(gettext_noop("Ukjent steg."))
    if not can_move(current, target):
        raise StageError(gettext_noop("Dette steget kan ikke følge det nåværende."))


def next_steps(current: str) -> list[str]:
    return [s for s in ORDER if s in TRANSITIONS.get(current, set())]
