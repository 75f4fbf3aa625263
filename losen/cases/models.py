"""Peer follow-up and guidance cases (seeds 000/001 Hjelpekilden, 002 N.K.S.).

Cases are personal data, not anonymous: what the person states (name, how to reach them,
preferences, lived experience, need), notes, messages and handover notes are encrypted with
`EncryptedTextField`; every read of a case is audited (`losen.audit`). Written only through
`losen.cases.actions`. The anonymous statistics live in `losen.stats` (one Contact per case)."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from losen.core.crypto import EncryptedTextField

PEER = "peer"
COUNSELLOR = "counsellor"

FORM_CHOICES = [
    ("chat", _("Chat i Losen")),
    ("phone", _("Telefon")),
    ("email", _("E-post")),
    ("video", _("Video")),
    ("meet", _("Møte på et trygt sted, for eksempel en kafé")),
]
TIME_CHOICES = [("day", _("Dagtid")), ("evening", _("Kveldstid"))]
FREQUENCY_CHOICES = [("weekly", _("Ukentlig")), ("biweekly", _("Annenhver uke")), ("needed", _("Etter behov"))]


class CaseService(models.Model):
    """Follow-up offered by a directory service: peers (Hjelpekilden) or counsellors (N.K.S.)."""

    KIND_CHOICES = [(PEER, _("Samtalepartner (likeperson)")), (COUNSELLOR, _("Veileder (fagperson)"))]

    service = models.OneToOneField("directory.Service", on_delete=models.CASCADE, related_name="case_service")
    kind = models.CharField(_("type"), max_length=12, choices=KIND_CHOICES, default=PEER)
    enabled = models.BooleanField(_("tar imot nye"), default=True)
    max_cases_default = models.PositiveSmallIntegerField(_("maks saker per person"), default=3)
    retention_days = models.PositiveIntegerField(_("oppbevaring etter avslutning (dager)"), default=90)
    reply_days = models.PositiveSmallIntegerField(_("svarer vanligvis innen (dager)"), default=2)
    jitsi_base_url = models.URLField(_("egen Jitsi Meet-server"), blank=True)
    consent_text = models.TextField(_("samtykketekst"))
    consent_version = models.PositiveIntegerField(default=1)
    # Notification options (issue 15): whether help seekers may ask for a notice by e-mail or
    # SMS ("du har en ny melding"), and whether the daily leader gets an e-mail on a concern.
    notify_email_enabled = models.BooleanField(_("tilby varsel på e-post"), default=True)
    notify_sms_enabled = models.BooleanField(_("tilby varsel på SMS"), default=True)
    concern_email = models.BooleanField(_("e-post til daglig leder ved bekymring"), default=True)

    def __str__(self):
        return self.service.slug

    @property
    def organisation(self):
        return self.service.organisation

    @property
    def slug(self):
        return self.service.slug


class ContactPerson(models.Model):
    """What a volunteer (or counsellor) offers for follow-up: forms, times, room for cases."""

    volunteer = models.OneToOneField("volunteers.Volunteer", on_delete=models.CASCADE, related_name="case_settings")
    forms = models.JSONField(default=list, blank=True)
    times = models.JSONField(default=list, blank=True)
    max_cases = models.PositiveSmallIntegerField(default=3)


class Case(models.Model):
    WAITING = "waiting"  # waiting for a match (or on the waiting list)
    MATCHED = "matched"  # approved; the contact person signs and agrees the framework
    ACTIVE = "active"
    CLOSED = "closed"
    STATUS_CHOICES = [(WAITING, _("Venter på match")), (MATCHED, _("Matchet")), (ACTIVE, _("Aktiv")), (CLOSED, _("Avsluttet"))]
    SOURCE_CHOICES = [("form", _("Skjema")), ("chat", _("Fra chat")), ("message", _("Fra melding")), ("leader", _("Registrert av daglig leder"))]
    CLOSE_CHOICES = [
        ("goal", _("Personen har fått det hen trengte")),
        ("referred", _("Videre til annen hjelp")),
        ("seeker_ended", _("Personen ønsket å avslutte")),
        ("no_contact", _("Ingen kontakt")),
        ("deletion", _("Personen ba om sletting")),
        ("other", _("Annet")),
    ]

    case_service = models.ForeignKey(CaseService, on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=WAITING, db_index=True)
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default="form")
    # What matching needs, all encrypted. `details` is a JSON object (see `Case.stated`).
    first_name = EncryptedTextField(blank=True)
    reach = EncryptedTextField(blank=True)  # how the person wants to be reached (e-mail / phone for notices)
    details = EncryptedTextField(blank=True)
    region = models.CharField(max_length=30, blank=True, db_index=True)  # county, only if they want to meet
    consent_version = models.PositiveIntegerField(null=True)
    consent_at = models.DateTimeField(null=True)
    pickup_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The framework agreed at the start.
    forms = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=10, choices=FREQUENCY_CHOICES, blank=True)
    times = models.JSONField(default=list, blank=True)
    review_on = models.DateField(null=True, blank=True)
    notify_email = models.BooleanField(default=False)
    notify_sms = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=16, choices=CLOSE_CHOICES, blank=True)
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    contact_id = models.PositiveIntegerField(null=True)  # the anonymous stats.Contact
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"sak {self.pk}"

    @property
    def ref(self):
        return f"S-{self.pk:05d}"

    @property
    def stated(self) -> dict:
        """Preferences and need as stated: forms, times, language, gender, lived_experience,
        conflicts, need. Decrypted: callers audit the read."""
        try:
            value = json.loads(self.details or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class Offer(models.Model):
    """"Vil du ha en fast samtalepartner?", offered in a chat or a written message
    (`losen.core.conversions`). Holds no case, no text and no time of the answer: only the
    channel's id of the conversation (`ref`) and what became of the offer, for one day, after
    which the retention job deletes it. The person answers with `actions.offer_token()`, an HMAC
    of `nonce`, so the database alone cannot answer for them."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    STATE_CHOICES = [(OFFERED, _("Tilbudt")), (ACCEPTED, _("Takket ja")), (DECLINED, _("Takket nei"))]
    SOURCE_CHOICES = [("chat", _("Fra chat")), ("message", _("Fra melding"))]

    case_service = models.ForeignKey(CaseService, on_delete=models.CASCADE, related_name="offers")
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES)
    ref = models.PositiveBigIntegerField(null=True)
    nonce = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default=OFFERED)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    offered_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["source", "ref"])]


class Assignment(models.Model):
    PRIMARY = "primary"
    SECOND = "second"
    ROLE_CHOICES = [(PRIMARY, _("Kontaktperson")), (SECOND, _("Ekstra frivillig"))]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.PROTECT, related_name="case_assignments")
    role = models.CharField(max_length=8, choices=ROLE_CHOICES, default=PRIMARY)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    handover_note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["started_at", "pk"]


class Message(models.Model):
    """The case channel: a private, pseudonymous thread. `from_seeker` or a staff author."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_seeker = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField()
    sent_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]


class Meeting(models.Model):
    KIND_CHOICES = [("individual", _("Individuell")), ("family", _("Familiesamtale"))]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    form = models.CharField(max_length=8, choices=FORM_CHOICES)
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default="individual")
    starts_at = models.DateTimeField()
    place = EncryptedTextField(blank=True)
    video_url = models.URLField(blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at"]


class Note(models.Model):
    """The minimal follow-up log (seed 000: "lagre informasjon" is not allowed): date, form,
    duration, an optional concern flag, and for counsellors the oral evaluation (002)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField()
    form = models.CharField(max_length=8, choices=FORM_CHOICES)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    concern = models.BooleanField(default=False)
    text = EncryptedTextField(blank=True)
    evaluation = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-on", "-pk"]


class Concern(models.Model):
    WORRY = "worry"
    SUICIDE = "suicide"
    DEPENDENCY = "dependency"
    KIND_CHOICES = [(WORRY, _("Bekymring")), (SUICIDE, _("Selvmordsfare")), (DEPENDENCY, _("Mulig avhengighet"))]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField()
    risk = models.JSONField(default=dict, blank=True)  # plan / preparations / means: yes, no, unknown
    note = EncryptedTextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-raised_at"]


class SurveyAnswer(models.Model):
    """The annual anonymous user survey (002). Not linked to any case or person."""

    case_service = models.ForeignKey(CaseService, on_delete=models.CASCADE, related_name="survey_answers")
    year = models.PositiveSmallIntegerField(db_index=True)
    answers = models.JSONField(default=dict)  # fixed answers only


class Referral(models.Model):
    """A recommended professional resource (psychologist, clinic, another service)."""

    KIND_CHOICES = [("psychologist", _("Psykolog")), ("clinic", _("Klinikk / poliklinikk")), ("service", _("Annen tjeneste")), ("other", _("Annet"))]
    case_service = models.ForeignKey(CaseService, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("type"), max_length=16, choices=KIND_CHOICES)
    name = models.CharField(_("navn"), max_length=200)
    directory_service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("tjeneste i katalogen"))
    areas = models.CharField(_("områder"), max_length=200, blank=True)
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["kind", "name"]


class Inquiry(models.Model):
    """An inquiry from a professional ("fra hjelpeapparatet"), no client identity."""

    INSTITUTION_CHOICES = [
        ("barnevern", _("Barnevernstjenesten")),
        ("krisesenter", _("Krisesenter")),
        ("psychologist", _("Psykolog")),
        ("bup", _("BUP")),
        ("teacher", _("Lærer")),
        ("health_station", _("Helsestasjon")),
        ("bufdir", _("Bufdir")),
        ("imdi", _("IMDi / minoritetsrådgiver")),
        ("other", _("Annet")),
    ]
    case_service = models.ForeignKey(CaseService, on_delete=models.CASCADE, related_name="inquiries")
    institution = models.CharField(_("fra"), max_length=16, choices=INSTITUTION_CHOICES)
    topic = models.CharField(_("tema"), max_length=200)
    advice = EncryptedTextField(_("råd gitt"), blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    contact_id = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["-at"]
