"""`losen chat_demo`: turn the chat on for the demo services (idempotent).

Options for tests and the load bench (refused with LOSEN_ENV=production):
  --always            open around the clock instead of following the directory's hours
  --retention HOURS   retention for the demo services
  --responders N      create N extra responders for Kirkens SOS (bench-responder-1..N)
  --capacity C        max concurrent chats per responder
  --on-duty           put the demo responders on duty
  --sessions          print a JSON object {username: session cookie} of signed-in sessions
"""

import json

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User
from losen.chat import actions
from losen.chat.models import ChatService, Duty
from losen.directory.models import Service

DEMO = {
    "kirkens-sos": {"questions": ["age", "gender", "county", "before", "opening"], "daily_limit": 3, "max_concurrent": 2},
    "kors-pa-halsen": {"questions": ["age", "gender", "opening"], "max_concurrent": 2},
    "vo-linjen": {"questions": ["age", "county"], "max_concurrent": 2},
    "snakkommobbing": {"questions": ["age", "opening"], "weight": 2, "max_concurrent": 3},
    "snakkompsyken": {"questions": ["age", "opening"], "weight": 1, "max_concurrent": 3},
}


def session_cookie(user) -> str:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="chat-demo", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


class Command(BaseCommand):
    help = "Turn the chat on for the demo services (and, for tests and benches, make responders)."

    def add_arguments(self, parser):
        parser.add_argument("--always", action="store_true")
        parser.add_argument("--retention", type=int, default=None)
        parser.add_argument("--responders", type=int, default=0)
        parser.add_argument("--capacity", type=int, default=None)
        parser.add_argument("--on-duty", action="store_true")
        parser.add_argument("--sessions", action="store_true")

    def handle(self, *args, always, retention, responders, capacity, on_duty, sessions, **options):
        if (responders or sessions) and settings.LOSEN_ENV == "production":
            raise CommandError("--responders and --sessions are for tests and benches, not production.")
        with transaction.atomic():
            services = {}
            for slug, conf in DEMO.items():
                service = Service.objects.filter(slug=slug).first()
                if service is None:
                    continue
                defaults = {"enabled": True, **conf}
                if always:
                    defaults["hours"] = ChatService.HOURS_ALWAYS
                if retention is not None:
                    defaults["retention_hours"] = retention
                if capacity:
                    defaults["max_concurrent"] = capacity
                cs, _ = ChatService.objects.update_or_create(service=service, defaults=defaults)
                services[slug] = cs
            people = []
            if responders:
                org = Organisation.objects.get(slug="kirkens-sos")
                existing = set(User.objects.filter(username__startswith="bench-responder-").values_list("username", flat=True))
                new = [User(username=f"bench-responder-{i}") for i in range(1, responders + 1) if f"bench-responder-{i}" not in existing]
                for u in new:
                    u.set_unusable_password()
                User.objects.bulk_create(new)
                users = list(User.objects.filter(username__startswith="bench-responder-"))
                have = set(Membership.objects.filter(user__in=users, organisation=org).values_list("user_id", flat=True))
                Membership.objects.bulk_create([Membership(user=u, organisation=org, role=roles.VOLUNTEER) for u in users if u.pk not in have])
                people = users
        result = {"services": sorted(services)}
        if on_duty:
            for username in ("ks-frivillig", "ks-frivillig2", "ks-vaktleder", "rk-frivillig", "bk-frivillig"):
                user = User.objects.filter(username=username).first()
                if user is None:
                    continue
                membership = user.memberships.select_related("organisation").first()
                org_services = [cs for cs in services.values() if cs.service.organisation_id == membership.organisation_id]
                if org_services and not Duty.objects.filter(user=user, ended_at__isnull=True).exists():
                    actions.go_on_duty(user, membership.organisation, org_services, leader=membership.role == roles.SHIFT_LEADER)
            if people:
                org = Organisation.objects.get(slug="kirkens-sos")
                ks = services["kirkens-sos"]
                open_ = set(Duty.objects.filter(user__in=people, ended_at__isnull=True).values_list("user_id", flat=True))
                duties = Duty.objects.bulk_create([Duty(user=u, organisation=org, capacity=ks.max_concurrent) for u in people if u.pk not in open_])
                Duty.services.through.objects.bulk_create([Duty.services.through(duty_id=d.pk, chatservice_id=ks.pk) for d in duties])
        if sessions:
            names = [u.username for u in people] + ["ks-frivillig", "ks-frivillig2", "ks-vaktleder", "ks-koordinator", "rk-frivillig"]
            result["sessions"] = {u.username: session_cookie(u) for u in User.objects.filter(username__in=names)}
        self.stdout.write(json.dumps(result))
