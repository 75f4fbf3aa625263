"""Periodic work, run by the one scheduler (`losen.core.scheduler`, registered in
`LettersConfig.ready()`) and by `losen letters_jobs` for cron. Never from visitors' requests.

- `deadlines`: a waiting thread two hours from its deadline with nobody holding it is flagged
  to the shift leader and coordinator (their home page); a passed deadline is recorded as a
  breach on the thread and in the anonymous contact record, never hidden.
- `purge`: deletes threads by the two retention rules (`rules.deletion_due`), except those held
  under the duty to avert; the contact record stays and says whether the answer was picked up.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.letters import rules
from losen.letters.models import Thread
from losen.stats.models import Contact

log = logging.getLogger("losen.letters")


def deadlines(now: datetime | None = None) -> dict:
    """Flag and record. Each flag and each breach is also an audit event of the organisation
    (`letters_deadline_flagged`, `letters_deadline_breached`), which nothing deletes: answering,
    closing or transferring the thread later ends the flag, never the record."""
    now = now or timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    due = Thread.objects.filter(free, status=Thread.WAITING, flagged_at__isnull=True, answer_by__lte=now + rules.FLAG_BEFORE)
    to_flag = list(due.values_list("id", "service__service__organisation_id"))
    flagged = Thread.objects.filter(pk__in=[i for i, _o in to_flag], flagged_at__isnull=True).update(flagged_at=now) if to_flag else 0
    breached = list(
        Thread.objects.filter(status=Thread.WAITING, breached_at__isnull=True, answer_by__lt=now).values_list("id", "contact_id", "service__service__organisation_id")
    )
    with transaction.atomic():
        if breached:
            Thread.objects.filter(pk__in=[i for i, _c, _o in breached]).update(breached_at=now)
            Contact.objects.filter(pk__in=[c for _i, c, _o in breached if c]).update(deadline_met=False)
        events = [_event("letters_deadline_flagged", tid, org, now) for tid, org in to_flag]
        events += [_event("letters_deadline_breached", tid, org, now) for tid, _c, org in breached]
        AuditEvent.objects.bulk_create(events, batch_size=500)
    return {"flagged": flagged, "breached": len(breached)}


def _event(action, thread_id, organisation_id, now):
    return AuditEvent(
        actor=None, actor_name="losen.letters.jobs", organisation_id=organisation_id, action=action,
        target_type="letters.thread", target_id=str(thread_id), detail={"at": now.isoformat()},
    )


def purge(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    doomed, held = [], 0
    rows = Thread.objects.values_list(
        "id", "last_message_at", "last_answer_at", "answer_read_at", "service__read_retention_days", "avert", "contact_id", "first_answer_at"
    )
    contacts_unread = []
    for tid, last_message, last_answer, read, days, avert, contact_id, first_answer in rows.iterator(chunk_size=2000):
        if now < rules.deletion_due(last_message, last_answer, read, days):
            continue
        if avert in Thread.AVERT_HOLDING:
            held += 1
            continue
        doomed.append(tid)
        if contact_id and first_answer is not None and read is None:
            contacts_unread.append(contact_id)
    for start in range(0, len(doomed), 500):
        with transaction.atomic():
            Thread.objects.filter(pk__in=doomed[start : start + 500]).delete()
    if contacts_unread:
        Contact.objects.filter(pk__in=contacts_unread).update(answer_picked_up=False)
    if doomed:
        log.info("letters retention: deleted %d threads", len(doomed))
    return {"deleted": len(doomed), "held": held}


def run_all(now: datetime | None = None) -> dict:
    return {"deadlines": deadlines(now), "purge": purge(now)}



