"""The directory in the database.

A service is stored as the same document the data files hold (see docs/directory-data.md), with
the fields that are queried or guarded kept in columns. Every edit writes a `ServiceVersion`
with who and when; `last_verified` only moves with an explicit "confirm as correct".
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

STALE_AFTER = timedelta(days=90)


class Service(models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="services")
    document = models.JSONField()
    last_verified = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name("nb")

    def name(self, language="nb"):
        names = self.document.get("name") or {}
        return names.get(language) or names.get("nb") or self.slug

    def is_stale(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_verified is None or today - self.last_verified > STALE_AFTER

    @transaction.atomic
    def edit(self, document: dict, user, note: str = "") -> "ServiceVersion":
        """Save a new version of the document (the slug and organisation stay as they are)."""
        document = {**document, "slug": self.slug}
        self.document = document
        self.version += 1
        self.save()
        return ServiceVersion.objects.create(service=self, version=self.version, document=document, edited_by=user, note=note)

    @transaction.atomic
    def confirm(self, user, today: date | None = None) -> None:
        self.last_verified = today or timezone.localdate()
        self.document = {**self.document, "last_verified": self.last_verified.isoformat()}
        self.version += 1
        self.save()
        ServiceVersion.objects.create(
            service=self, version=self.version, document=self.document, edited_by=user, note="confirmed as correct"
        )


class ServiceVersion(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    document = models.JSONField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["service", "version"], name="unique_service_version")]


class EmergencyContact(models.Model):
    slug = models.SlugField(unique=True, max_length=40)
    number = models.CharField(max_length=20)
    position = models.PositiveIntegerField(default=0)
    document = models.JSONField()

    class Meta:
        ordering = ["position"]
