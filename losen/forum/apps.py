from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "losen.forum"
    label = "forum"
    verbose_name = "Forum"

    def ready(self):
        from datetime import timedelta

        from losen.core import offers, scheduler
        from losen.forum import links

        offers.register(links.offers)
        scheduler.register("forum.retention", timedelta(hours=1), "losen.forum.actions.purge")
