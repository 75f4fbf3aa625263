from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "losen.stats"
    label = "stats"
    verbose_name = "Statistikk"
