"""`losen demo` prepares everything idempotently; running it twice duplicates nothing."""

import pytest
from django.core.management import call_command

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User
from losen.demo import staff as demo
from losen.directory.models import EmergencyContact, Service


@pytest.mark.django_db
def test_demo_twice_creates_everything_once(capsys):
    call_command("demo", no_serve=True)
    first = (User.objects.count(), Membership.objects.count(), Organisation.objects.count(), Service.objects.count())
    call_command("demo", no_serve=True)
    second = (User.objects.count(), Membership.objects.count(), Organisation.objects.count(), Service.objects.count())
    assert first == second
    assert Service.objects.count() == 48 and EmergencyContact.objects.count() == 4
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(roles.ALL)
    out = capsys.readouterr().out
    assert "ks-vaktleder" in out and demo.PASSWORD in out


@pytest.mark.django_db
def test_demo_code_prints_a_valid_totp_code(capsys):
    call_command("demo", no_serve=True)
    call_command("demo_code", "ks-frivillig")
    code = capsys.readouterr().out.strip().splitlines()[-1]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="ks-frivillig")
    assert device.verify_token(code)
