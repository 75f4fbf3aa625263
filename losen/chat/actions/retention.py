"""Periodic work, run by the scheduler (`losen.core.scheduler`) and `losen purge_chats`, never by requests."""

from __future__ import annotations

from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from losen.chat.actions.queueing import abandon, end
from losen.chat.actions.transfers import expire_transfers
from losen.chat.engine import (
    IDLE_END_SECONDS,
    STALE_QUEUE_SECONDS,
    log,
)
from losen.chat.models import Conversation, DutyToAvert, Message, Transfer

CHAT_TABLES = ("chat_message", "chat_transfer", "chat_conversation")


def end_stale(now=None) -> dict:
    """Queued chats whose page or socket went quiet are abandoned; live chats silent for
    IDLE_END_SECONDS are ended. The scheduler runs this every 15 seconds."""
    now = now or timezone.now()
    counts = {"abandoned": 0, "ended": 0}
    stale = now - timedelta(seconds=STALE_QUEUE_SECONDS)
    for conv in Conversation.objects.filter(state=Conversation.QUEUED, last_seen__lt=stale):
        counts["abandoned"] += abandon(conv, by="system")
    idle = now - timedelta(seconds=IDLE_END_SECONDS)
    for conv in Conversation.objects.filter(state__in=Conversation.LIVE_STATES, last_seen__lt=idle).select_related("service__service"):
        if not Message.objects.filter(conversation=conv, created_at__gte=idle).exists():
            counts["ended"] += end(conv, by="system")
    return counts


def purge(now=None) -> dict:
    """Delete transcripts past their service's retention period unless held by duty to avert.
    The contact records stay (they hold nothing from the text). On PostgreSQL the chat tables
    are vacuumed afterwards, so the deleted text does not linger in the heap files as dead
    rows (the volume must still be encrypted at rest: WAL and backups hold it for a while)."""
    now = now or timezone.now()
    counts = {"deleted": 0, "held": 0}
    held = set(DutyToAvert.objects.filter(state__in=DutyToAvert.HOLDING, conversation__isnull=False).values_list("conversation_id", flat=True))
    doomed = []
    for conv_id, ended_at, hours in Conversation.objects.filter(state__in=(Conversation.ENDED, Conversation.ABANDONED)).values_list(
        "id", "ended_at", "service__retention_hours"
    ):
        if ended_at is None or ended_at + timedelta(hours=hours) > now:
            continue
        if conv_id in held:
            counts["held"] += 1
            continue
        doomed.append(conv_id)
    for start in range(0, len(doomed), 500):
        chunk = doomed[start : start + 500]
        with transaction.atomic():
            Message.objects.filter(conversation_id__in=chunk).delete()
            Transfer.objects.filter(conversation_id__in=chunk).delete()
            Conversation.objects.filter(pk__in=chunk).delete()
    counts["deleted"] = len(doomed)
    if doomed:
        log.info("chat retention: deleted %d transcripts", len(doomed))
        counts["vacuumed"] = vacuum()
    return counts


def vacuum() -> bool:
    """Rewrite the chat tables on PostgreSQL after a purge, outside any transaction.

    A plain VACUUM marks the dead rows' space free but leaves their bytes in the page until
    something overwrites them (a test reads the heap file to prove it), so the tables holding
    text (messages, handover summaries) get `VACUUM FULL`, which writes a fresh file. It holds
    an exclusive lock while it runs, bounded by a short lock_timeout: if live chats keep the
    table busy, a plain VACUUM runs now and the next purge tries again. SQLite needs nothing:
    it runs with secure_delete, which overwrites deleted rows."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cur:
        cur.execute("SET lock_timeout = '2s'")
        try:
            cur.execute("VACUUM FULL chat_message, chat_transfer")
            full = True
        except DatabaseError:
            log.warning("chat retention: VACUUM FULL could not get its lock; plain VACUUM instead")
            full = False
        finally:
            cur.execute("RESET lock_timeout")
        cur.execute("VACUUM " + ", ".join(CHAT_TABLES))
    return full


def housekeeping(now=None) -> dict:
    """Everything periodic at once, for `losen purge_chats` from cron."""
    now = now or timezone.now()
    return {"transfers_returned": expire_transfers(now), **end_stale(now), **purge(now)}
