"""`losen import_calls FILE --service SLUG`: import a phone statistics CSV, all or nothing.
The format is in docs/phone-import.md; every bad line is listed with its number and reason."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from losen.stats import actions
from losen.stats.models import Contact


class Command(BaseCommand):
    help = "Import phone call statistics (CSV, one row per call) for a service. A file with errors changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--service", required=True, metavar="SLUG")

    def handle(self, *args, file, service, **options):
        Service = Contact._meta.get_field("service").related_model
        target = Service.objects.filter(slug=service).first()
        if target is None:
            raise CommandError(f"no service with slug {service!r}")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        result = actions.import_calls(target, data)
        if result.problems:
            for p in result.problems:
                where = _("linje %(n)s") % {"n": p.line_no} if p.line_no else _("filen")
                self.stderr.write(f"{file}:{p.line_no}: {where}: {_(p.message) % p.params}")
            raise CommandError(_("%(n)s feil: ingenting er importert.") % {"n": len(result.problems)})
        if result.duplicate:
            raise CommandError(_("Denne filen er allerede importert for tjenesten: ingenting er endret."))
        self.stdout.write(_("Importerte %(n)s anrop for %(service)s.") % {"n": result.created, "service": target.slug})
