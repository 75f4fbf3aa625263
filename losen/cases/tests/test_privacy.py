"""Access rules, encryption at rest, notification content, the deletion and dependency jobs, the
survey's suppression and professional inquiries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from losen.accounts import roles
from losen.audit.models import AuditEvent
from losen.cases import actions, notify
from losen.cases.models import Case, Concern, Message, Note
from losen.cases.tests.conftest import make_volunteer
from losen.conftest import make_staff
from losen.stats.models import Contact

pytestmark = pytest.mark.django_db

DATA = {"first_name": "Ingrid", "forms": ["chat"], "times": ["evening"], "language": "nb", "need": "Hemmelig behov", "email": "i@example.org", "consent": True}


def _active_case(hk, volunteer=None, now=None):
    case, code = actions.intake(hk["cs"], DATA, now=now)
    actions.approve(case, (volunteer or hk["per"]).pk, hk["leader"])
    actions.agree_framework(case, forms=["chat"], frequency="weekly", times=["evening"], review_on=timezone.now().date(), actor=hk["leader"])
    return case, code


def test_volunteer_sees_only_own_cases(hk, as_user):
    mine, _ = _active_case(hk, hk["per"])
    other, _ = _active_case(hk, hk["anne"])
    per = as_user(hk["per"].user)
    org = hk["org"].slug
    assert per.get(f"/oppfolging/org/{org}/sak/{mine.pk}/").status_code == 200
    assert per.get(f"/oppfolging/org/{org}/sak/{other.pk}/").status_code == 404
    assert per.get(f"/oppfolging/org/{org}/").status_code == 403  # the desk is the daily leader's
    assert per.post(f"/oppfolging/org/{org}/sak/{mine.pk}/", {"action": "close", "reason": "goal"}).status_code == 403
    listing = per.get("/oppfolging/mine-saker/").content.decode()
    assert mine.ref in listing and other.ref not in listing


def test_wrong_organisation_and_wrong_role(hk, as_user, orgs):
    case, _ = _active_case(hk)
    outsider = make_staff("other-coord", roles.COORDINATOR, orgs["b"])
    c = as_user(outsider)
    assert c.get(f"/oppfolging/org/{hk['org'].slug}/").status_code == 403
    assert c.get(f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/").status_code == 403
    # A coordinator of another organisation with its own slug cannot reach the case either.
    assert c.get(f"/oppfolging/org/{orgs['b'].slug}/sak/{case.pk}/").status_code == 404
    reader = make_staff("hk-stats", roles.STATISTICS_READER, hk["org"])
    assert as_user(reader).get(f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/").status_code == 403
    assert as_user(reader).get(f"/oppfolging/org/{hk['org'].slug}/undersokelse/").status_code == 200


def test_every_read_is_audited_with_pseudonymous_ids(hk, as_user):
    case, _ = _active_case(hk)
    as_user(hk["leader"]).get(f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/")
    event = AuditEvent.objects.filter(action="case_read").latest("pk")
    assert event.target_id == str(case.pk)
    assert "Ingrid" not in str(event.detail) and "Hemmelig" not in str(event.detail)


def test_personal_fields_are_encrypted_in_the_raw_columns(hk):
    case, _ = _active_case(hk)
    actions.post(case, "En hemmelig melding", from_seeker=True)
    actions.add_note(case, author=hk["leader"], on=timezone.now().date(), form="chat", text="kort notat")
    with connection.cursor() as cur:
        cur.execute("SELECT first_name, reach, details FROM cases_case WHERE id = %s", [case.pk])
        raw = " ".join(cur.fetchone())
        cur.execute("SELECT body FROM cases_message WHERE case_id = %s", [case.pk])
        raw += cur.fetchone()[0]
        cur.execute("SELECT text FROM cases_note WHERE case_id = %s", [case.pk])
        raw += cur.fetchone()[0]
    for secret in ("Ingrid", "i@example.org", "Hemmelig", "hemmelig melding", "kort notat", "evening"):
        assert secret not in raw
    assert Case.objects.get(pk=case.pk).first_name == "Ingrid"


def test_notification_says_nothing_about_service_or_content(hk, django_capture_on_commit_callbacks, mailoutbox):
    case, _ = _active_case(hk)
    Case.objects.filter(pk=case.pk).update(notify_sms=True, notify_email=True, reach='{"email": "i@example.org", "phone": "+4799999999"}')
    case.refresh_from_db()
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.post(case, "Hei fra Per om bruddet", from_seeker=False, author=hk["per"].user)
    assert len(mailoutbox) == 1 and len(notify.outbox) == 1
    for text in (mailoutbox[0].subject, mailoutbox[0].body, notify.outbox[0][1]):
        for word in ("Hjelpekilden", "hjelpekilden", "bruddet", "Per", "Ingrid"):
            assert word not in text
    assert "+4799999999" not in str(notify.outbox)


def test_deletion_job_after_retention_keeps_the_anonymous_contact(hk):
    from losen.core import scheduler

    case, _ = _active_case(hk)
    actions.post(case, "melding", from_seeker=True)
    actions.close(case, "goal", hk["leader"], now=timezone.now() - timedelta(days=31))
    fresh, _ = _active_case(hk)
    actions.close(fresh, "goal", hk["leader"])
    scheduler.run_due(force=True, only="cases.retention")
    case.refresh_from_db()
    fresh.refresh_from_db()
    assert case.personal_data_deleted_at and case.first_name == "" and not Message.objects.filter(case=case).exists()
    assert fresh.personal_data_deleted_at is None and fresh.first_name == "Ingrid"
    assert Contact.objects.get(pk=case.contact_id).outcome == "answered"


def test_dependency_signal(hk):
    now = timezone.now()
    case, _ = _active_case(hk)
    calm, _ = _active_case(hk, hk["anne"])
    for week in range(3):
        for i in range(4):
            Message.objects.create(case=case, from_seeker=True, body="x", sent_at=now - timedelta(weeks=week, days=1, hours=i))
        Message.objects.create(case=calm, from_seeker=True, body="x", sent_at=now - timedelta(weeks=week, days=1))
    assert actions.dependency_scan(now) == 1
    assert Concern.objects.get(kind=Concern.DEPENDENCY).case == case
    assert actions.dependency_scan(now) == 0  # one open signal is enough


def test_full_volunteer_is_not_suggested_and_approval_refuses(hk):
    solo = make_volunteer(hk["org"], "solo", "Solo", hk["leader"], max_cases=1)
    _active_case(hk, solo)
    case, _ = actions.intake(hk["cs"], DATA)
    assert solo.pk not in [s.volunteer_id for s in actions.suggest(case, hk["leader"], limit=0)]
    with pytest.raises(actions.CaseError):
        actions.approve(case, solo.pk, hk["leader"])
    assert case.assignments.count() == 0


def test_survey_is_suppressed_below_five_and_not_linked(hk):
    year = timezone.now().year
    for i in range(4):
        actions.answer_survey(hk["cs"], year, {"helped": "5", "recommend": "yes"})
    assert actions.survey_report(hk["cs"], year)["suppressed"]
    actions.answer_survey(hk["cs"], year, {"helped": "4", "recommend": "yes"})
    report = actions.survey_report(hk["cs"], year)
    assert report["total"] == 5 and report["questions"]["recommend"]["yes"] == 5
    assert report["questions"]["helped"]["5"] is None  # 4 answers: suppressed


def test_professional_inquiry_counts_in_statistics(hk, as_user):
    c = as_user(hk["leader"])
    r = c.post(f"/oppfolging/org/{hk['org'].slug}/henvendelser/", {"institution": "bup", "topic": "Ungdom i brudd", "advice": "Snakk med ..."})
    assert r.status_code == 302
    assert Contact.objects.filter(channel="inquiry", organisation=hk["org"]).count() == 1


def test_desk_stays_clear_at_500_cases(hk, as_user):
    now = timezone.now()
    for i in range(500):
        Case.objects.create(case_service=hk["cs"], organisation=hk["org"], status=Case.ACTIVE, created_at=now, region="oslo" if i % 2 else "troms", review_on=now.date() - timedelta(days=i % 3))
    c = as_user(hk["leader"])
    page = c.get(f"/oppfolging/org/{hk['org'].slug}/").content.decode()
    assert "500 aktive saker" in page and "Side 1 av 20" in page
    page = c.get(f"/oppfolging/org/{hk['org'].slug}/?fylke=troms&side=2").content.decode()
    assert "250 aktive saker" in page and "Side 2 av 10" in page and "fylke=troms&amp;side=3" in page


# --- every encrypted field, and everything the deletion job removes ---------------------------

MARK = "KLARTEKST"


def _case_with_every_personal_field(hk):
    """A case that has written every encrypted field of the app, each with MARK in it."""
    data = dict(DATA, first_name=MARK + "navn", email=f"{MARK.lower()}@example.org", need=MARK + " behov", gender="woman", lived_experience=["brudd"])
    case, code = actions.intake(hk["cs"], data)
    actions.approve(case, hk["per"].pk, hk["leader"])
    actions.agree_framework(case, forms=["chat", "meet"], frequency="weekly", times=["evening"], review_on=timezone.now().date(), actor=hk["leader"])
    actions.post(case, MARK + " melding", from_seeker=True)
    actions.book_meeting(case, form="meet", starts_at=timezone.now() + timedelta(days=2), place=MARK + " kafé", actor=hk["per"].user)
    actions.add_note(case, author=hk["per"].user, on=timezone.now().date(), form="chat", text=MARK + " notat", evaluation=MARK + " evaluering")
    actions.raise_concern(case, Concern.WORRY, hk["per"].user, note=MARK + " bekymring")
    actions.move(case, hk["anne"].pk, hk["leader"], MARK + " overlevering")
    actions.log_inquiry(hk["cs"], institution="bup", topic="Ungdom", advice=MARK + " råd", by=hk["leader"])
    return case, code


def _encrypted_columns():
    from django.apps import apps

    from losen.core.crypto import EncryptedTextField

    return [(model, f) for model in apps.get_app_config("cases").get_models() for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]


def _raw(model, field):
    with connection.cursor() as cur:
        cur.execute(f'SELECT "{field.column}" FROM "{model._meta.db_table}"')
        return [row[0] for row in cur.fetchall() if row[0]]


def test_every_encrypted_field_is_ciphertext_in_its_column(hk):
    _case_with_every_personal_field(hk)
    columns = _encrypted_columns()
    assert {(m.__name__, f.name) for m, f in columns} >= {
        ("Case", "first_name"), ("Case", "reach"), ("Case", "details"), ("Message", "body"), ("Note", "text"), ("Note", "evaluation"),
        ("Meeting", "place"), ("Concern", "note"), ("Assignment", "handover_note"),
    }
    for model, field in columns:
        raw = _raw(model, field)
        assert raw, f"{model.__name__}.{field.name} was not written by the test"  # each one is checked
        for value in raw:
            assert MARK not in value and MARK.lower() not in value and "woman" not in value and "brudd" not in value, (model.__name__, field.name)
    stated = Case.objects.get().stated  # and read back in clear
    assert stated["gender"] == "woman" and stated["lived_experience"] == ["brudd"]


def test_deletion_job_leaves_no_personal_text_and_a_pseudonymous_audit_trail(hk):
    from losen.core import scheduler

    case, code = _case_with_every_personal_field(hk)
    actions.close(case, "goal", hk["leader"], now=timezone.now() - timedelta(days=31))
    scheduler.run_due(force=True, only="cases.retention")
    case.refresh_from_db()
    assert case.personal_data_deleted_at is not None
    for model, field in _encrypted_columns():
        if model.__name__ == "Inquiry":  # advice to a professional: no client, not part of the case
            continue
        values = [getattr(o, field.name) for o in model.objects.all()]
        assert not any(MARK in v or MARK.lower() in v for v in values), (model.__name__, field.name)
    assert Concern.objects.get(case=case).risk == {} and case.stated.get("gender", "") == ""
    assert actions.by_code(code) is None  # the pickup code opens nothing any more
    assert Contact.objects.get(pk=case.contact_id).outcome == "answered"  # the anonymous record stays
    for event in AuditEvent.objects.all():
        assert MARK not in str(event.detail) and MARK.lower() not in str(event.detail)


def test_concern_mail_to_the_leader_says_nothing_about_the_case(hk, django_capture_on_commit_callbacks, mailoutbox):
    case, _ = _active_case(hk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.raise_concern(case, Concern.WORRY, hk["per"].user, note="Hemmelig bekymring om Ingrid")
    assert [m.to for m in mailoutbox] == [["leder@example.org"]]
    text = mailoutbox[0].subject + mailoutbox[0].body
    for word in ("Ingrid", "Hemmelig", "Hjelpekilden", case.ref, "Per"):
        assert word not in text


def test_dependency_signal_runs_from_the_scheduler_and_reaches_the_leaders_desk_only(hk, as_user):
    from losen.core import scheduler

    now = timezone.now()
    case, _ = _active_case(hk)
    for week in range(3):
        for i in range(4):
            Message.objects.create(case=case, from_seeker=True, body="x", sent_at=now - timedelta(weeks=week, days=1, hours=i))
    scheduler.run_due(force=True, only="cases.dependency")
    assert Concern.objects.get(case=case).kind == Concern.DEPENDENCY
    desk = as_user(hk["leader"]).get(f"/oppfolging/org/{hk['org'].slug}/").content.decode()
    assert "1 åpen bekymring" in desk and case.ref in desk
    assert as_user(hk["per"].user).get(f"/oppfolging/org/{hk['org'].slug}/").status_code == 403
