"""`losen stats --organisation SLUG --from YYYY-MM-DD --to YYYY-MM-DD` (or `--national`):
one JSON object with the indicators, by channel and by service, small numbers suppressed."""

import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from losen.accounts.models import Organisation
from losen.stats import queries, report
from losen.stats.models import Contact


def _date(value, name):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name} must be a date YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Print the statistics indicators for an organisation or the whole country as one JSON object."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--organisation", metavar="SLUG")
        who.add_argument("--national", action="store_true")
        parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD", help="last day included")
        parser.add_argument("--channel", choices=Contact.Channel.values)

    def handle(self, *args, organisation, national, start, end, channel, **options):
        start, end = _date(start, "from"), _date(end, "to")
        if end < start:
            raise CommandError("--to is before --from")
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"no organisation with slug {organisation!r}")
        scope = queries.Scope(start, end + timedelta(days=1), organisation_id=org.id if org else None, channel=channel)
        data = report.summary(scope, service_names=service_slugs())
        out = {
            "scope": {"organisation": organisation, "national": bool(national), "from": start.isoformat(), "to": end.isoformat(), "channel": channel},
            "demo": queries.is_demo(scope),
            **data,
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False, default=str))


def service_slugs():
    Service = Contact._meta.get_field("service").related_model
    return dict(Service.objects.values_list("id", "slug"))
