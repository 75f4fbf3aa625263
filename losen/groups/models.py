"""Led conversation groups: series of sessions (by phone, in an online text room, or in
person), their leaders, participants known by first name only, topics, attendance and
anonymous evaluations. Written only through `losen.groups.actions`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from losen.core.crypto import EncryptedTextField

DEFAULT_QUESTIONS = [
    gettext_noop("Hvor trygt kjentes det å være med i dag?"),
    gettext_noop("Fikk du snakke så mye du ønsket?"),
    gettext_noop("Hvor nyttig var samlingen for deg?"),
]


class GroupSettings(models.Model):
    """A service's settings for its groups."""

    service = models.OneToOneField("directory.Service", on_delete=models.CASCADE, related_name="group_settings")
    room_retention_hours = models.PositiveSmallIntegerField(
        _("Behold teksten i rommet (timer etter samlingen)"), default=0,
        help_text=_("0 betyr at teksten slettes når samlingen avsluttes. Høyst 72 timer."),
    )
    questions = models.JSONField(default=list, blank=True)  # three evaluation questions; empty = the defaults

    def evaluation_questions(self) -> list[str]:
        qs = [q for q in (self.questions or []) if q][:3]
        return qs if len(qs) == 3 else [gettext(q) for q in DEFAULT_QUESTIONS]


class Series(models.Model):
    PHONE, ONLINE, IN_PERSON = "phone", "online", "in_person"
    FORMATS = [(PHONE, _("Telefongruppe")), (ONLINE, _("Tekstrom på nett")), (IN_PERSON, _("Fysisk oppmøte"))]
    AUDIENCES = [
        ("self", _("Deg som har det vanskelig selv")),
        ("next_of_kin", _("Pårørende")),
        ("bereaved", _("Etterlatte")),
        ("other", _("Andre")),
    ]

    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="group_series")
    title = models.CharField(_("Tittel"), max_length=160)
    description = models.TextField(_("Beskrivelse"), blank=True)
    audience = models.CharField(_("Hvem gruppen er for"), max_length=20, choices=AUDIENCES, default="self")
    age_min = models.PositiveSmallIntegerField(_("Alder fra"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("Alder til"), null=True, blank=True)
    format = models.CharField(_("Form"), max_length=12, choices=FORMATS)
    venue = models.CharField(_("Sted"), max_length=160, blank=True)
    address = models.CharField(_("Adresse"), max_length=200, blank=True)
    accessibility = models.TextField(_("Tilgjengelighet"), blank=True)
    dial_in = models.TextField(_("Innringingsdetaljer (telefonmøte)"), blank=True)  # shown only to approved participants
    capacity = models.PositiveSmallIntegerField(_("Antall plasser"), default=8)
    leaders_needed = models.PositiveSmallIntegerField(_("Ledere per samling"), default=2, choices=[(1, _("Én veileder")), (2, _("To gruppeledere"))])
    intake_required = models.BooleanField(_("Kort inntakssamtale før godkjenning"), default=False)
    listed = models.BooleanField(_("Vises offentlig (åpen for påmelding)"), default=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # the series is over: contact details are deleted
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def organisation(self):
        return self.service.organisation


class Session(models.Model):
    PLANNED, LIVE, PAUSED, ENDED, CANCELLED = "planned", "live", "paused", "ended", "cancelled"
    STATES = [(PLANNED, _("Planlagt")), (LIVE, _("Pågår")), (PAUSED, _("Satt på pause")), (ENDED, _("Avsluttet")), (CANCELLED, _("Avlyst"))]
    OPEN_STATES = (LIVE, PAUSED)

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=90)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="group_sessions")
    state = models.CharField(max_length=10, choices=STATES, default=PLANNED)
    topic = models.CharField(max_length=200, blank=True)  # the agreed topic
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    purge_at = models.DateTimeField(null=True, blank=True)  # the room's text is deleted then
    purged = models.BooleanField(default=False)
    last_seq = models.PositiveIntegerField(default=0)
    contact_id = models.PositiveIntegerField(null=True, blank=True)  # stats.Contact

    class Meta:
        ordering = ["starts_at"]


class Participant(models.Model):
    """A person in a series, known by a first name or nickname only. Their page is reached by a
    secret token (only its digest is stored); an optional pickup code (digest) brings them back."""

    APPLIED, WAITLIST, APPROVED, REMOVED, WITHDRAWN = "applied", "waitlist", "approved", "removed", "withdrawn"
    STATES = [
        (APPLIED, _("Venter på godkjenning")),
        (WAITLIST, _("På venteliste")),
        (APPROVED, _("Godkjent")),
        (REMOVED, _("Fjernet av leder")),
        (WITHDRAWN, _("Trukket seg")),
    ]

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="participants")
    first_name = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=STATES)
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    rules_accepted_at = models.DateTimeField(null=True, blank=True)
    intake_done = models.BooleanField(default=False)
    needs_leader_approval = models.BooleanField(default=False)  # removed before: a leader decides
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    wants_reminders = models.BooleanField(default=False)

    class Meta:
        ordering = ["applied_at", "id"]


class Seat(models.Model):
    """One participant in one session: present (attendance), muted in the room."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    present = models.BooleanField(default=False)
    muted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="groups_one_seat")]


class Topic(models.Model):
    """A topic for a session: proposed by a leader or suggested (anonymously) by a participant."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="topics")
    text = models.CharField(max_length=200)
    by_leader = models.BooleanField(default=False)
    approvals = models.PositiveIntegerField(default=0)
    objections = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class TopicVote(models.Model):
    """One participant's vote, stored under a keyed hash so nobody can read who voted what."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    approve = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "voter"], name="groups_one_vote")]


class SideChat(models.Model):
    """"Jeg trenger å snakke med en leder": a private thread between a participant and the leaders."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="side_chats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="side_chats")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)


class RoomMessage(models.Model):
    TEXT, SYSTEM = "text", "system"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=40, blank=True)  # the first name shown
    kind = models.CharField(max_length=8, default=TEXT)
    side_chat = models.ForeignKey(SideChat, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField()
    client_id = models.CharField(max_length=64)
    hidden = models.BooleanField(default=False)  # hidden by a leader
    held = models.BooleanField(default=False)  # held back by the crisis detector
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="groups_msg_seq"),
            models.UniqueConstraint(fields=["session", "client_id"], name="groups_msg_client"),
        ]


class Evaluation(models.Model):
    """One anonymous answer to a session's three questions (1–5), once per participant (keyed hash)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    voter = models.CharField(max_length=64)
    answers = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "voter"], name="groups_one_evaluation")]


class WrittenEvaluation(models.Model):
    """After the series: free text, shown to leaders only when there are at least 5."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="written_evaluations")
    voter = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "voter"], name="groups_one_written")]


class Notice(models.Model):
    """A leader's notice to the series' participants (read on their page, with the pickup code)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="notices")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
