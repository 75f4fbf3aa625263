"""The whole path through the views (no browser): intake form → the leader approves a suggestion →
the volunteer signs → framework → case channel exchange with read receipts → video meeting →
concern → move → closure → evaluation; plus export and deletion from the help seeker's side."""

import json
import re

import pytest
from django.core import mail

from losen.audit.models import AuditEvent
from losen.cases.models import Assignment, Case, Concern, Meeting
from losen.stats.models import Contact
from losen.volunteers import actions as vactions
from losen.volunteers import declarations

pytestmark = pytest.mark.django_db

INTAKE = {
    "first_name": "Ingrid", "forms": ["meet", "chat"], "times": ["evening"], "region": "troms", "language": "se",
    "lived_experience": ["brudd"], "need": "Noen å snakke med etter bruddet.", "email": "ingrid@example.org", "notify": "on", "consent": "on",
}


def _intake(client, slug="hjelpekilden"):
    r = client.post(f"/oppfolging/tjeneste/{slug}/", INTAKE)
    assert r.status_code == 200, r.content
    code = re.search(r"<strong>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</strong>", r.content.decode()).group(1)
    return Case.objects.latest("pk"), code


def test_offer_on_service_page(hk):
    from losen.core import offers

    found = offers.for_services({"hjelpekilden"})["hjelpekilden"]
    assert [o.url for o in found if o.kind == "case"] == ["/oppfolging/tjeneste/hjelpekilden/"]


def test_intake_keeps_input_on_error_and_needs_consent(client, hk):
    data = dict(INTAKE, consent="")
    r = client.post("/oppfolging/tjeneste/hjelpekilden/", data)
    assert r.status_code == 200 and "Ingrid" in r.content.decode()
    assert not Case.objects.exists()


def test_whole_path(client, hk, as_user, django_capture_on_commit_callbacks):
    case, code = _intake(client)
    assert case.consent_version == 1 and case.status == Case.WAITING
    assert Contact.objects.get(pk=case.contact_id).channel == "case"

    leader_client = as_user(hk["leader"])
    page = leader_client.get(f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/").content.decode()
    assert "snakker nordsamisk" in page and "kan møtes i Troms" in page and "har selv erfaring med brudd med trossamfunn" in page
    assert page.index("Anne Nord") < page.index("Per Sør")
    r = leader_client.post(f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/", {"action": "approve", "volunteer": hk["anne"].pk})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.MATCHED
    assert declarations.unsigned(hk["anne"].user, hk["org"])  # asked to sign

    anne_client = as_user(hk["anne"].user)
    url = f"/oppfolging/org/{hk['org'].slug}/sak/{case.pk}/"
    framework = {"action": "framework", "forms": ["chat", "video"], "frequency": "weekly", "times": ["evening"], "review_on": "2030-01-15"}
    r = anne_client.post(url, framework)
    assert "signere" in r.content.decode()
    for d in declarations.unsigned(hk["anne"].user, hk["org"]):
        vactions.sign(hk["anne"].user, d)
    assert anne_client.post(url, framework).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.ACTIVE

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert anne_client.post(url, {"action": "message", "body": "Hei Ingrid, så fint å høre fra deg."}).status_code == 302
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert "Hjelpekilden" not in notice.subject + notice.body and "Ingrid" not in notice.body and "fint" not in notice.body

    r = client.post("/oppfolging/min/", {"code": code, "action": "send", "body": "Takk! Kan vi ta video?"})
    text = r.content.decode()
    assert "så fint å høre fra deg" in text and "svarer vanligvis innen 2 dager" in text.lower()
    assert case.messages.get(from_seeker=False).read_at is not None  # read receipt
    anne_client.get(url)
    assert case.messages.get(from_seeker=True).read_at is not None

    r = anne_client.post(url, {"action": "meeting", "meeting-form": "video", "meeting-kind": "individual", "meeting-starts_at": "2030-01-10T18:00"})
    assert r.status_code == 302
    meeting = Meeting.objects.get(case=case)
    assert meeting.video_url.startswith("https://meet.hjelpekilden.example/losen-") and len(meeting.video_url) > 50

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = anne_client.post(url, {"action": "concern", "concern-kind": "suicide", "concern-note": "", "risk-plan": "no", "risk-preparations": "no", "risk-means": "unknown"})
    assert r.status_code == 302
    concern = Concern.objects.get(case=case)
    assert concern.risk == {"plan": "no", "preparations": "no", "means": "unknown"}
    assert mail.outbox and mail.outbox[0].to == ["leder@example.org"]
    desk = leader_client.get(f"/oppfolging/org/{hk['org'].slug}/").content.decode()
    assert "1 åpen bekymring" in desk and "113" in desk and "116 117" in desk

    r = leader_client.post(url, {"action": "assign", "mode": "move", "volunteer": hk["per"].pk, "handover_note": "Liker korte meldinger."})
    assert r.status_code == 302
    current = Assignment.objects.get(case=case, ended_at__isnull=True)
    assert current.volunteer == hk["per"] and current.handover_note == "Liker korte meldinger."
    assert anne_client.get(url).status_code == 404  # moved away: no longer sees the case

    assert leader_client.post(url, {"action": "close", "reason": "goal"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.CLOSED
    r = client.post("/oppfolging/min/", {"code": code, "action": "evaluate", "helped": "yes", "again": "yes"})
    assert "Takk for at du svarte" in r.content.decode()
    assert Contact.objects.get(pk=case.contact_id).feedback == {"helped": "yes", "again": "yes"}
    assert AuditEvent.objects.filter(action="case_read", target_id=str(case.pk)).exists()


def test_export_and_deletion_from_the_seekers_side(client, hk):
    case, code = _intake(client)
    r = client.post("/oppfolging/min/", {"code": code, "action": "export"})
    data = json.loads(r.content)
    assert data["first_name"] == "Ingrid" and data["stated"]["need"].startswith("Noen")
    r = client.post("/oppfolging/min/", {"code": code, "action": "delete"})
    assert "Er du sikker" in r.content.decode()
    r = client.post("/oppfolging/min/", {"code": code, "action": "delete", "confirm": "yes"})
    case.refresh_from_db()
    assert case.personal_data_deleted_at and case.first_name == "" and case.status == Case.CLOSED
    assert Contact.objects.filter(pk=case.contact_id).exists()  # statistics stay
    assert client.post("/oppfolging/min/", {"code": code}).status_code == 400


def test_seeker_pages_set_no_cookie_and_code_never_in_url(client, hk):
    r = client.get("/oppfolging/tjeneste/hjelpekilden/")
    assert not r.cookies
    case, code = _intake(client)
    r = client.post("/oppfolging/min/", {"code": code})
    assert not r.cookies and code not in r.request["PATH_INFO"]
    assert code.replace("-", "") not in case.pickup_hash


def test_counsellor_case_offers_the_annual_survey_to_the_help_seeker(client, hk):
    from django.utils import timezone

    from losen.cases.models import CaseService, SurveyAnswer

    CaseService.objects.filter(pk=hk["cs"].pk).update(kind="counsellor")
    case, code = _intake(client)
    page = client.post("/oppfolging/min/", {"code": code}).content.decode()
    link = f"/oppfolging/tjeneste/hjelpekilden/undersokelse/{timezone.now().year}/"
    assert link in page
    assert client.post(link, {"helped": "4", "recommend": "yes"}).status_code == 200
    answer = SurveyAnswer.objects.get()
    assert answer.answers == {"helped": "4", "recommend": "yes"} and not hasattr(answer, "case_id")
