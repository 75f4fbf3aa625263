from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "losen.chat"
    label = "chat"
    verbose_name = "Anonym chat"

    def ready(self):
        # No help seeker's address or chat token in the ASGI server's log. uvicorn configures
        # its loggers before it imports the application, so the filter is added here rather
        # than in settings.LOGGING.
        from datetime import timedelta

        from losen.chat import links, logfilter
        from losen.core import offers, scheduler

        logfilter.install()
        from django.db.backends.signals import connection_created

        connection_created.connect(_secure_delete, dispatch_uid="losen.chat.secure_delete")
        offers.register(links.offers)
        lease = timedelta(minutes=1)
        scheduler.register("chat.transfers", timedelta(seconds=15), "losen.chat.actions.transfers.expire_transfers", lease=lease)
        scheduler.register("chat.stale", timedelta(seconds=15), "losen.chat.actions.retention.end_stale", lease=lease)
        scheduler.register("chat.purge", timedelta(minutes=1), "losen.chat.actions.retention.purge", lease=timedelta(minutes=10))


def _secure_delete(sender, connection, **kwargs):
    """SQLite overwrites deleted rows (purged transcripts) instead of leaving them in free pages."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA secure_delete = ON")
