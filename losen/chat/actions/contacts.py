"""The chat side of the one anonymous contact record (`stats.Contact`), written through `losen.stats.actions`."""

from __future__ import annotations

from losen.stats.actions import update_contact


def _contact(contact_id, **fields) -> int:
    return update_contact(contact_id, **fields) if contact_id else 0


def _seconds(start, end) -> int:
    return max(0, int((end - start).total_seconds()))
