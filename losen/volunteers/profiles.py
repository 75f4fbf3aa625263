"""Volunteers' competences for other apps (message inbox, case matching, Sami routing, rota),
as plain dataclasses. Only what the person chose to share; lived experience only when asked
for, and then the read is audited.

    from losen.volunteers import profiles
    for p in profiles.for_organisation(org, actor=request.user, purpose="case matching", lived_experience=True):
        p.languages  # ("nb", "se") ...
"""

from dataclasses import dataclass

from losen.volunteers import sensitive, stages
from losen.volunteers.models import Volunteer


@dataclass(frozen=True)
class Profile:
    volunteer_id: int
    user_id: int
    pseudonym: str
    name: str
    stage: str
    languages: tuple[str, ...]
    channels: tuple[str, ...]
    gender: str  # "" when not shared
    region: str  # county slug, "" when not shared
    lived_experience: tuple[str, ...] | None  # tag slugs; None when not asked for

    def speaks(self, language: str) -> bool:
        return language in self.languages


def for_organisation(organisation, *, actor=None, purpose: str = "", lived_experience: bool = False,
                     stage_in=tuple(stages.ON_DUTY)) -> list[Profile]:
    """Profiles of the organisation's volunteers in `stage_in` (by default those who may work)."""
    volunteers = list(
        Volunteer.objects.filter(organisation=organisation, stage__in=list(stage_in), personal_data_deleted_at__isnull=True)
        .select_related("user", "competence")
    )
    tags = sensitive.lived_experience_many(volunteers, actor, organisation, purpose or "profiles") if lived_experience else {}
    return [_profile(v, tags.get(v.pk) if lived_experience else None) for v in volunteers]


def for_user(user, organisation) -> Profile | None:
    v = Volunteer.objects.filter(user=user, organisation=organisation).select_related("user").first()
    return _profile(v, None) if v else None


def speakers(organisation, language: str) -> list[Profile]:
    """Who may work and answers in `language` (for Sami routing: "se", "smj", "sma")."""
    return [p for p in for_organisation(organisation) if p.speaks(language)]


def _profile(v, tags) -> Profile:
    c = getattr(v, "competence", None) if _has_competence(v) else None
    return Profile(
        volunteer_id=v.pk,
        user_id=v.user_id,
        pseudonym=v.pseudonym,
        name=v.name,
        stage=v.stage,
        languages=tuple(c.languages) if c else (),
        channels=tuple(c.channels) if c else (),
        gender=c.gender if c else "",
        region=c.region if c else "",
        lived_experience=tuple(tags) if tags is not None else None,
    )


def _has_competence(v) -> bool:
    try:
        v.competence
    except Exception:  # RelatedObjectDoesNotExist
        return False
    return True
