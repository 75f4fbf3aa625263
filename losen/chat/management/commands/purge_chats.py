"""`losen purge_chats`: delete chat transcripts past their service's retention period (unless
held by duty to avert), mark vanished queued chats as abandoned, return timed-out transfers.
The scheduler in every ASGI process runs the same jobs (`chat.transfers` and `chat.stale`
every 15 seconds, `chat.purge` every minute); this command is for cron, e.g. when no ASGI
process runs."""

from django.core.management.base import BaseCommand

from losen.chat import actions


class Command(BaseCommand):
    help = "Delete chat transcripts past their retention period; keep the anonymous contact records."

    def handle(self, *args, **options):
        counts = actions.housekeeping()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
