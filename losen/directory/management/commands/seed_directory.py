from django.core.management.base import BaseCommand

from losen.directory import loader


class Command(BaseCommand):
    help = "Load the help services and emergency contacts that ship with Losen (idempotent)."

    def handle(self, *args, **options):
        counts = loader.load()
        self.stdout.write(
            f"Directory: {counts['created']} created, {counts['updated']} updated, {counts['kept']} unchanged."
        )
