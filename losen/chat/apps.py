from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "losen.chat"
    label = "chat"
    verbose_name = "Anonym chat"

    def ready(self):
        # No help seeker's address or chat token in the ASGI server's log. (The retention job
        # runs at start-up from the first request or socket of each process, see consumers.Hub,
        # or from losen.chat.lifespan when asgi.py wraps the application with it.)
        from losen.chat import logfilter

        logfilter.install()
