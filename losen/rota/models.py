"""Shifts per service and channel, who is on them, and the follow-up after a shift."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CHANNEL_CHOICES = [
    ("chat", _("Chat")),
    ("message", _("Meldinger")),
    ("phone", _("Telefon")),
    ("group", _("Grupper")),
]


class ServiceRule(models.Model):
    """Per service (or the whole organisation, service empty): is a leader or staff member
    required on every shift («aldri alene»)?"""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="rota_rules")
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    leader_required = models.BooleanField(_("vaktleder eller ansatt på hver vakt"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "service"], name="one_rule_per_service")]


class ShiftTemplate(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="shift_templates")
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("kanal"), max_length=16, choices=CHANNEL_CHOICES)
    name = models.CharField(_("navn"), max_length=120)
    weekdays = models.JSONField(default=list)  # 0 = Monday
    starts = models.TimeField(_("starter"))
    ends = models.TimeField(_("slutter"))  # may be after midnight (ends <= starts)
    min_responders = models.PositiveSmallIntegerField(_("minst antall samtalepartnere"), default=2)
    leader_required = models.BooleanField(_("vaktleder påkrevd"), default=True)
    required_modules = models.ManyToManyField("volunteers.Module", blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Shift(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="shifts")
    template = models.ForeignKey(ShiftTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts")
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, choices=CHANNEL_CHOICES)
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    min_responders = models.PositiveSmallIntegerField(default=2)
    leader_required = models.BooleanField(default=True)
    required_modules = models.ManyToManyField("volunteers.Module", blank=True, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "starts_at"], name="one_shift_per_template_start")]

    def __str__(self):
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    RESPONDER = "responder"
    LEADER = "leader"
    ROLE_CHOICES = [(RESPONDER, _("Samtalepartner")), (LEADER, _("Vaktleder"))]
    SIGNUP, FILL, COORDINATOR, SWAP = "signup", "fill", "coordinator", "swap"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_assignments")
    role = models.CharField(max_length=16, choices=ROLE_CHOICES, default=RESPONDER)
    source = models.CharField(max_length=16, default=SIGNUP)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shift__starts_at"]
        constraints = [models.UniqueConstraint(fields=["shift", "user"], name="one_place_per_shift")]


class Availability(models.Model):
    """When a volunteer can take shifts for an organisation, and the fixed commitment
    (Kirkens SOS: two shifts a month)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rota_availability")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    weekdays = models.JSONField(default=list)  # 0 = Monday
    shifts_per_month = models.PositiveSmallIntegerField(_("faste vakter per måned"), default=2)
    max_per_month = models.PositiveSmallIntegerField(_("høyst vakter per måned"), default=4)
    dates_off = models.JSONField(default=list)  # ISO dates the person cannot

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_availability_per_org")]


class SwapRequest(models.Model):
    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATE_CHOICES = [(PENDING, _("Venter")), (APPROVED, _("Godkjent")), (REJECTED, _("Avslått"))]

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="swaps")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)


class Alert(models.Model):
    """Something a coordinator must see: a late cancellation, or open work handed back."""

    LATE_CANCEL = "late_cancel"
    HANDED_BACK = "handed_back"
    KIND_CHOICES = [(LATE_CANCEL, _("Sen avmelding")), (HANDED_BACK, _("Vakt levert tilbake"))]

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="rota_alerts")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    shift = models.ForeignKey(Shift, null=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    hours_before = models.PositiveIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class CalendarToken(models.Model):
    """A private, revocable iCalendar feed per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class DutyApproval(models.Model):
    """A volunteer without a shift asks to go on duty; a shift leader approves or refuses."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_approvals")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    requested_at = models.DateTimeField(auto_now_add=True)
    approved = models.BooleanField(null=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]


class CheckIn(models.Model):
    """The two questions after a shift: how heavy was it, and do you want a talk?"""

    HEAVINESS_CHOICES = [(1, _("Lett")), (2, _("Greit")), (3, _("Tungt")), (4, _("Svært tungt"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heaviness = models.PositiveSmallIntegerField(null=True, choices=HEAVINESS_CHOICES)
    wants_talk = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class HeavyContact(models.Model):
    """A concluded duty-to-avert case or suicide-risk chat (no content): for debrief and strain."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)


class Debrief(models.Model):
    """A request for (or an automatic offer of) a talk with the coordinator or shift leader."""

    ASKED = "asked"
    DUTY_TO_AVERT = "duty_to_avert"
    SUICIDE_RISK = "suicide_risk"
    REASON_CHOICES = [
        (ASKED, _("Ba om en samtale etter vakt")),
        (DUTY_TO_AVERT, _("Avvergingsplikt-sak på vakt")),
        (SUICIDE_RISK, _("Avsluttet samtale med selvmordsrisiko")),
    ]
    OPEN, DONE, DECLINED = "open", "done", "declined"
    STATE_CHOICES = [(OPEN, _("Åpen")), (DONE, _("Gjennomført")), (DECLINED, _("Takket nei"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debriefs")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=REASON_CHOICES)
    checkin = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default=OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]


class FillProposal(models.Model):
    """What the solver proposed; the coordinator accepts or edits. Never assigned silently."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    rows = models.JSONField(default=list)  # [{"shift": id, "user": id, "role": "responder"|"leader"}]
    summary = models.JSONField(default=dict)
    accepted_at = models.DateTimeField(null=True, blank=True)
