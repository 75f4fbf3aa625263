from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "losen.chat"
    label = "chat"
    verbose_name = "Anonym chat"

    def ready(self):
        # No help seeker's address or chat token in the ASGI server's log. uvicorn configures
        # its loggers before it imports the application, so the filter is added here rather
        # than in settings.LOGGING. (The retention job runs from losen.chat.lifespan at
        # start-up and every minute from consumers.Hub.)
        from losen.chat import logfilter

        logfilter.install()
