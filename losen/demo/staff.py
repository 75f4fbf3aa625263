"""Demo organisations and staff of every role. Idempotent: running it twice changes nothing.

The demo TOTP keys are derived from the user name so that they stay the same between runs.
Never used outside `losen demo` and the tests.
"""

import base64
import hashlib

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User

PASSWORD = "losen-demo-passord"

# Apps whose demo data lives in `losen/demo/<app>.py` with an idempotent `load()`, run in this
# order by `losen demo` after the staff, the directory and the chats.
APPS = ("volunteers", "rota", "stats", "letters", "groups", "forum", "cases")

ORGANISATIONS = {
    "kirkens-sos": "Kirkens SOS",
    "norges-rode-kors": "Norges Røde Kors",
    "bla-kors-kristiansand": "Blå Kors Kristiansand",
    "hjelpekilden": "Hjelpekilden",
}

# (username, role, organisation slug or None)
STAFF = [
    ("plattform", roles.PLATFORM_ADMIN, None),
    ("direktorat", roles.NATIONAL_STATISTICS, None),
    ("ks-frivillig", roles.VOLUNTEER, "kirkens-sos"),
    ("ks-frivillig2", roles.VOLUNTEER, "kirkens-sos"),
    ("ks-vaktleder", roles.SHIFT_LEADER, "kirkens-sos"),
    ("ks-koordinator", roles.COORDINATOR, "kirkens-sos"),
    ("ks-admin", roles.SERVICE_ADMIN, "kirkens-sos"),
    ("ks-statistikk", roles.STATISTICS_READER, "kirkens-sos"),
    ("rk-frivillig", roles.VOLUNTEER, "norges-rode-kors"),
    ("rk-vaktleder", roles.SHIFT_LEADER, "norges-rode-kors"),
    ("rk-admin", roles.SERVICE_ADMIN, "norges-rode-kors"),
    ("bk-frivillig", roles.VOLUNTEER, "bla-kors-kristiansand"),
    ("bk-vaktleder", roles.SHIFT_LEADER, "bla-kors-kristiansand"),
    ("hk-leder", roles.COORDINATOR, "hjelpekilden"),
    ("hk-leder", roles.SERVICE_ADMIN, "hjelpekilden"),
    ("hk-frivillig", roles.VOLUNTEER, "hjelpekilden"),
    # One person with roles in two organisations.
    ("vikar", roles.VOLUNTEER, "kirkens-sos"),
    ("vikar", roles.VOLUNTEER, "norges-rode-kors"),
]


def totp_key(username: str) -> str:
    return hashlib.sha256(f"losen-demo-totp:{username}".encode()).hexdigest()[:40]


def key_code(username: str) -> str:
    """The current one-time code of a demo user's derived key, without the database (for tests
    that sign in to a server with its own database)."""
    return f"{TOTP(bytes.fromhex(totp_key(username))).token():06d}"


def current_code(username: str) -> str | None:
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def load():
    orgs = {}
    for slug, name in ORGANISATIONS.items():
        orgs[slug], _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    rows = []
    for username, role, org_slug in STAFF:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            if role == roles.PLATFORM_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": totp_key(username), "confirmed": True})
        Membership.objects.get_or_create(user=user, organisation=orgs.get(org_slug), role=role)


        rows.append(
            {
                "username": username,
                "role": role,
                "organisation": org_slug or "(platform)",
                "totp_key": base64.b32encode(bytes.fromhex(totp_key(username))).decode(),
            }
        )
    return rows
