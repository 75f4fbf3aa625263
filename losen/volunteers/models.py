"""People who help: stages, training records, signed declarations, police certificates and the
competences they choose to share. Special categories (lived experience, certificate notes) are
encrypted with `EncryptedTextField`; every read of them is audited (see `access.py`)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from losen.core.crypto import EncryptedTextField
from losen.volunteers import stages

STAGE_CHOICES = [
    (stages.APPLICANT, _("Søker")),
    (stages.INTERVIEW, _("Inntakssamtale")),
    (stages.TRAINING, _("I opplæring")),
    (stages.MENTORED, _("Vakter med fadder")),
    (stages.ACTIVE, _("Aktiv")),
    (stages.PAUSED, _("Pause")),
    (stages.ENDED, _("Avsluttet")),
]

CHANNEL_CHOICES = [
    ("chat", _("Chat")),
    ("message", _("Meldinger")),
    ("phone", _("Telefon")),
    ("group", _("Grupper")),
    ("case", _("Oppfølging")),
]

# Languages a volunteer can answer in; Sami languages first-class (seed 003 ch. 6.2.2).
LANGUAGE_CHOICES = [
    ("nb", _("Norsk bokmål")),
    ("nn", _("Nynorsk")),
    ("se", _("Nordsamisk")),
    ("smj", _("Lulesamisk")),
    ("sma", _("Sørsamisk")),
    ("en", _("Engelsk")),
    ("uk", _("Ukrainsk")),
    ("ar", _("Arabisk")),
    ("so", _("Somali")),
    ("pl", _("Polsk")),
]

GENDER_CHOICES = [
    ("", _("Vil ikke oppgi")),
    ("woman", _("Kvinne")),
    ("man", _("Mann")),
    ("other", _("Annet")),
]

# Norway's counties from 1 January 2024.
REGION_CHOICES = [
    ("", _("Vil ikke oppgi")),
    ("agder", "Agder"),
    ("akershus", "Akershus"),
    ("buskerud", "Buskerud"),
    ("finnmark", "Finnmark – Finnmárku"),
    ("innlandet", "Innlandet"),
    ("more-og-romsdal", "Møre og Romsdal"),
    ("nordland", "Nordland – Nordlánnda"),
    ("oslo", "Oslo"),
    ("rogaland", "Rogaland"),
    ("telemark", "Telemark"),
    ("troms", "Troms – Romsa"),
    ("trondelag", "Trøndelag – Trööndelage"),
    ("vestfold", "Vestfold"),
    ("vestland", "Vestland"),
    ("ostfold", "Østfold"),
]


class Policy(models.Model):
    """An organisation's rules for its volunteers."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="volunteer_policy")
    police_certificate_required = models.BooleanField(_("krever politiattest"), default=False)
    retention_days = models.PositiveIntegerField(
        _("dager før personopplysninger slettes etter avslutning"), default=365
    )


class Volunteer(models.Model):
    """One person's engagement with one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteerships")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="volunteers")
    pseudonym = models.CharField(max_length=12, unique=True, editable=False)  # kept after deletion
    stage = models.CharField(max_length=16, choices=STAGE_CHOICES, default=stages.APPLICANT)
    display_name = models.CharField(_("navn"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["display_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_volunteer_per_org")]

    def save(self, *args, **kwargs):
        if not self.pseudonym:
            self.pseudonym = "F-" + uuid.uuid4().hex[:8]
        super().save(*args, **kwargs)

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.personal_data_deleted_at:
            return self.pseudonym
        return self.display_name or self.user.get_full_name() or self.user.get_username()


class StageChange(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=STAGE_CHOICES, blank=True)
    to_stage = models.CharField(max_length=16, choices=STAGE_CHOICES)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Module(models.Model):
    """A course or module. Organisation empty: the shared catalogue (Trygge samtaler, RVTS)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="training_modules"
    )
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.SlugField(max_length=60)
    name = models.CharField(_("navn"), max_length=200)
    provider = models.CharField(_("tilbyder"), max_length=120, blank=True)
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=1, null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)  # where the facts come from

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="module_code_per_org")]

    def __str__(self):
        return self.name


class Requirement(models.Model):
    """A module required before someone may work a channel for the organisation (or one service)."""

    RESPONDER = "responder"
    LEADER = "leader"
    ROLE_CHOICES = [(RESPONDER, _("Frivillig / samtalepartner")), (LEADER, _("Vaktleder"))]

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="training_requirements")
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("kanal"), max_length=16, choices=CHANNEL_CHOICES)
    role = models.CharField(_("rolle"), max_length=16, choices=ROLE_CHOICES, default=RESPONDER)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="requirements")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "service", "channel", "role", "module"], name="unique_requirement")
        ]


class Completion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField(_("fullført"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="one_completion_per_module")]


class Declaration(models.Model):
    """A versioned document the organisation's volunteers sign (confidentiality, ethical guidelines)."""

    CONFIDENTIALITY = "confidentiality"
    ETHICS = "ethics"
    OTHER = "other"
    KIND_CHOICES = [(CONFIDENTIALITY, _("Taushetserklæring")), (ETHICS, _("Etiske retningslinjer")), (OTHER, _("Annet"))]

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES)
    version = models.PositiveIntegerField()
    title = models.CharField(_("tittel"), max_length=200)
    body = models.TextField(_("tekst"))
    lasts_after_end = models.BooleanField(_("gjelder også etter at man slutter"), default=False)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind", "version"], name="declaration_version")]

    def __str__(self):
        return f"{self.title} v{self.version}"


class Signature(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declaration_signatures")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [models.UniqueConstraint(fields=["declaration", "user"], name="sign_once")]


class SigningRequest(models.Model):
    """Another app (or the coordinator) asked this person to sign the current version of a kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_requests")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="requests")
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.CharField(max_length=60, blank=True)  # app or person that asked

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "declaration"], name="request_once")]


class PoliceCertificate(models.Model):
    """That a police certificate (politiattest) was seen, when and by whom. Never the document."""

    volunteer = models.OneToOneField(Volunteer, on_delete=models.CASCADE, related_name="police_certificate")
    seen_on = models.DateField(_("sett dato"))
    issued_on = models.DateField(_("utstedt dato"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = EncryptedTextField(_("merknad"), blank=True)


class LivedExperienceTag(models.Model):
    """A lived-experience tag defined by the organisation (for example «pårørende», «etterlatt»)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="lived_experience_tags")
    slug = models.SlugField(max_length=60)
    label = models.CharField(_("navn"), max_length=120)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="tag_per_org")]

    def __str__(self):
        return self.label


class Competence(models.Model):
    """What the person chooses to share. Lived experience is a special category: encrypted."""

    volunteer = models.OneToOneField(Volunteer, on_delete=models.CASCADE, related_name="competence")
    languages = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    gender = models.CharField(max_length=10, choices=GENDER_CHOICES, blank=True)
    region = models.CharField(max_length=30, choices=REGION_CHOICES, blank=True)
    lived_experience = EncryptedTextField(blank=True)  # JSON list of tag slugs, encrypted
    updated_at = models.DateTimeField(auto_now=True)
