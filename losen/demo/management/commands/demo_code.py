"""`losen demo_code USERNAME`: the current TOTP code of a demo login (demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from losen.demo import staff as demo


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo user (not available in production)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if settings.LOSEN_ENV == "production":
            raise CommandError("Not available with LOSEN_ENV=production.")
        code = demo.current_code(username)
        if code is None:
            raise CommandError(f"{username} is not a demo user with a second factor.")
        self.stdout.write(code)
