"""Moderated forums: a service's forums with sections, threads and posts written under a
nickname. No account and no identifier: a writer comes back with a pickup code (only its
digest is stored). Written only through `losen.forum.actions`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    PRE, POST = "pre", "post"
    MODES = [(PRE, _("Forhåndsmoderering: innlegg vises etter godkjenning")), (POST, _("Ettermoderering: innlegg vises med en knapp for å melde fra"))]

    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="forums")
    slug = models.SlugField(unique=True, max_length=80)
    title = models.CharField(_("Tittel"), max_length=160)
    description = models.TextField(_("Beskrivelse"), blank=True)
    moderation = models.CharField(_("Moderering"), max_length=4, choices=MODES)
    retention_days = models.PositiveSmallIntegerField(_("Innlegg slettes etter (dager)"), default=365)
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="moderated_forums")  # volunteers with the forum permission
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Section(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        constraints = [models.UniqueConstraint(fields=["forum", "slug"], name="forum_section_slug")]


class Thread(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=160)
    locked = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    last_post_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_post_at"]


class Post(models.Model):
    PENDING, PUBLISHED, REJECTED, HIDDEN, HELD = "pending", "published", "rejected", "hidden", "held"
    STATES = [
        (PENDING, _("Venter på godkjenning")),
        (PUBLISHED, _("Publisert")),
        (REJECTED, _("Avvist")),
        (HIDDEN, _("Skjult av moderator")),
        (HELD, _("Holdt tilbake")),
    ]

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    nickname = models.CharField(max_length=40)
    text = models.TextField()
    state = models.CharField(max_length=10, choices=STATES)
    first = models.BooleanField(default=False)  # opens the thread
    by_moderator = models.BooleanField(default=False)  # written as "moderator"
    reject_reason = models.CharField(max_length=300, blank=True)
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    risk = models.BooleanField(default=False)
    risk_reasons = models.JSONField(default=list, blank=True)  # fixed codes, never excerpts
    reports = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "risk"])]
