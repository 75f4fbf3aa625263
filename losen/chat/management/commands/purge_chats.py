"""`losen purge_chats`: delete chat transcripts past their service's retention period (unless
held by duty to avert), mark vanished queued chats as abandoned, return timed-out transfers.
Run it from a timer (e.g. every 5 minutes); every ASGI process also runs it at start-up and
then periodically."""

from django.core.management.base import BaseCommand

from losen.chat import engine


class Command(BaseCommand):
    help = "Delete chat transcripts past their retention period; keep the anonymous contact records."

    def handle(self, *args, **options):
        counts = engine.purge()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
