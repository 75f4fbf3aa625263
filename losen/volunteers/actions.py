"""The only writers of volunteers' records. Each step is audited; offboarding revokes access at
once and tells other apps (signal `offboarded`) so they hand open work back."""

import json
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Membership, User
from losen.audit.models import record
from losen.volunteers import stages
from losen.volunteers.models import (
    Competence,
    Completion,
    Declaration,
    PoliceCertificate,
    Policy,
    Signature,
    SigningRequest,
    StageChange,
    Volunteer,
)
from losen.volunteers.signals import offboarded


def policy(organisation) -> Policy:
    return Policy.objects.get_or_create(organisation=organisation)[0]


@transaction.atomic
def register_applicant(organisation, username: str, display_name: str, by) -> tuple[Volunteer, str | None]:
    """Register an application. A new person gets an account with a temporary password (shown
    once to the coordinator); an existing account is reused. No access is given yet."""
    temporary = None
    user = User.objects.filter(username=username).first()
    if user is None:
        temporary = secrets.token_urlsafe(12)
        user = User(username=username, must_change_password=True)
        user.set_password(temporary)
        user.save()
    volunteer, created = Volunteer.objects.get_or_create(
        user=user, organisation=organisation, defaults={"display_name": display_name, "stage": stages.APPLICANT}
    )
    if created:
        StageChange.objects.create(volunteer=volunteer, from_stage="", to_stage=stages.APPLICANT, by=by)
        record(by, "volunteer_registered", organisation=organisation, target=volunteer)
    return volunteer, temporary


@transaction.atomic
def move(volunteer: Volunteer, target: str, by, note: str = "") -> StageChange:
    """Move to `target` (raises `stages.StageError` if the step is not allowed)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    stages.check_move(volunteer.stage, target)
    change = StageChange.objects.create(volunteer=volunteer, from_stage=volunteer.stage, to_stage=target, by=by, note=note[:300])
    volunteer.stage = target
    volunteer.save(update_fields=["stage"])
    record(by, "volunteer_stage", organisation=volunteer.organisation, target=volunteer, stage=target)
    if target in stages.WITH_ACCESS:
        Membership.objects.get_or_create(user=volunteer.user, organisation=volunteer.organisation, role=roles.VOLUNTEER)
    if target == stages.ENDED:
        _offboard(volunteer, by)
    return change


def pause_self(volunteer: Volunteer) -> StageChange:
    if volunteer.stage not in stages.SELF_PAUSE:
        raise stages.StageError(stages.gettext_noop("Dette steget kan ikke følge det nåværende."))
    return move(volunteer, stages.PAUSED, volunteer.user, note="paused by the volunteer")


def _offboard(volunteer: Volunteer, by) -> None:
    """Access is revoked at once: every role in this organisation. An account with no role left
    anywhere is deactivated. Open work is handed back through the `offboarded` signal."""
    volunteer.ended_at = timezone.now()
    volunteer.save(update_fields=["ended_at"])
    user = volunteer.user
    Membership.objects.filter(user=user, organisation=volunteer.organisation).delete()
    if not Membership.objects.filter(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    SigningRequest.objects.filter(user=user, declaration__organisation=volunteer.organisation).delete()
    record(by, "volunteer_offboarded", organisation=volunteer.organisation, target=volunteer)
    org, vol = volunteer.organisation, volunteer
    transaction.on_commit(lambda: offboarded.send(sender=Volunteer, volunteer=vol, user=user, organisation=org, by=by))


def record_completion(user, module, completed_on, by) -> Completion:
    completion, _ = Completion.objects.update_or_create(
        user=user, module=module, defaults={"completed_on": completed_on, "recorded_by": by}
    )
    record(by, "training_recorded", organisation=module.organisation, target=completion, module=module.code)
    return completion


@transaction.atomic
def publish_declaration(organisation, kind: str, title: str, body: str, by, lasts_after_end: bool = False) -> Declaration:
    """A new version of a kind: everyone is asked to sign again."""
    last = Declaration.objects.select_for_update().filter(organisation=organisation, kind=kind).order_by("-version").first()
    declaration = Declaration.objects.create(
        organisation=organisation, kind=kind, version=(last.version + 1) if last else 1, title=title, body=body,
        lasts_after_end=lasts_after_end, published_by=by,
    )
    record(by, "declaration_published", organisation=organisation, target=declaration, kind=kind, version=declaration.version)
    return declaration


def sign(user, declaration: Declaration) -> Signature:
    signature, created = Signature.objects.get_or_create(user=user, declaration=declaration)
    SigningRequest.objects.filter(user=user, declaration=declaration).delete()
    if created:
        record(user, "declaration_signed", organisation=declaration.organisation, target=declaration, version=declaration.version)
    return signature


def record_police_certificate(volunteer: Volunteer, seen_on, issued_on, note: str, by) -> PoliceCertificate:
    cert, _ = PoliceCertificate.objects.update_or_create(
        volunteer=volunteer, defaults={"seen_on": seen_on, "issued_on": issued_on, "note": note, "checked_by": by}
    )
    record(by, "police_certificate_recorded", organisation=volunteer.organisation, target=volunteer)
    return cert


def save_competence(volunteer: Volunteer, *, languages, channels, gender, region, lived_experience, by) -> Competence:
    competence, _ = Competence.objects.update_or_create(
        volunteer=volunteer,
        defaults={
            "languages": sorted(set(languages)),
            "channels": sorted(set(channels)),
            "gender": gender,
            "region": region,
            "lived_experience": json.dumps(sorted(set(lived_experience))) if lived_experience else "",
        },
    )
    record(by, "volunteer_competence_saved", organisation=volunteer.organisation, target=volunteer)
    return competence


def purge_expired(now=None) -> int:
    """Delete the personal data of volunteers who ended longer ago than their organisation's
    retention period. The record keeps its pseudonymous id, the stages and, where a declaration
    lasts after the end (confidentiality, seed 000), which version the person signed."""
    now = now or timezone.now()
    purged = 0
    candidates = Volunteer.objects.filter(stage=stages.ENDED, personal_data_deleted_at__isnull=True, ended_at__isnull=False)
    for v in candidates.select_related("organisation"):
        days = policy(v.organisation).retention_days
        if v.ended_at + timedelta(days=days) > now:
            continue
        with transaction.atomic():
            Competence.objects.filter(volunteer=v).delete()
            PoliceCertificate.objects.filter(volunteer=v).delete()
            v.display_name = ""
            v.personal_data_deleted_at = now
            v.save(update_fields=["display_name", "personal_data_deleted_at"])
            user = v.user
            if not Membership.objects.filter(user=user).exists() and not user.volunteerships.exclude(pk=v.pk).filter(
                personal_data_deleted_at__isnull=True
            ).exists():
                Completion.objects.filter(user=user).delete()
                user.username = f"slettet-{v.pseudonym}"
                user.first_name = user.last_name = user.email = ""
                user.set_unusable_password()
                user.is_active = False
                user.save()
            record(None, "volunteer_personal_data_deleted", organisation=v.organisation, target=v, actor_name="retention")
        purged += 1
    return purged


def export(user) -> dict:
    """Everything Losen holds about the person as a volunteer, for their own download."""
    out = {"username": user.get_username(), "exported_at": timezone.now().isoformat(), "organisations": []}
    for v in Volunteer.objects.filter(user=user).select_related("organisation"):
        competence = Competence.objects.filter(volunteer=v).first()
        cert = PoliceCertificate.objects.filter(volunteer=v).first()
        out["organisations"].append(
            {
                "organisation": v.organisation.name,
                "pseudonym": v.pseudonym,
                "name": v.display_name,
                "stage": v.stage,
                "stages": [
                    {"from": c.from_stage, "to": c.to_stage, "at": c.at.isoformat(), "note": c.note}
                    for c in v.stage_changes.all()
                ],
                "competence": {
                    "languages": competence.languages,
                    "channels": competence.channels,
                    "gender": competence.gender,
                    "region": competence.region,
                    "lived_experience": json.loads(competence.lived_experience) if competence.lived_experience else [],
                } if competence else None,
                "police_certificate": {
                    "seen_on": cert.seen_on.isoformat(),
                    "issued_on": cert.issued_on.isoformat() if cert.issued_on else None,
                    "note": cert.note,
                } if cert else None,
            }
        )
    out["training"] = [
        {"module": c.module.name, "hours": str(c.module.hours) if c.module.hours is not None else None, "completed_on": c.completed_on.isoformat()}
        for c in Completion.objects.filter(user=user).select_related("module")
    ]
    out["signatures"] = [
        {"declaration": s.declaration.title, "version": s.declaration.version, "organisation": s.declaration.organisation.name,
         "signed_at": s.signed_at.isoformat(), "lasts_after_end": s.declaration.lasts_after_end}
        for s in Signature.objects.filter(user=user).select_related("declaration__organisation")
    ]
    record(user, "volunteer_data_exported")
    return out
