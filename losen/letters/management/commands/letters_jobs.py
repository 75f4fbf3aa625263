"""`losen letters_jobs`: flag deadlines and apply retention once (for cron)."""

import json

from django.core.management.base import BaseCommand

from losen.letters import jobs


class Command(BaseCommand):
    help = "Flag message deadlines and delete threads past retention (the scheduler does this every minute)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(jobs.run_all()))
