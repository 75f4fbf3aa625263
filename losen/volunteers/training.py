"""Training records: what is required for a channel, and what a person is missing.

Public for other floors: `missing(user, organisation, channel, service=None, role=...)` gives the
names of required modules not completed (rota's duty check and the consoles use it)."""

from django.db.models import Q

from losen.volunteers.models import Completion, Module, Requirement


def required(organisation, channel: str, service=None, role: str = Requirement.RESPONDER):
    rows = Requirement.objects.filter(organisation=organisation, channel=channel, role=role)
    rows = rows.filter(Q(service__isnull=True) | Q(service=service)) if service is not None else rows.filter(service__isnull=True)
    return Module.objects.filter(pk__in=rows.values("module")).order_by("name")


def completed_ids(user) -> set[int]:
    return set(Completion.objects.filter(user=user).values_list("module_id", flat=True))


def missing(user, organisation, channel: str, service=None, role: str = Requirement.RESPONDER) -> list[str]:
    done = completed_ids(user)
    return [m.name for m in required(organisation, channel, service, role) if m.pk not in done]


def catalogue(organisation):
    """The shared catalogue (Trygge samtaler) and the organisation's own modules."""
    return Module.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).order_by("organisation_id", "name")
