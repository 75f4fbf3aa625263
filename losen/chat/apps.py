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
        offers.register(links.offers)
        scheduler.register("chat.purge", timedelta(minutes=1), "losen.chat.engine.purge")
