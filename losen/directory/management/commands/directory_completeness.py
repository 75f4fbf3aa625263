import json

from django.core.management.base import BaseCommand

from losen.directory import completeness, loader
from losen.directory.models import Service


class Command(BaseCommand):
    help = (
        "List what the directory does not know: channels without an address, hours unknown, "
        "audiences unknown, services without channels or website. Reads the database; --shipped "
        "reads the data files that ship with Losen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shipped", action="store_true", help="check the shipped data files, not the database")
        parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    def handle(self, *args, **options):
        if options["shipped"]:
            docs = loader.read_services()
        else:
            docs = [s.document for s in Service.objects.order_by("slug")]
        report = completeness.check(docs)
        if options["json"]:
            self.stdout.write(json.dumps(report.summary()))
        else:
            self.stdout.write(completeness.as_text(report), ending="")
