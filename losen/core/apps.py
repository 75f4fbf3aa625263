from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "losen.core"
    label = "core"
    verbose_name = "Losen"
