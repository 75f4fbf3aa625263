"""The only writers of `Contact`: every channel records its contacts through these two calls."""

from datetime import datetime

from losen.stats.models import Contact

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
