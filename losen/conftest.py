"""Shared test fixtures: staff of every role in two organisations, signed in with a verified
second factor, and the shipped directory."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User


@pytest.fixture
def orgs(db):
    return {
        "a": Organisation.objects.get_or_create(slug="org-a", defaults={"name": "Organisasjon A"})[0],
        "b": Organisation.objects.get_or_create(slug="org-b", defaults={"name": "Organisasjon B"})[0],
    }


def make_staff(username, role, organisation=None, password="correct horse battery staple"):
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def sign_in(client, user):
    """Sign in with a confirmed TOTP device marked as verified, as after the real two steps."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_of(orgs):
    """staff_of(role, org_key='a') -> a user holding that role (platform roles ignore org)."""

    def build(role, org_key="a"):
        org = None if role in roles.PLATFORM_ROLES else orgs[org_key]
        return make_staff(f"{role}-{org_key if org else 'platform'}", role, org)

    return build


@pytest.fixture
def client_as(client, staff_of):
    def build(role, org_key="a"):
        return sign_in(client, staff_of(role, org_key))

    return build


@pytest.fixture
def directory(db):
    from losen.directory import catalogue, loader

    loader.load()
    catalogue.invalidate()
    return catalogue
