"""`losen run_jobs`: run the periodic jobs that are due (for cron), or one job with `--job`."""

from django.core.management.base import BaseCommand, CommandError

from losen.core import scheduler


class Command(BaseCommand):
    help = "Run due periodic jobs once (retention, timeouts, deadlines). Safe beside running servers."

    def add_arguments(self, parser):
        parser.add_argument("--job", help="Run only this job.")
        parser.add_argument("--force", action="store_true", help="Run even if not due yet.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs.")

    def handle(self, *args, job, force, list, **options):
        if list:
            for j in scheduler.jobs():
                self.stdout.write(f"{j.name}\tevery {int(j.every.total_seconds())} s\t{j.target}")
            return
        if job and job not in {j.name for j in scheduler.jobs()}:
            raise CommandError(f"No job named {job!r}. Known: {', '.join(j.name for j in scheduler.jobs())}")
        ran = scheduler.run_due(force=force, only=job)
        self.stdout.write("ran: " + (", ".join(ran) if ran else "nothing due"))
