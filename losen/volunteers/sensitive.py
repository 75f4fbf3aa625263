"""The only readers of volunteers' special categories. Every read is audited with who read,
whose record (pseudonymous volunteer id) and why; nothing of the content goes into the log."""

import json

from losen.audit.models import record
from losen.volunteers.models import Competence, PoliceCertificate


def _tags(competence) -> list[str]:
    if competence is None or not competence.lived_experience:
        return []
    try:
        value = json.loads(competence.lived_experience)
    except ValueError:
        return []
    return [str(t) for t in value] if isinstance(value, list) else []


def lived_experience(volunteer, actor, purpose: str) -> list[str]:
    competence = Competence.objects.filter(volunteer=volunteer).first()
    record(actor, "volunteer_lived_experience_read", organisation=volunteer.organisation, target=volunteer, purpose=purpose)
    return _tags(competence)


def lived_experience_many(volunteers, actor, organisation, purpose: str) -> dict[int, list[str]]:
    """Tags per volunteer id for many volunteers, with one audit event naming all of them."""
    ids = [v.pk for v in volunteers]
    found = {c.volunteer_id: _tags(c) for c in Competence.objects.filter(volunteer_id__in=ids)}
    if ids:
        record(actor, "volunteer_lived_experience_read", organisation=organisation, purpose=purpose, volunteers=ids)
    return {i: found.get(i, []) for i in ids}


def police_certificate(volunteer, actor, purpose: str):
    cert = PoliceCertificate.objects.filter(volunteer=volunteer).select_related("checked_by").first()
    record(actor, "volunteer_police_certificate_read", organisation=volunteer.organisation, target=volunteer, purpose=purpose)
    return cert
