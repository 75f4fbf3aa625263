"""One scheduler for every app's periodic work (retention, timeouts, deadlines, signals).

Apps register jobs in their `AppConfig.ready()`:

    from datetime import timedelta
    from losen.core import scheduler

    scheduler.register("chat.purge", timedelta(minutes=1), "losen.chat.retention.purge")

Every ASGI process runs `loop()` from the lifespan (`losen.core.lifespan`); `losen run_jobs`
runs due jobs once, for cron. Safe with several processes: a run is claimed with one
conditional UPDATE on `ScheduledJob` (`due_at <= now` → `due_at = now + lease`), which exactly
one process wins on SQLite and on PostgreSQL. After the job, `due_at` becomes finish + interval.
A process that dies mid-job leaves the lease, so the job runs again when the lease ends.
Jobs never run from visitors' requests.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.db import close_old_connections
from django.utils import timezone

log = logging.getLogger("losen.scheduler")

TICK_SECONDS = 5


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    target: str  # "package.module.function"
    lease: timedelta

    def function(self):
        module, _, attr = self.target.rpartition(".")
        return getattr(import_module(module), attr)


_jobs: dict[str, Job] = {}


def register(name: str, every: timedelta, target: str, lease: timedelta | None = None) -> None:
    _jobs[name] = Job(name, every, target, lease or max(every, timedelta(minutes=5)))


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def _claim(job: Job, now) -> bool:
    from losen.core.models import ScheduledJob

    ScheduledJob.objects.get_or_create(name=job.name, defaults={"due_at": now})
    return bool(
        ScheduledJob.objects.filter(name=job.name, due_at__lte=now).update(due_at=now + job.lease, last_started=now)
    )


def run_job(job: Job, force: bool = False) -> bool:
    """Run `job` if it is due (or `force`) and this process wins the claim. True if it ran."""
    from losen.core.models import ScheduledJob

    now = timezone.now()
    if force:
        ScheduledJob.objects.update_or_create(name=job.name, defaults={"due_at": now + job.lease, "last_started": now})
    elif not _claim(job, now):
        return False
    error = ""
    try:
        job.function()()
    except Exception as exc:  # one failing job never stops the others
        log.exception("scheduled job %s failed", job.name)
        error = type(exc).__name__[:200]
    finished = timezone.now()
    ScheduledJob.objects.filter(name=job.name).update(
        due_at=finished + job.every, last_finished=finished, last_error=error
    )
    return True


def run_due(force: bool = False, only: str | None = None) -> list[str]:
    ran = []
    for job in jobs():
        if only and job.name != only:
            continue
        if run_job(job, force=force):
            ran.append(job.name)
    return ran


def _tick() -> list[str]:
    close_old_connections()
    try:
        return run_due()
    finally:
        close_old_connections()


async def loop(stop: asyncio.Event) -> None:
    """Run due jobs every few seconds until `stop` is set (one task per ASGI process)."""
    from asgiref.sync import sync_to_async

    while not stop.is_set():
        try:
            await sync_to_async(_tick, thread_sensitive=False)()
        except Exception:
            log.exception("scheduler tick failed")
        try:
            await asyncio.wait_for(stop.wait(), TICK_SECONDS)
        except TimeoutError:
            pass
