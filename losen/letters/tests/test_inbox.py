"""The service inbox: live without a full reload (HTMX) and with a plain reload link, a fixed
number of queries whatever the queue's length, the capped list with a count of the rest, and
deadline flags and breaches that are recorded and stay visible to the shift leader."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.letters import actions, jobs, presenting, rules
from losen.letters.models import Thread
from losen.letters.tests.test_flow import make_thread, send

pytestmark = pytest.mark.django_db


def _bulk(ls, n, start=0):
    now = timezone.now()
    Thread.objects.bulk_create(
        [
            Thread(
                code_hmac=f"many{start + i:060d}", service=ls, language="se" if i % 7 == 0 else "nb", risk=i % 11 == 0,
                received_at=now - timedelta(minutes=i), waiting_since=now - timedelta(minutes=i),
                answer_by=rules.answer_by(now - timedelta(minutes=i), 24), last_message_at=now,
            )
            for i in range(n)
        ]
    )


def test_inbox_refreshes_as_an_htmx_fragment_and_has_a_plain_reload_link(letters, staff_client):
    first = make_thread(letters.ks, hours_ago=3).thread
    c = staff_client(letters.volunteer)
    page = c.get("/skriv/vakt/kirkens-sos/?tjeneste=kirkens-sos").content.decode()
    # with JavaScript: the list, counts and countdowns come again from the fragment every 30 s
    assert 'hx-get="/skriv/vakt/kirkens-sos/liste/?tjeneste=kirkens-sos"' in page and 'hx-trigger="every 30s"' in page
    assert "losen/vendor/htmx.min.js" in page
    # without: a plain link reloads the same view
    assert '<a href="/skriv/vakt/kirkens-sos/?tjeneste=kirkens-sos" class="reload">Oppdater listen</a>' in page
    assert f"/skriv/vakt/kirkens-sos/melding/{first.pk}/" in page
    # a message that arrives later shows in the next fragment, with its countdown, and no page around it
    later = make_thread(letters.ks, hours_ago=23.5).thread
    fragment = c.get("/skriv/vakt/kirkens-sos/liste/?tjeneste=kirkens-sos", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html and "<h1" not in html
    assert html.index(f"/melding/{later.pk}/") < html.index(f"/melding/{first.pk}/")  # nearer deadline first
    assert "2 meldinger venter på svar." in html and "0 t 29 min igjen" in html and 'data-deadline="' in html


def test_the_live_fragment_is_for_the_services_responders_only(letters, staff_client, client):
    make_thread(letters.ks)
    assert staff_client(letters.mh_volunteer).get("/skriv/vakt/kirkens-sos/liste/").status_code == 403
    assert staff_client(letters.admin).get("/skriv/vakt/kirkens-sos/liste/").status_code == 403  # service admin is no responder
    assert client.get("/skriv/vakt/kirkens-sos/liste/").status_code in (302, 403)
    assert staff_client(letters.leader).get("/skriv/vakt/kirkens-sos/liste/").status_code == 200


def test_the_inbox_makes_the_same_few_queries_with_3_or_300_waiting(letters, staff_client):
    actions.set_responder(letters.volunteer, letters.ks_org, ["nb", "se"])
    c = staff_client(letters.volunteer)
    _bulk(letters.ks, 3)
    c.get("/skriv/vakt/kirkens-sos/")  # the session and the catalogue are warm
    with CaptureQueriesContext(connection) as few:
        assert c.get("/skriv/vakt/kirkens-sos/").status_code == 200
    _bulk(letters.ks, 297, start=3)
    Thread.objects.filter(pk__in=Thread.objects.order_by("id").values_list("id", flat=True)[:40]).update(claimed_by=letters.volunteer2, claimed_until=timezone.now() + timedelta(minutes=20))
    with CaptureQueriesContext(connection) as many:
        page = c.get("/skriv/vakt/kirkens-sos/")
    assert len(page.context["rows"]) == 50 and "ks-vol2 (låst til" in page.content.decode()
    # sign-in (4), services, responder, counts, at most three reads of the queue (risk, Sami,
    # the rest: a full page stops early), answered: never one per row
    assert len(many.captured_queries) <= len(few.captured_queries) <= 11, [q["sql"][:120] for q in few.captured_queries]


def test_the_list_is_capped_with_a_count_of_the_rest(letters, staff_client):
    _bulk(letters.ks, 57)
    _bulk(letters.girku, 5, start=100)
    c = staff_client(letters.volunteer)
    html = c.get("/skriv/vakt/kirkens-sos/").content.decode()
    assert "62 meldinger venter på svar." in html
    assert "Viser de 50 første av 62. 12 til venter; de kommer opp her når de første er besvart." in html
    one = c.get("/skriv/vakt/kirkens-sos/?tjeneste=girku-sos").content.decode()
    assert 'id="inbox-rest"' not in one and one.count("/melding/") == 5


def test_flags_and_breaches_are_recorded_and_stay_on_the_leaders_home_page(letters, staff_client):
    near = make_thread(letters.ks, hours_ago=22.5).thread
    late = make_thread(letters.ks, hours_ago=25).thread
    assert jobs.deadlines() == {"flagged": 2, "breached": 1}
    assert jobs.deadlines() == {"flagged": 0, "breached": 0}  # each is recorded once
    flagged = AuditEvent.objects.filter(action="letters_deadline_flagged")
    assert {e.target_id for e in flagged} == {str(near.pk), str(late.pk)}
    assert all(e.organisation_id == letters.ks_org.pk for e in flagged)
    assert list(AuditEvent.objects.filter(action="letters_deadline_breached").values_list("target_id", flat=True)) == [str(late.pk)]
    leader = staff_client(letters.leader)
    home = leader.get("/staff/").content.decode()
    assert "2 nær fristen uten noen på" in home and "1 over fristen" in home and "1 fristbrudd siste 7 dager" in home
    # the flags show in the inbox too
    assert "Nær fristen uten noen på" in leader.get("/skriv/vakt/kirkens-sos/").content.decode()
    # answered late, then deleted by the visitor: the flag ends, the breach stays on the home page
    actions.claim(late, letters.volunteer)
    actions.reply(late, letters.volunteer, "Beklager at svaret kommer sent.")
    late.refresh_from_db()
    actions.visitor_delete(late)
    home = leader.get("/staff/").content.decode()
    assert "1 over fristen" not in home and "1 fristbrudd siste 7 dager" in home
    assert "fristbrudd" in staff_client(letters.coordinator).get("/staff/").content.decode()
    assert "fristbrudd" not in staff_client(letters.volunteer2).get("/staff/").content.decode()
    assert AuditEvent.objects.filter(action="letters_deadline_breached").count() == 1


def test_transfer_shows_the_visitor_the_new_service_and_its_answer_time(letters, client, staff_client):
    code = send(client)["code"]
    t = Thread.objects.get()
    staff_client(letters.volunteer).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/overfor/", {"target": str(letters.smo.pk)})
    t.refresh_from_db()
    page = client.post("/skriv/hent/", {"code": code}).content.decode()
    assert "overført fra Kirkens SOS til Sidetmedord" in page
    assert "Sidetmedord svarer innen 48 timer" in page
    assert presenting.deadline_words(t.answer_by) in page
    body = client.post("/api/v1/messages/thread", {"code": code}, content_type="application/json").json()
    assert body["service"] == "sidetmedord" and datetime.fromisoformat(body["answer_by"]) == t.answer_by
