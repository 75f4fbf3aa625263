from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "losen.chat"
    label = "chat"
    verbose_name = "Anonym chat"
