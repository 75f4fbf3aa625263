"""Anonymous written messages ("Skriv til oss") in the database.

A help seeker is known only by a pickup code, stored as an HMAC (`code_hmac`), never in plain
text. Texts are encrypted at rest (`EncryptedTextField`) and deleted by the retention job
(`losen.letters.retention.purge`); what remains is the anonymous `losen.stats` Contact.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from losen.core.crypto import EncryptedTextField

QUESTIONS = ("age", "before")
LANGUAGES = ("nb", "nn", "en", "se", "smj", "sma")
SAMI = ("se", "smj", "sma")


class LetterService(models.Model):
    """Message settings for one directory service. The promised answer time comes from the
    directory's `message` channel (`answer_time_hours`)."""

    service = models.OneToOneField("directory.Service", on_delete=models.CASCADE, related_name="letters")
    enabled = models.BooleanField(_("tar imot meldinger på Losen"), default=False)
    questions = models.JSONField(_("spørsmål (alle kan hoppes over)"), default=list, blank=True)
    second_reader = models.BooleanField(_("svar godkjennes av en til før de sendes"), default=False)
    read_retention_days = models.PositiveSmallIntegerField(_("dager etter at svaret er lest før samtalen slettes"), default=30)
    feedback_enabled = models.BooleanField(_("be om tilbakemelding"), default=True)

    class Meta:
        ordering = ["service__slug"]

    def __str__(self):
        return self.service.slug

    @property
    def slug(self):
        return self.service.slug


class Responder(models.Model):
    """A responder's settings for messages in one organisation, until volunteer profiles exist:
    the languages they answer in (Sami threads are shown first to those who have them) and
    whether they may approve colleagues' replies as second reader."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_settings")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    languages = models.JSONField(default=list, blank=True)
    second_reader = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="letters_one_responder_per_org")]


class Thread(models.Model):
    WAITING = "waiting"  # the visitor's latest message has no answer yet
    ANSWERED = "answered"
    CLOSED = "closed"
    STATUSES = [(WAITING, _("venter på svar")), (ANSWERED, _("besvart")), (CLOSED, _("avsluttet"))]

    AVERT_NONE = ""
    AVERT_RAISED = "raised"
    AVERT_CONFIRMED = "confirmed"
    AVERT_RELEASED = "released"
    AVERT_HOLDING = (AVERT_RAISED, AVERT_CONFIRMED)

    code_hmac = models.CharField(max_length=64, unique=True)
    service = models.ForeignKey(LetterService, on_delete=models.PROTECT, related_name="threads")
    status = models.CharField(max_length=12, choices=STATUSES, default=WAITING)
    language = models.CharField(max_length=8, default="nb")
    risk = models.BooleanField(default=False)
    risk_reasons = models.JSONField(default=list, blank=True)  # fixed codes from the detector
    answers = models.JSONField(default=dict, blank=True)  # bands only
    received_at = models.DateTimeField(default=timezone.now)
    waiting_since = models.DateTimeField(default=timezone.now)  # the unanswered visitor message
    answer_by = models.DateTimeField()
    first_answer_at = models.DateTimeField(null=True, blank=True)
    last_answer_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(default=timezone.now)
    answer_read_at = models.DateTimeField(null=True, blank=True)  # the visitor last read an answer
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claimed_until = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)  # 2 h from the deadline with nobody on it
    breached_at = models.DateTimeField(null=True, blank=True)  # the deadline passed unanswered: kept
    transferred_from = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    transferred_at = models.DateTimeField(null=True, blank=True)
    avert = models.CharField(max_length=12, blank=True, default=AVERT_NONE)
    feedback_given = models.BooleanField(default=False)
    contact_id = models.BigIntegerField(null=True, blank=True)  # the losen.stats Contact

    class Meta:
        ordering = ["answer_by"]
        indexes = [
            # The inbox order (risk first, then the nearest deadline) over waiting threads only:
            # the page reads its first rows straight off one of these (see views.inbox_threads),
            # and the per-service counts are an index-only scan of the second.
            models.Index(fields=["-risk", "answer_by", "id"], condition=models.Q(status="waiting"), name="letters_waiting_order"),
            models.Index(fields=["service", "-risk", "answer_by", "id"], condition=models.Q(status="waiting"), name="letters_waiting_service"),
            # Sami threads for responders with the language (risk threads are read first anyway)
            models.Index(
                fields=["answer_by", "id"], condition=models.Q(status="waiting", risk=False, language__in=SAMI), name="letters_waiting_sami"
            ),
            # answered threads still open for the visitor, counted per service
            models.Index(fields=["service"], condition=models.Q(status="answered"), name="letters_answered"),
            models.Index(fields=["escalated_at"], condition=models.Q(escalated_at__isnull=False), name="letters_escalated"),
        ]

    def __str__(self):
        return f"letter thread #{self.pk} {self.status}"

    @property
    def is_sami(self):
        return self.language in SAMI


class Letter(models.Model):
    VISITOR = "visitor"
    SERVICE = "service"
    NOTE = "note"  # staff only: handover summaries, second reader's comments
    SENDERS = [(VISITOR, "visitor"), (SERVICE, "service"), (NOTE, "note")]

    SENT = "sent"
    PENDING = "pending"  # waits for the second reader
    RETURNED = "returned"  # the second reader sent it back
    STATES = [(SENT, _("sendt")), (PENDING, _("venter på godkjenning")), (RETURNED, _("sendt tilbake"))]

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="letters")
    sender = models.CharField(max_length=8, choices=SENDERS)
    state = models.CharField(max_length=10, choices=STATES, default=SENT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    redacted = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(state="pending"), name="letters_pending")]
