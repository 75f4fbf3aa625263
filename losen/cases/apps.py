from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "losen.cases"
    label = "cases"
    verbose_name = "Oppfølging"

    def ready(self):
        from datetime import timedelta

        from losen.cases import convert, links
        from losen.core import conversions, offers, scheduler

        offers.register(links.offers)
        conversions.register(convert)
        scheduler.register("cases.retention", timedelta(hours=1), "losen.cases.actions.purge_expired")
        scheduler.register("cases.dependency", timedelta(hours=6), "losen.cases.actions.dependency_scan")
