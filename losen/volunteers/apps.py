from datetime import timedelta

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "losen.volunteers"
    label = "volunteers"
    verbose_name = "Frivillige"

    def ready(self):
        from losen.core import scheduler

        # Personal data of volunteers who ended is deleted after the organisation's retention period.
        scheduler.register("volunteers.retention", timedelta(hours=6), "losen.volunteers.actions.purge_expired")
