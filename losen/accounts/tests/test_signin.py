"""Staff sign in with a password and then a TOTP code; nobody gets in on the password alone."""

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import User
from losen.audit.models import AuditEvent
from losen.conftest import make_staff, sign_in

PASSWORD = "correct horse battery staple"


def code_for(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def volunteer(orgs):
    user = make_staff("frivillig", roles.VOLUNTEER, orgs["a"])
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.mark.django_db
def test_password_then_totp_signs_in_and_is_audited(client, volunteer):
    response = client.post("/staff/logg-inn/", {"username": "frivillig", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/logg-inn/kode/"
    assert client.get("/staff/").status_code == 302  # not yet signed in
    device = TOTPDevice.objects.get(user=volunteer)
    response = client.post("/staff/logg-inn/kode/", {"token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Frivillig" in page.content.decode()
    assert AuditEvent.objects.filter(actor=volunteer, action="sign_in").exists()


@pytest.mark.django_db
def test_wrong_code_is_refused_in_the_users_language(client, volunteer):
    client.post("/staff/logg-inn/", {"username": "frivillig", "password": PASSWORD})
    response = client.post("/staff/logg-inn/kode/", {"token": "000000"})
    assert response.status_code == 200
    assert "Koden stemmer ikke" in response.content.decode()
    client.cookies["losen_language"] = "en"
    response = client.post("/staff/logg-inn/kode/", {"token": "abc"})
    assert "six digits" in response.content.decode()


@pytest.mark.django_db
def test_first_sign_in_enrols_an_authenticator_app(client, orgs):
    user = make_staff("ny", roles.SHIFT_LEADER, orgs["a"])
    response = client.post("/staff/logg-inn/", {"username": "ny", "password": PASSWORD})
    assert response["Location"] == "/staff/logg-inn/ny-app/"
    page = client.get("/staff/logg-inn/ny-app/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/staff/logg-inn/ny-app/", {"token": code_for(device)})
    assert response["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_for_a_while(client, volunteer):
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        client.post("/staff/logg-inn/", {"username": "frivillig", "password": "wrong"})
    response = client.post("/staff/logg-inn/", {"username": "frivillig", "password": PASSWORD})
    assert "For mange mislykkede forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == settings.LOSEN_SIGNIN_MAX_FAILURES


@pytest.mark.django_db
def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_admin_resets_a_password_and_the_member_must_choose_a_new_one(client, orgs, volunteer):
    admin = make_staff("admin-a", roles.SERVICE_ADMIN, orgs["a"])
    sign_in(client, admin)
    response = client.post(f"/staff/org/org-a/brukere/{volunteer.pk}/nullstill/")
    assert response.status_code == 200
    temporary = response.context["temporary"]
    assert not TOTPDevice.objects.filter(user=volunteer).exists()
    assert AuditEvent.objects.filter(actor=admin, action="password_reset", target_id=str(volunteer.pk)).exists()
    client.logout()
    client.post("/staff/logg-inn/", {"username": "frivillig", "password": temporary})
    device, _ = TOTPDevice.objects.get_or_create(user=volunteer, confirmed=False, defaults={"name": "app"})
    client.get("/staff/logg-inn/ny-app/")
    device = TOTPDevice.objects.get(user=volunteer)
    response = client.post("/staff/logg-inn/ny-app/", {"token": code_for(device)})
    assert response["Location"] == "/staff/passord/"
    assert client.get("/staff/")["Location"] == "/staff/passord/"
    new = "a much longer new passphrase 2026"
    response = client.post("/staff/passord/", {"new_password": new, "repeat": new})
    assert response["Location"] == "/staff/"
    volunteer.refresh_from_db()
    assert volunteer.check_password(new) and not volunteer.must_change_password


@pytest.mark.django_db
def test_admin_of_another_organisation_cannot_reset(client, orgs, volunteer):
    sign_in(client, make_staff("admin-b", roles.SERVICE_ADMIN, orgs["b"]))
    response = client.post(f"/staff/org/org-b/brukere/{volunteer.pk}/nullstill/")
    assert response.status_code == 404
    response = client.post(f"/staff/org/org-a/brukere/{volunteer.pk}/nullstill/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_one_person_can_hold_roles_in_two_organisations(client, orgs):
    user = make_staff("vikar", roles.VOLUNTEER, orgs["a"])
    make_staff("vikar", roles.SERVICE_ADMIN, orgs["b"])
    sign_in(client, user)
    assert client.get("/staff/org/org-b/medlemmer/").status_code == 200
    assert client.get("/staff/org/org-a/medlemmer/").status_code == 403


@pytest.mark.django_db
def test_service_admin_grants_and_revokes_roles_with_audit(client, orgs):
    admin = make_staff("admin-a", roles.SERVICE_ADMIN, orgs["a"])
    other = User.objects.create_user("ny-frivillig", password=PASSWORD)
    sign_in(client, admin)
    client.post("/staff/org/org-a/medlemmer/", {"username": "ny-frivillig", "role": roles.VOLUNTEER})
    membership = other.memberships.get()
    assert AuditEvent.objects.filter(action="role_granted", organisation=orgs["a"]).exists()
    client.post(f"/staff/org/org-a/medlemmer/{membership.pk}/fjern/")
    assert not other.memberships.exists()
    assert AuditEvent.objects.filter(action="role_revoked").exists()
    page = client.get("/staff/org/org-a/logg/")
    assert "role_revoked" in page.content.decode()
