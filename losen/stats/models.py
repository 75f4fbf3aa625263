"""The one anonymous contact record for every channel (chat, message, phone, group, case,
inquiry). Nothing from the text and no identifier: the hour (not the minute), the outcome,
durations, and the optional answers in bands. Written only through `losen.stats.actions`."""

from django.db import models

# Channels where someone waits live for an answer: waits are compared for these only.
LIVE_CHANNELS = ("chat", "phone")
# Outcomes whose wait is a wait for an answer: answered (also if they left after), or gave up.
WAITED = ("answered", "abandoned_answered", "abandoned_queue")


class Contact(models.Model):
    class Channel(models.TextChoices):
        CHAT = "chat"
        MESSAGE = "message"
        PHONE = "phone"
        GROUP = "group"
        CASE = "case"
        INQUIRY = "inquiry"  # from professionals ("fra hjelpeapparatet")
        FORUM = "forum"

    class Outcome(models.TextChoices):
        OPEN = "open"  # not ended yet
        ANSWERED = "answered"
        ABANDONED_QUEUE = "abandoned_queue"
        ABANDONED_ANSWERED = "abandoned_answered"
        CLOSED = "closed"  # not served because the service was closed

    class Risk(models.TextChoices):
        NONE = "none"
        POSSIBLE = "possible"
        ACUTE = "acute"

    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    received_hour = models.DateTimeField(db_index=True)  # truncated to the hour
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.OPEN)
    wait_seconds = models.PositiveIntegerField(null=True, blank=True)
    handle_seconds = models.PositiveIntegerField(null=True, blank=True)
    first_contact = models.BooleanField(null=True)
    age_band = models.CharField(max_length=16, blank=True)
    gender = models.CharField(max_length=16, blank=True)
    county = models.CharField(max_length=32, blank=True)
    topics = models.JSONField(default=list, blank=True)  # taxonomy codes
    referrals = models.JSONField(default=list, blank=True)  # directory slugs
    transfers = models.PositiveSmallIntegerField(default=0)
    transferred_to = models.JSONField(default=list, blank=True)  # directory slugs
    escalations = models.PositiveSmallIntegerField(default=0)
    risk = models.CharField(max_length=8, choices=Risk.choices, default=Risk.NONE)
    deadline_met = models.BooleanField(null=True)  # messages: answered within the promise
    answer_picked_up = models.BooleanField(null=True)  # messages: the answer was read
    feedback = models.JSONField(default=dict, blank=True)  # fixed answers only
    wrap_up = models.CharField(max_length=24, blank=True)  # chat: the responder's fixed outcome code (supported, referred, emergency, ...)
    count = models.PositiveIntegerField(default=1)  # group sessions: participants present
    demo = models.BooleanField(default=False)  # synthetic demo data, shown as such
    line = models.CharField(max_length=40, blank=True)  # phone: which line (e.g. main line, answering network)
    batch = models.ForeignKey("stats.CallImport", null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "received_hour"]),
            models.Index(fields=["service", "received_hour"]),
            # The waits that wait percentiles are taken over (PostgreSQL only: a covering index),
            # in service and wait order: `queries.all_counts` reads them from the index alone,
            # already sorted for the per-service percentiles.
            models.Index(fields=["service", "wait_seconds"], include=["received_hour", "channel", "outcome", "organisation"],
                         condition=models.Q(channel__in=LIVE_CHANNELS, outcome__in=WAITED, wait_seconds__isnull=False), name="stats_contact_live_wait"),
        ]
        ordering = ["-received_hour"]


class TriedWhileClosed(models.Model):
    """Unmet demand: someone opened a closed channel and asked to be told the opening time.
    A count per service, channel and hour; nothing about who."""

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="tried_while_closed")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="tried_while_closed")
    channel = models.CharField(max_length=16, choices=Contact.Channel.choices)
    hour = models.DateTimeField(db_index=True)  # truncated to the hour
    count = models.PositiveIntegerField(default=0)
    demo = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "channel", "hour", "demo"], name="tried_closed_once_per_hour")]
        indexes = [models.Index(fields=["organisation", "hour"])]


class CallImport(models.Model):
    """One imported file of phone call statistics (see docs/phone-import.md). The same file
    cannot be imported twice for a service; deleting the import deletes its contacts."""

    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="call_imports")
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    first_hour = models.DateTimeField(null=True)
    last_hour = models.DateTimeField(null=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["service", "sha256"], name="call_file_once_per_service")]


class CapacityTarget(models.Model):
    """A service's target for one channel, used by the "Kapasitet" page: the share answered
    it aims for, and, when no rota says otherwise, the responders it plans per hour of the week."""

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="capacity_targets")
    channel = models.CharField(max_length=16, choices=Contact.Channel.choices, default=Contact.Channel.CHAT)
    target_answered = models.FloatField(default=0.9)
    planned_responders = models.JSONField(default=dict, blank=True)  # {"<weekday 0-6>-<hour>": n}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "channel"], name="one_target_per_channel")]
