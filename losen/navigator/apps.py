from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "losen.navigator"
    label = "navigator"
    verbose_name = "Finn hjelp"
