"""Declarations other apps can ask for: the current version of each kind an organisation
publishes, who has signed it, and a request to sign.

    from losen.volunteers import declarations
    missing = declarations.require_signed(user, organisation, ["confidentiality"], requested_by="letters")
    if missing: ...  # the person sees the request on their own page and signs there

A new version asks everyone to sign again: a signature belongs to one version."""

from django.db.models import Max

from losen.volunteers.models import Declaration, Signature, SigningRequest


def current(organisation, kinds=None) -> list[Declaration]:
    rows = Declaration.objects.filter(organisation=organisation)
    if kinds:
        rows = rows.filter(kind__in=list(kinds))
    latest = rows.values("kind").annotate(v=Max("version"))
    wanted = {(r["kind"], r["v"]) for r in latest}
    return [d for d in rows.order_by("kind", "-version") if (d.kind, d.version) in wanted]


def unsigned(user, organisation, kinds=None) -> list[Declaration]:
    decls = current(organisation, kinds)
    signed = set(Signature.objects.filter(user=user, declaration__in=decls).values_list("declaration_id", flat=True))
    return [d for d in decls if d.pk not in signed]


def is_signed(user, organisation, kinds=None) -> bool:
    return not unsigned(user, organisation, kinds)


def require_signed(user, organisation, kinds=None, requested_by: str = "") -> list[Declaration]:
    """The current declarations (of `kinds`, or all) that `user` has not signed. Each becomes a
    signing request the person sees on their own page (idempotent). Empty list: all signed."""
    missing = unsigned(user, organisation, kinds)
    for d in missing:
        SigningRequest.objects.get_or_create(user=user, declaration=d, defaults={"requested_by": requested_by[:60]})
    return missing
