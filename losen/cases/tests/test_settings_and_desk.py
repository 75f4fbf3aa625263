"""The service admin's settings page (retention, max cases per volunteer, the service's own Jitsi
Meet server, notification options, the consent text's version), and the daily leader's desk at
43 and at 500 cases: the same number of queries, filters by volunteer and region."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from losen.accounts import roles
from losen.audit.models import AuditEvent
from losen.cases import actions
from losen.cases.models import Assignment, Case, CaseService, Concern, Meeting
from losen.conftest import make_staff

pytestmark = pytest.mark.django_db

DATA = {"first_name": "Ingrid", "forms": ["chat"], "times": ["evening"], "language": "nb", "need": "x", "email": "i@example.org", "phone": "+4799999999", "notify": True, "consent": True}


def _post(cs, **changes):
    fields = {
        "enabled": "on", "retention_days": cs.retention_days, "max_cases_default": cs.max_cases_default, "reply_days": cs.reply_days,
        "jitsi_base_url": cs.jitsi_base_url, "notify_email_enabled": "on", "notify_sms_enabled": "on", "concern_email": "on", "consent_text": cs.consent_text,
    }
    fields.update(changes)
    data = {f"s{cs.pk}-{k}": v for k, v in fields.items() if v is not None}
    data["service"] = cs.pk
    return data


@pytest.fixture
def admin(hk):
    return make_staff("hk-admin", roles.SERVICE_ADMIN, hk["org"])


def test_settings_saved_and_consent_version_bumped(hk, admin, as_user):
    c = as_user(admin)
    url = f"/oppfolging/org/{hk['org'].slug}/innstillinger/"
    page = c.get(url).content.decode()
    assert "Oppbevaring etter avslutning" in page and "Egen Jitsi Meet-server" in page
    cs = hk["cs"]
    r = c.post(url, _post(cs, retention_days=60, max_cases_default=5, jitsi_base_url="https://meet.hk.example/", notify_sms_enabled=None, consent_text="Ny tekst om samtykke."))
    assert r.status_code == 302
    cs.refresh_from_db()
    assert (cs.retention_days, cs.max_cases_default, cs.jitsi_base_url, cs.notify_sms_enabled) == (60, 5, "https://meet.hk.example", False)
    assert cs.consent_version == 2 and cs.consent_text == "Ny tekst om samtykke."
    event = AuditEvent.objects.get(action="cases_settings_changed")
    assert "consent_text" in event.detail["fields"] and "retention_days" in event.detail["fields"]
    c.post(url, _post(cs, retention_days=61))  # no change of text: same version
    cs.refresh_from_db()
    assert cs.consent_version == 2 and cs.retention_days == 61
    case, _code = actions.intake(cs, DATA)
    assert case.consent_version == 2


def test_settings_bad_input_keeps_everything(hk, admin, as_user):
    c = as_user(admin)
    url = f"/oppfolging/org/{hk['org'].slug}/innstillinger/"
    cs = hk["cs"]
    r = c.post(url, _post(cs, retention_days=0, jitsi_base_url="http://meet.example/?x=1", max_cases_default="mange"))
    text = r.content.decode()
    assert r.status_code == 400
    assert "https-adresse" in text and "http://meet.example/?x=1" in text and "mange" in text
    fresh = CaseService.objects.get(pk=cs.pk)
    assert (fresh.retention_days, fresh.jitsi_base_url, fresh.max_cases_default) == (30, "https://meet.hjelpekilden.example", 3)


def test_settings_wrong_role_and_wrong_organisation(hk, as_user, orgs):
    url = f"/oppfolging/org/{hk['org'].slug}/innstillinger/"
    assert as_user(hk["leader"]).get(url).status_code == 403  # the coordinator: not the service admin
    assert as_user(hk["per"].user).get(url).status_code == 403
    other_admin = make_staff("other-admin", roles.SERVICE_ADMIN, orgs["b"])
    assert as_user(other_admin).get(url).status_code == 403
    assert as_user(other_admin).post(url, _post(hk["cs"], retention_days=1)).status_code == 403
    # their own page does not reach another organisation's service either
    r = as_user(other_admin).post(f"/oppfolging/org/{orgs['b'].slug}/innstillinger/", _post(hk["cs"], retention_days=1))
    assert r.status_code == 400
    assert CaseService.objects.get(pk=hk["cs"].pk).retention_days == 30


def test_settings_take_effect(hk, client, mailoutbox, django_capture_on_commit_callbacks):
    cs = hk["cs"]
    CaseService.objects.filter(pk=cs.pk).update(notify_email_enabled=False, notify_sms_enabled=False, concern_email=False, jitsi_base_url="")
    cs.refresh_from_db()
    page = client.get("/oppfolging/tjeneste/hjelpekilden/").content.decode()
    assert 'name="email"' not in page and 'name="phone"' not in page and 'name="notify"' not in page
    case, _code = actions.intake(cs, DATA)
    assert not case.notify_email and not case.notify_sms and actions.seeker_reach(case) == {"email": "", "phone": ""}
    actions.approve(case, hk["per"].pk, hk["leader"])
    actions.agree_framework(case, forms=["chat"], frequency="weekly", times=["evening"], review_on=timezone.now().date(), actor=hk["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.raise_concern(case, Concern.WORRY, hk["per"].user)
    assert mailoutbox == []  # no concern e-mail when the service turned it off
    with pytest.raises(actions.CaseError):  # no own Jitsi server: no video meeting
        actions.book_meeting(case, form="video", starts_at=timezone.now(), actor=hk["per"].user)
    assert not Meeting.objects.exists()
    # the retention period is read at every run
    actions.close(case, "goal", hk["leader"], now=timezone.now() - timedelta(days=10))
    assert actions.purge_expired() == 0
    CaseService.objects.filter(pk=cs.pk).update(retention_days=7)
    assert actions.purge_expired() == 1


def _many(hk, n):
    now = timezone.now()
    vols = [hk["per"], hk["anne"]]
    cases = Case.objects.bulk_create(
        [
            Case(
                case_service=hk["cs"], organisation=hk["org"], status=Case.ACTIVE if i % 10 else Case.WAITING, first_name=f"P{i}", created_at=now - timedelta(days=i % 30),
                region="oslo" if i % 2 else "troms", review_on=now.date() + timedelta(days=(i % 7) - 3), last_contact_at=now - timedelta(days=i % 5),
            )
            for i in range(n)
        ]
    )
    Assignment.objects.bulk_create([Assignment(case=c, volunteer=vols[i % 2], started_at=now) for i, c in enumerate(cases) if c.status == Case.ACTIVE])
    Concern.objects.bulk_create([Concern(case=c, kind=Concern.WORRY, raised_at=now) for c in cases[::20]])
    return cases


def _desk_queries(c, url):
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url)
    assert r.status_code == 200
    return len(ctx), r.content.decode()


def test_desk_queries_do_not_grow_with_cases(hk, as_user):
    c = as_user(hk["leader"])
    url = f"/oppfolging/org/{hk['org'].slug}/"
    c.get(url)  # the session's first request does a few once-only queries
    _many(hk, 43)
    small, page = _desk_queries(c, url)
    assert "38 aktive saker" in page and "5 venter på match" in page
    _many(hk, 457)
    assert Case.objects.count() == 500
    large, page = _desk_queries(c, url)
    assert "449 aktive saker" in page and "51 venter på match" in page and "Side 1 av 18" in page
    assert large == small, (small, large)
    for query in (f"?frivillig={hk['per'].pk}", "?fylke=troms", f"?frivillig={hk['anne'].pk}&fylke=oslo&side=2", "?vis=forfalt"):
        n, _page = _desk_queries(c, url + query)
        assert n <= small + 1, (query, n, small)
    # filters: every active case of one volunteer, and none of the other's
    _n, page = _desk_queries(c, url + f"?frivillig={hk['per'].pk}")
    mine = Assignment.objects.filter(volunteer=hk["per"]).count()
    assert f"{mine} aktive saker" in page and 0 < mine < 449
    _n, page = _desk_queries(c, url + "?side=999")
    assert "Side 18 av 18" in page
