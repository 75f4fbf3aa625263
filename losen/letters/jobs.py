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

from losen.letters import rules
from losen.letters.models import Thread
from losen.stats.models import Contact

log = logging.getLogger("losen.letters")


def deadlines(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    flagged = Thread.objects.filter(free, status=Thread.WAITING, flagged_at__isnull=True, answer_by__lte=now + rules.FLAG_BEFORE).update(flagged_at=now)
    breached_ids = list(Thread.objects.filter(status=Thread.WAITING, breached_at__isnull=True, answer_by__lt=now).values_list("id", "contact_id"))
    if breached_ids:
        Thread.objects.filter(pk__in=[i for i, _c in breached_ids]).update(breached_at=now)
        Contact.objects.filter(pk__in=[c for _i, c in breached_ids if c]).update(deadline_met=False)
    return {"flagged": flagged, "breached": len(breached_ids)}


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



