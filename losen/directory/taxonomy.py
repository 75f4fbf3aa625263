"""The topic taxonomy: what a person can bring to a help service.

Plain Python, no Django import. Codes are stable identifiers used by the directory data,
the API (`topic=`), the navigator and the chat's topic tags. Labels are bokmål (source
language) and English; other languages fall back to bokmål.

The violence forms follow Bufdir's 2026 mapping (seed 003, chapter 2 and Vedlegg B); the
themes cover what the mapped services say people contact them about.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    group: str  # "violence" or "theme"
    nb: str
    en: str


TERMS: tuple[Term, ...] = (
    # Forms of violence (seed 003)
    Term("domestic_violence", "violence", "Vold i nære relasjoner", "Violence in close relationships"),
    Term("physical_violence", "violence", "Fysisk vold", "Physical violence"),
    Term("psychological_violence", "violence", "Psykisk vold", "Psychological violence"),
    Term("sexual_violence", "violence", "Seksuell vold og overgrep", "Sexual violence and abuse"),
    Term("material_violence", "violence", "Materiell vold", "Material violence"),
    Term("economic_violence", "violence", "Økonomisk vold", "Economic violence"),
    Term("threats", "violence", "Trusler", "Threats"),
    Term(
        "honour_violence",
        "violence",
        "Æresrelatert vold og negativ sosial kontroll",
        "Honour-related violence and negative social control",
    ),
    Term("forced_marriage", "violence", "Tvangsekteskap", "Forced marriage"),
    Term("fgm", "violence", "Kjønnslemlestelse", "Female genital mutilation"),
    Term("digital_violence", "violence", "Digital vold", "Digital violence"),
    Term("stalking", "violence", "Forfølgelse", "Stalking"),
    Term(
        "post_separation_violence",
        "violence",
        "Fortsatt vold etter samlivsbrudd",
        "Continued violence after a break-up",
    ),
    Term(
        "harmful_sexual_behaviour",
        "violence",
        "Problematisk eller skadelig seksuell atferd",
        "Harmful sexual behaviour",
    ),
    Term("bullying", "violence", "Mobbing", "Bullying"),
    Term("trafficking", "violence", "Menneskehandel", "Human trafficking"),
    Term("neglect", "violence", "Omsorgssvikt", "Neglect"),
    # Broad themes
    Term("mental_health", "theme", "Psykisk helse", "Mental health"),
    Term("suicide_self_harm", "theme", "Selvmordstanker og selvskading", "Suicidal thoughts and self-harm"),
    Term("loneliness", "theme", "Ensomhet", "Loneliness"),
    Term("substance_use", "theme", "Rus og avhengighet", "Substance use and addiction"),
    Term("next_of_kin", "theme", "Pårørende", "Next of kin"),
    Term("relationships", "theme", "Familie og relasjoner", "Family and relationships"),
    Term("parenting", "theme", "Foreldrerollen", "Parenting"),
    Term("sexuality_gender_identity", "theme", "Seksualitet og kjønnsidentitet", "Sexuality and gender identity"),
    Term("sexual_health", "theme", "Seksuell helse og prevensjon", "Sexual health and contraception"),
    Term("religious_breakup", "theme", "Religiøse bruddprosesser", "Leaving a religious community"),
    Term("crime_victims", "theme", "Utsatt for kriminalitet", "Victims of crime"),
    Term("work_life", "theme", "Arbeidsliv", "Work life"),
    Term("grief", "theme", "Sorg og tap", "Grief and loss"),
)

BY_CODE: dict[str, Term] = {t.code: t for t in TERMS}
CODES: frozenset[str] = frozenset(BY_CODE)


def label(code: str, language: str = "nb") -> str:
    term = BY_CODE[code]
    return term.en if language == "en" else term.nb
