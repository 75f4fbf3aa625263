"""Default-deny: every view declares who may use it, and each staff view refuses every other
role and the wrong organisation."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from losen.accounts import roles
from losen.core.access import Access

# The Django admin has its own gate: is_staff plus a verified second factor (OTPAdminSite).
UNDECLARED_OK = ("admin:",)


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}", p.callback


def all_views():
    return list(walk(get_resolver().url_patterns))


def test_every_view_declares_its_access():
    missing = [
        (route, name)
        for route, name, view in all_views()
        if not isinstance(getattr(view, "losen_access", None), Access) and not name.startswith(UNDECLARED_OK)
    ]
    assert missing == []


def staff_views():
    return [(route, name, view.losen_access) for route, name, view in all_views() if getattr(view, "losen_access", None) and not view.losen_access.public]


SAMPLE = {"<slug:org>": "org-a", "<int:membership_id>": "999999", "<int:user_id>": "999999", "<slug:slug>": "kirkens-sos", "<int:pk>": "999999", "<uuid:token>": "00000000-0000-0000-0000-000000000000", "<str:service_id>": "x", "<int:case_id>": "999999", "<int:contact_id>": "999999", "<int:room_id>": "999999", "<int:shift_id>": "999999", "<int:message_id>": "999999"}


def concrete(route):
    path = "/" + route
    for placeholder, value in SAMPLE.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"add a sample value for {path}"
    return path


def _refused(response):
    return response.status_code in (401, 403)


@pytest.mark.django_db
def test_staff_views_answer_only_their_roles(client, staff_of):
    from losen.conftest import sign_in

    checked = 0
    for route, name, access in staff_views():
        path = concrete(route)
        for role in roles.ALL:
            client.logout()
            sign_in(client, staff_of(role))
            response = client.get(path)
            if role in access.roles:
                assert not _refused(response), f"{role} refused at {path}"
            else:
                assert _refused(response), f"{role} let in at {path} ({response.status_code})"
            checked += 1
    assert checked > 0


@pytest.mark.django_db
def test_organisation_views_refuse_the_wrong_organisation(client, staff_of):
    from losen.conftest import sign_in

    for route, name, access in staff_views():
        if not access.org_kwarg:
            continue
        path = concrete(route)
        for role in access.roles & set(roles.ORGANISATION_ROLES):
            client.logout()
            sign_in(client, staff_of(role, "b"))
            response = client.get(path)
            assert _refused(response), f"{role} of org-b let in at {path}"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(client):
    for route, name, access in staff_views():
        path = concrete(route)
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code == 401
            assert response["Content-Type"].startswith("application/problem+json")
        else:
            assert response.status_code == 302 and "/staff/logg-inn/" in response["Location"], path


@pytest.mark.django_db
def test_password_alone_is_not_enough(client, staff_of):
    """A session that has passed the password but not the second factor gets nowhere."""
    user = staff_of(roles.SERVICE_ADMIN)
    client.force_login(user)
    for route, name, access in staff_views():
        response = client.get(concrete(route))
        assert response.status_code in (302, 401), route
