"""What a signed-in staff member may do: their roles per organisation."""

from functools import cached_property


class StaffContext:
    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self):
        if not self.user.is_authenticated:
            return []
        return list(self.user.memberships.select_related("organisation"))

    def has_any(self, roles, org_slug=None) -> bool:
        for m in self.memberships:
            if m.role not in roles:
                continue
            if org_slug is None or m.organisation_id is None or m.organisation.slug == org_slug:
                return True
        return False

    def organisations(self, roles):
        """Organisations in which the person holds one of `roles`."""
        seen = {}
        for m in self.memberships:
            if m.role in roles and m.organisation_id:
                seen[m.organisation_id] = m.organisation
        return sorted(seen.values(), key=lambda o: o.name)

    def organisation_ids(self, roles) -> set[int]:
        return {o.id for o in self.organisations(roles)}

    def platform_roles(self) -> set[str]:
        return {m.role for m in self.memberships if m.organisation_id is None}
