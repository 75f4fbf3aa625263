from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "losen.rota"
    label = "rota"
    verbose_name = "Vaktplan"
