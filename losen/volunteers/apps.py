from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "losen.volunteers"
    label = "volunteers"
    verbose_name = "Frivillige"
