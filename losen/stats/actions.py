"""The only writers of the statistics tables: every channel records its contacts through
`record_contact`/`update_contact`, closed pages count unmet demand through
`record_tried_while_closed`, and phone files come in through `import_calls`."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from losen.stats import phone_csv
from losen.stats.models import CallImport, Contact, TriedWhileClosed

FIELDS = {f.name for f in Contact._meta.get_fields()} - {"id"}


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def record_contact(*, organisation, channel: str, received_at: datetime, service=None, **fields) -> Contact:
    """Create the anonymous record of one contact. `received_at` is truncated to the hour;
    unknown field names raise TypeError, so nothing identifying slips in by accident."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    return Contact.objects.create(
        organisation=organisation, service=service, channel=channel, received_hour=_hour(received_at), **fields
    )


def update_contact(contact_id: int, **fields) -> int:
    """Update a record as the contact goes on (answered, ended, tagged). Returns rows changed."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    if "received_hour" in fields:
        fields["received_hour"] = _hour(fields["received_hour"])
    return Contact.objects.filter(pk=contact_id).update(**fields)


def record_tried_while_closed(service, channel: str, at: datetime, *, demo: bool = False) -> None:
    """Count one "tried while closed" (someone opened a closed channel and asked for the opening
    time) in the hour of `at`. No identifier is taken or kept: only +1 on an hourly counter."""
    if channel not in Contact.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    hour = _hour(at)
    key = {"service": service, "channel": channel, "hour": hour, "demo": demo}
    with transaction.atomic():
        updated = TriedWhileClosed.objects.filter(**key).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic():
                TriedWhileClosed.objects.create(organisation_id=service.organisation_id, count=1, **key)
        except IntegrityError:  # another request created the row first
            TriedWhileClosed.objects.filter(**key).update(count=F("count") + 1)


@dataclass
class ImportResult:
    created: int
    problems: list  # phone_csv.Problem; empty when the import went through
    duplicate: bool = False
    batch: CallImport | None = None


def import_calls(service, data: bytes, *, user=None, now: datetime | None = None) -> ImportResult:
    """Import a phone statistics file for `service`: all or nothing. A file with any bad line,
    or a file already imported for this service, changes nothing."""
    calls, problems = phone_csv.parse(data, now=now)
    if problems:
        return ImportResult(0, problems)
    digest = hashlib.sha256(data).hexdigest()
    if CallImport.objects.filter(service=service, sha256=digest).exists():
        return ImportResult(0, [], duplicate=True)
    with transaction.atomic():
        hours = [_hour(c.start) for c in calls]
        batch = CallImport.objects.create(
            service=service, sha256=digest, rows=len(calls), first_hour=min(hours), last_hour=max(hours), imported_by=user
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    organisation_id=service.organisation_id,
                    service=service,
                    channel=Contact.Channel.PHONE,
                    received_hour=hour,
                    outcome=Contact.Outcome.ANSWERED if c.answered else Contact.Outcome.ABANDONED_QUEUE,
                    wait_seconds=c.queue_seconds,
                    handle_seconds=c.talk_seconds if c.answered else None,
                    line=c.line,
                    batch=batch,
                )
                for c, hour in zip(calls, hours)
            ],
            batch_size=2000,
        )
    return ImportResult(len(calls), [], batch=batch)
