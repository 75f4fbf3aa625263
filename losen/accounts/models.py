from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from losen.accounts import roles


class Organisation(models.Model):
    """An organisation that runs help services and employs or engages staff and volunteers."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A staff member or volunteer. Help seekers never have accounts."""

    must_change_password = models.BooleanField(default=False)


ROLE_CHOICES = [
    (roles.VOLUNTEER, _("Frivillig / samtalepartner")),
    (roles.SHIFT_LEADER, _("Vaktleder")),
    (roles.COORDINATOR, _("Koordinator / daglig leder")),
    (roles.SERVICE_ADMIN, _("Tjenesteadministrator")),
    (roles.STATISTICS_READER, _("Statistikkleser")),
    (roles.PLATFORM_ADMIN, _("Plattformadministrator")),
    (roles.NATIONAL_STATISTICS, _("Nasjonal statistikkleser (direktorat)")),
]


class Membership(models.Model):
    """One role held by one person: in an organisation, or platform-wide (organisation empty)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_per_org"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(organisation__isnull=True), name="unique_platform_role"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=True, role__in=roles.PLATFORM_ROLES)
                    | models.Q(organisation__isnull=False, role__in=roles.ORGANISATION_ROLES)
                ),
                name="role_matches_scope",
            ),
        ]

    def __str__(self):
        where = self.organisation.slug if self.organisation_id else "platform"
        return f"{self.user} {self.role}@{where}"


class SignInThrottle(models.Model):
    """Recent failed sign-ins per existing account, for the slow-down (see `accounts.signin`).
    Holds no address; names that don't belong to an account get no row."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)  # the last reset by a service admin
