"""`losen demo`: migrate, load the directory, demo staff and chats, and serve on 127.0.0.1:8000."""

import importlib
import importlib.util
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from losen.demo import staff as demo
from losen.stats.models import Contact


def port_free(host: str, port: int) -> bool:
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Set up the embedded database with demo data (idempotent) and serve Losen with WebSockets."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Only prepare the data, do not serve.")

    def handle(self, *args, host, port, no_serve, **options):
        if settings.LOSEN_ENV == "production":
            raise CommandError("`losen demo` creates demo logins and refuses to run with LOSEN_ENV=production.")
        if not no_serve and not port_free(host, port):  # before the data work: one line, no traceback
            raise CommandError(f"Port {port} on {host} is busy. Choose another one: `losen demo --port {port + 1}` or `make demo PORT={port + 1}`.")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_directory", verbosity=0)
        first_new = (Contact.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        logins = demo.load()
        call_command("chat_demo", verbosity=0, stdout=open(os.devnull, "w"))
        for name in demo.APPS:  # each app's demo data: losen/demo/<app>.py with load() (idempotent)
            if importlib.util.find_spec(f"losen.demo.{name}") is not None:
                importlib.import_module(f"losen.demo.{name}").load()
        # Contact records the demo's own chats, letters, groups and cases wrote are demo data too, shown as such.
        Contact.objects.filter(id__gte=first_new, demo=False).update(demo=True)
        self.stdout.write(self.style.SUCCESS("Losen demo data is ready.") + f" Data folder: {settings.DATA_DIR}")
        self.stdout.write("Demo logins (password for all: %s):" % demo.PASSWORD)
        for row in logins:
            self.stdout.write(f"  {row['username']:<22} {row['role']:<20} {row['organisation']:<22} TOTP key {row['totp_key']}")
        self.stdout.write("Add a TOTP key to an authenticator app, or print the current code with `losen demo_code USERNAME`.")
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
        import uvicorn

        uvicorn.run("losen.asgi:application", host=host, port=port, access_log=False, log_level="warning", lifespan="on", ws_per_message_deflate=False)
