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


# --- one sign-in path, no lockout of others (issue 9, findings 1, 2 and 9) -------------------

A, B, C, D = "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"


def _password(client, username, password, addr, path="/staff/logg-inn/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=addr)


def _full_sign_in(client, user, addr, next_path="/staff/logg-inn/"):
    response = _password(client, user.username, PASSWORD, addr, path=next_path)
    if response.status_code != 302:
        return response
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return client.post("/staff/logg-inn/kode/", {"token": code_for(device)}, REMOTE_ADDR=addr)


@pytest.mark.django_db
def test_admin_login_is_the_staff_sign_in_and_a_locked_account_gets_nothing_there(client, volunteer):
    volunteer.is_staff = volunteer.is_superuser = True
    volunteer.save()
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        _password(client, "frivillig", "wrong", A)
    device = TOTPDevice.objects.get(user=volunteer)
    # Django's own admin form (username, password, otp_device, otp_token) gets nothing.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "frivillig", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": code_for(device)},
        REMOTE_ADDR=A,
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/logg-inn/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/", REMOTE_ADDR=A).status_code == 302
    assert client.get("/admin/", REMOTE_ADDR=A).status_code == 302
    assert client.get("/admin/directory/service/", REMOTE_ADDR=A).status_code == 302
    # the staff sign-in it leads to keeps the lock, with the same message for right and wrong passwords
    right = _password(client, "frivillig", PASSWORD, A, path="/staff/logg-inn/?next=/admin/")
    wrong = _password(client, "frivillig", "wrong", A, path="/staff/logg-inn/?next=/admin/")
    assert "For mange mislykkede forsøk" in right.content.decode()
    assert "For mange mislykkede forsøk" in wrong.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_opens_after_the_staff_sign_in_with_its_second_factor(client, volunteer):
    volunteer.is_staff = volunteer.is_superuser = True
    volunteer.save()
    login_page = client.get("/admin/")["Location"]
    assert login_page.startswith("/admin/login/")
    sign_in_page = client.get(login_page)["Location"]
    response = _full_sign_in(client, volunteer, A, next_path=sign_in_page)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_an_offsite_next_is_ignored(client, volunteer):
    response = _full_sign_in(client, volunteer, A, next_path="/staff/logg-inn/?next=https://evil.example/")
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
def test_typing_a_colleagues_name_five_times_locks_only_yourself(client, volunteer):
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        _password(client, "frivillig", "wrong", A)
    assert "For mange mislykkede forsøk" in _password(client, "frivillig", PASSWORD, A).content.decode()
    response = _full_sign_in(client, volunteer, B)  # the volunteer on shift, another client
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_failed_codes_count_towards_the_same_lock(client, volunteer):
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        _password(client, "frivillig", PASSWORD, A)
        client.post("/staff/logg-inn/kode/", {"token": "000000"}, REMOTE_ADDR=A)
    response = _full_sign_in(client, volunteer, A)
    assert "For mange mislykkede forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_slow_down_per_name_never_blocks_a_client_that_has_not_failed(client, volunteer, settings):
    settings.LOSEN_SIGNIN_SLOWDOWN_AFTER = 3
    for addr in (A, B, C):  # a spread-out guesser: one failure from each of three clients
        assert "Feil brukernavn eller passord" in _password(client, "frivillig", "wrong", addr).content.decode()
    slowed = _password(client, "frivillig", "wrong", A).content.decode()
    assert "Vent" in slowed and "Feil brukernavn" not in slowed
    # even the right password waits on a client that has failed
    assert "Vent" in _password(client, "frivillig", PASSWORD, B).content.decode()
    # the volunteer's own phone has not failed: straight in
    response = _full_sign_in(client, volunteer, D)
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
def test_unknown_names_leave_no_row_and_lock_like_known_ones(client, volunteer):
    from losen.accounts.models import SignInThrottle

    for i in range(40):
        _password(client, f"finnes-ikke-{i}", "wrong", A)
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        _password(client, "finnes-ikke", "wrong", B)
    assert SignInThrottle.objects.count() == 0
    # the same answer as for a real account: the lock does not reveal which names exist
    assert "For mange mislykkede forsøk" in _password(client, "finnes-ikke", "wrong", B).content.decode()
    _password(client, "frivillig", "wrong", A)
    assert list(SignInThrottle.objects.values_list("username", flat=True)) == ["frivillig"]


@pytest.mark.django_db
def test_no_address_is_stored(client, volunteer):
    from losen.accounts.models import SignInThrottle

    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES + 1):
        _password(client, "frivillig", "wrong", A)
    for row in SignInThrottle.objects.values():
        assert A not in str(row)
    for event in AuditEvent.objects.values():
        assert A not in str(event)


@pytest.mark.django_db
def test_a_reset_lifts_every_lock(client, orgs, volunteer):
    for _ in range(settings.LOSEN_SIGNIN_MAX_FAILURES):
        _password(client, "frivillig", "wrong", A)
    admin = make_staff("admin-a", roles.SERVICE_ADMIN, orgs["a"])
    admin_client = type(client)()
    sign_in(admin_client, admin)
    temporary = admin_client.post(f"/staff/org/org-a/brukere/{volunteer.pk}/nullstill/").context["temporary"]
    response = _password(client, "frivillig", temporary, A)
    assert response.status_code == 302 and response["Location"] == "/staff/logg-inn/ny-app/"


@pytest.mark.django_db
def test_a_reset_is_audited_and_announced_in_every_organisation_of_the_member(client, orgs, volunteer):
    make_staff("frivillig", roles.VOLUNTEER, orgs["b"])  # the same person volunteers in B too
    admin_a = make_staff("admin-a", roles.SERVICE_ADMIN, orgs["a"])
    admin_b = make_staff("admin-b", roles.SERVICE_ADMIN, orgs["b"])
    sign_in(client, admin_a)
    assert client.post(f"/staff/org/org-a/brukere/{volunteer.pk}/nullstill/").status_code == 200
    for org in (orgs["a"], orgs["b"]):
        assert AuditEvent.objects.filter(
            organisation=org, action="password_reset", actor=admin_a, target_id=str(volunteer.pk)
        ).count() == 1
    client.logout()
    sign_in(client, admin_b)
    home = client.get("/staff/").content.decode()
    assert "Organisasjon A" in home and "frivillig" in home and "nullstilte" in home
    assert "password_reset" in client.get("/staff/org/org-b/logg/").content.decode()
    client.cookies["losen_language"] = "en"
    assert "reset the password" in client.get("/staff/").content.decode()
    # the resetting organisation's own admin sees no notice about it
    client.logout()
    client.cookies["losen_language"] = "nb"
    sign_in(client, admin_a)
    assert "nullstilte" not in client.get("/staff/").content.decode()
