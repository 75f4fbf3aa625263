from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "losen.letters"
    label = "letters"
    verbose_name = "Skriv til oss"

    def ready(self):
        from datetime import timedelta

        from losen.core import offers, scheduler
        from losen.letters import links

        offers.register(links.offers)
        scheduler.register("letters.deadlines", timedelta(minutes=1), "losen.letters.jobs.deadlines")
        scheduler.register("letters.retention", timedelta(minutes=5), "losen.letters.jobs.purge")
