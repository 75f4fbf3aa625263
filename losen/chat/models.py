"""The anonymous chat in the database.

The queue and every conversation's state live here, so several ASGI processes share one
queue; messages fan out through the channel layer. A help seeker is known only by an
unguessable conversation token (uuid4). Transcripts (messages, handover summaries, answers,
risk checklists) are deleted after the service's retention period by the `chat.purge` job; what
remains is the anonymous `stats.Contact`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_QUESTIONS = ["age", "gender", "county", "before"]


class ChatService(models.Model):
    """Chat settings for one directory service."""

    HOURS_DIRECTORY = "directory"
    HOURS_STAFFED = "staffed"
    HOURS_ALWAYS = "always"
    HOURS_CHOICES = [
        (HOURS_DIRECTORY, _("Åpningstidene i katalogen")),
        (HOURS_STAFFED, _("Når noen er på vakt")),
        (HOURS_ALWAYS, _("Alltid")),
    ]

    service = models.OneToOneField("directory.Service", on_delete=models.CASCADE, related_name="chat")
    enabled = models.BooleanField(_("chat er på"), default=False)
    hours = models.CharField(_("åpen"), max_length=16, choices=HOURS_CHOICES, default=HOURS_DIRECTORY)
    max_concurrent = models.PositiveSmallIntegerField(_("samtaler samtidig per samtalepartner"), default=2)
    retention_hours = models.PositiveIntegerField(_("timer før samtalen slettes"), default=72)
    questions = models.JSONField(_("spørsmål før chat"), default=list, blank=True)
    feedback_enabled = models.BooleanField(_("be om tilbakemelding"), default=True)
    daily_limit = models.PositiveSmallIntegerField(_("kontakter per person per dag (0 = ingen grense)"), default=0)
    sealed_connection_retention = models.BooleanField(_("forseglet lagring av tilkoblingsadresse"), default=False)
    weight = models.PositiveSmallIntegerField(_("vekt i felles kø"), default=1)
    transfer_timeout_seconds = models.PositiveIntegerField(default=120)

    class Meta:
        ordering = ["service__slug"]

    def __str__(self):
        return self.service.slug

    @property
    def slug(self):
        return self.service.slug


class Duty(models.Model):
    """A responder on duty (ended_at empty) for some chat services of one organisation.
    The shift is everyone on duty in the organisation; `leader` marks the shift leader."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_duties")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="chat_duties")
    services = models.ManyToManyField(ChatService, related_name="duties")
    leader = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=2)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(ended_at__isnull=True), name="one_open_duty_per_org"
            )
        ]


class DutyRequest(models.Model):
    """Someone without a shift now asks to go on chat duty; a shift leader on duty decides
    (rota's `DutyDecision.needs_approval`)."""

    WAITING = "waiting"
    APPROVED = "approved"
    REFUSED = "refused"
    STATES = [(WAITING, _("venter")), (APPROVED, _("godkjent")), (REFUSED, _("avslått"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_duty_requests")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="chat_duty_requests")
    services = models.ManyToManyField(ChatService, related_name="+")
    leader = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=STATES, default=WAITING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]


class Conversation(models.Model):
    QUEUED = "queued"
    ACTIVE = "active"
    TRANSFERRED = "transferred"  # an accepted-by-visitor transfer waits for the receiver
    ENDED = "ended"
    ABANDONED = "abandoned"
    STATES = [(QUEUED, _("i kø")), (ACTIVE, _("pågår")), (TRANSFERRED, _("overføres")), (ENDED, _("avsluttet")), (ABANDONED, _("forlatt i kø"))]
    OPEN_STATES = (QUEUED, ACTIVE, TRANSFERRED)
    LIVE_STATES = (ACTIVE, TRANSFERRED)

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(ChatService, on_delete=models.PROTECT, related_name="conversations")
    state = models.CharField(max_length=16, choices=STATES, default=QUEUED, db_index=True)
    risk = models.BooleanField(default=False)
    risk_reasons = models.JSONField(default=list, blank=True)  # fixed codes from the detector, never text
    risk_check = models.JSONField(default=dict, blank=True)  # plan / preparations / means: yes, no, unknown
    first_time = models.BooleanField(null=True)
    answers = models.JSONField(default=dict, blank=True)  # bands only
    language = models.CharField(max_length=8, default="nb")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    manual_rank = models.IntegerField(null=True, blank=True)  # set by a shift leader's reorder
    last_seq = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=16, blank=True)  # visitor, responder, system
    last_seen = models.DateTimeField(default=timezone.now)  # the visitor's page or socket was alive
    sealed_address = models.BinaryField(null=True, blank=True)  # only with sealed_connection_retention
    transfers = models.PositiveSmallIntegerField(default=0)
    escalations = models.PositiveSmallIntegerField(default=0)
    # the anonymous statistics record (stats.Contact); it stays when the transcript is deleted
    contact = models.OneToOneField("stats.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["queued_at"]
        indexes = [models.Index(fields=["state", "service"], name="chat_conv_state_service")]

    def __str__(self):
        return f"chat #{self.pk} {self.state}"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES


class Message(models.Model):
    VISITOR = "visitor"
    RESPONDER = "responder"
    LEADER = "leader"
    SYSTEM = "system"
    SENDERS = [(VISITOR, "visitor"), (RESPONDER, "responder"), (LEADER, "leader"), (SYSTEM, "system")]
    TEXT = "text"  # seen by both sides
    NOTE = "note"  # a shift leader's note, seen by staff only
    EVENT = "event"  # a system line (joined, transfer offered ...), text is a fixed code
    KINDS = [(TEXT, "text"), (NOTE, "note"), (EVENT, "event")]

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    sender = models.CharField(max_length=12, choices=SENDERS)
    kind = models.CharField(max_length=8, choices=KINDS, default=TEXT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    redacted = models.BooleanField(default=False)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "client_id"], name="chat_message_client_id_once"),
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_message_seq_once"),
        ]


class Transfer(models.Model):
    AWAITING_CONSENT = "awaiting_consent"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    DECLINED = "declined"  # the visitor said no
    TIMED_OUT = "timed_out"
    STATES = [
        (AWAITING_CONSENT, _("venter på samtykke")),
        (OFFERED, _("tilbudt")),
        (ACCEPTED, _("tatt imot")),
        (REFUSED, _("avslått")),
        (DECLINED, _("personen sa nei")),
        (TIMED_OUT, _("ikke besvart i tide")),
    ]
    PENDING = (AWAITING_CONSENT, OFFERED)

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="transfer_set")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_service = models.ForeignKey(ChatService, on_delete=models.CASCADE, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_service = models.ForeignKey(ChatService, on_delete=models.CASCADE, related_name="incoming_transfers")
    summary = models.TextField(blank=True)  # the handover summary: part of the transcript, deleted with it
    state = models.CharField(max_length=20, choices=STATES, default=AWAITING_CONSENT)
    created_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class Escalation(models.Model):
    ESCALATION = "escalation"
    DEBRIEF = "debrief"
    KINDS = [(ESCALATION, _("vaktleder bedt om hjelp")), (DEBRIEF, _("debrief ønsket"))]
    OPEN = "open"
    JOINED = "joined"
    CLOSED = "closed"
    STATES = [(OPEN, _("åpen")), (JOINED, _("vaktleder er med")), (CLOSED, _("lukket"))]

    conversation = models.ForeignKey(Conversation, null=True, on_delete=models.SET_NULL, related_name="escalation_set")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=KINDS, default=ESCALATION)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=8, choices=STATES, default=OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class DutyToAvert(models.Model):
    """Avvergingsplikt (straffeloven § 196): raised by a responder, confirmed by the shift
    leader, released by a coordinator. While raised or confirmed the conversation is held
    from deletion. The record itself (who, when, states) stays after release."""

    RAISED = "raised"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    RELEASED = "released"
    STATES = [(RAISED, _("meldt")), (CONFIRMED, _("bekreftet av vaktleder")), (REJECTED, _("ikke bekreftet")), (RELEASED, _("frigitt av koordinator"))]
    HOLDING = (RAISED, CONFIRMED)

    conversation = models.ForeignKey(Conversation, null=True, on_delete=models.SET_NULL, related_name="duty_set")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=STATES, default=RAISED)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    open_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    open_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-raised_at"]

    @property
    def holding(self):
        return self.state in self.HOLDING
