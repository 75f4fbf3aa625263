from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "losen.groups"
    label = "groups"
    verbose_name = "Samtalegrupper"

    def ready(self):
        from datetime import timedelta

        from losen.core import offers, scheduler
        from losen.groups import links

        offers.register(links.offers)
        scheduler.register("groups.retention", timedelta(minutes=1), "losen.groups.actions.purge")
