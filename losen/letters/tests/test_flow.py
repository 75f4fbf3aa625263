"""The message service end to end through HTTP (JSON API and the no-JavaScript pages)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.letters import actions, codes, jobs, rules
from losen.letters.models import Letter, LetterService, Thread
from losen.letters.tests.conftest import add_message_channel
from losen.stats.models import Contact

pytestmark = pytest.mark.django_db


def post(client, path, body, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def send(client, text="Jeg trenger noen å snakke med om det som skjer hjemme.", service="kirkens-sos", **more):
    r = post(client, "/api/v1/messages", {"service": service, "text": text, **more})
    assert r.status_code == 201, r.content
    return r.json()


# --- the contract ----------------------------------------------------------------------------------


def test_send_returns_code_deadline_and_no_crisis(letters, client):
    before = timezone.now()
    body = send(client)
    assert len(body["code"].split("-")) == 4 and body["crisis"] is False and body["emergency"] == []
    from datetime import datetime

    answer_by = datetime.fromisoformat(body["answer_by"])
    assert timedelta(hours=24) <= answer_by - before <= timedelta(hours=24, seconds=30)
    assert answer_by.utcoffset() in (timedelta(hours=1), timedelta(hours=2))  # Oslo time
    t = Thread.objects.get()
    assert t.code_hmac == codes.digest(body["code"]) and t.status == Thread.WAITING


def test_answer_time_comes_from_the_directory_channel(letters, client):
    body = send(client, service="sidetmedord")
    t = Thread.objects.get()
    assert actions.answer_hours(letters.smo) == 48
    assert abs((t.answer_by - t.received_at) - timedelta(hours=48)) < timedelta(seconds=1)
    assert body["answer_by"]


def test_crisis_returns_the_emergency_list_and_flags_the_thread(letters, client):
    body = send(client, text="Jeg vil ikke leve mer. Jeg har pillene klare.")
    assert body["crisis"] is True
    emergency = client.get("/api/v1/emergency").json()["results"]
    assert body["emergency"] == emergency and any(e["number"] == "113" for e in emergency)
    t = Thread.objects.get()
    assert t.risk and t.risk_reasons
    assert Contact.objects.get(pk=t.contact_id).risk == Contact.Risk.POSSIBLE


@pytest.mark.parametrize(
    "body, status",
    [
        ({"service": "kirkens-sos", "text": ""}, 400),
        ({"service": "kirkens-sos", "text": "   "}, 400),
        ({"service": "kirkens-sos"}, 400),
        ({"service": "kirkens-sos", "text": "x" * 5001}, 413),
        ({"service": "kirkens-sos", "text": "Et spørsmål", "language": "xx"}, 400),
        ({"service": "kirkens-sos", "text": "Et spørsmål", "answers": []}, 400),
        ({"service": "hjelpetelefonen", "text": "hei"}, 404),  # no messages on Losen
        ({"service": "finnes-ikke", "text": "hei"}, 404),
        ({"text": "hei"}, 400),
    ],
)
def test_bad_requests_are_problem_json(letters, client, body, status):
    r = post(client, "/api/v1/messages", body)
    assert r.status_code == status and r["Content-Type"].startswith("application/problem+json")
    assert Thread.objects.count() == 0


def test_disabled_service_gets_404(letters, client):
    LetterService.objects.filter(pk=letters.ks.pk).update(enabled=False)
    assert post(client, "/api/v1/messages", {"service": "kirkens-sos", "text": "hei"}).status_code == 404


def test_not_json_and_wrong_method(letters, client):
    assert client.post("/api/v1/messages", "text=hei", content_type="application/x-www-form-urlencoded").status_code == 415
    assert client.get("/api/v1/messages").status_code == 405
    assert client.post("/api/v1/messages", "{bad", content_type="application/json").status_code == 400


def test_thread_reply_and_delete(letters, client):
    code = send(client)["code"]
    r = post(client, "/api/v1/messages/thread", {"code": code.upper().replace("-", " ")})
    assert r.status_code == 200
    body = r.json()
    assert body["service"] == "kirkens-sos" and body["status"] == "waiting"
    assert [m["from"] for m in body["messages"]] == ["you"]
    assert post(client, "/api/v1/messages/reply", {"code": code, "text": "Og en ting til."}).status_code == 201
    assert [m["text"] for m in post(client, "/api/v1/messages/thread", {"code": code}).json()["messages"]][-1] == "Og en ting til."
    assert post(client, "/api/v1/messages/reply", {"code": code, "text": ""}).status_code == 400
    assert post(client, "/api/v1/messages/reply", {"code": code, "text": "y" * 5001}).status_code == 413
    r = post(client, "/api/v1/messages/delete", {"code": code})
    assert r.status_code == 204
    assert Thread.objects.count() == 0 and Letter.objects.count() == 0
    assert Contact.objects.filter(channel="message").count() == 1  # the anonymous record stays
    assert post(client, "/api/v1/messages/thread", {"code": code}).status_code == 404


def test_unknown_and_wrong_codes_get_the_same_404(letters, client):
    code = send(client)["code"]
    parts = code.split("-")
    wrong = "-".join([parts[0], parts[1], parts[2], "feilord"])
    a = post(client, "/api/v1/messages/thread", {"code": wrong})
    b = post(client, "/api/v1/messages/thread", {"code": "eple-bro-kanin-lys"})
    c = post(client, "/api/v1/messages/thread", {"code": "1"})
    assert a.status_code == b.status_code == c.status_code == 404
    assert a.json() == b.json() == c.json()


def test_wrong_codes_are_rate_limited_per_address_and_right_ones_do_not_count(letters, client):
    code = send(client)["code"]
    for _ in range(20):
        assert post(client, "/api/v1/messages/thread", {"code": code}).status_code == 200
    for _ in range(10):
        assert post(client, "/api/v1/messages/thread", {"code": "eple-bro-kanin-lys"}, REMOTE_ADDR="198.51.100.9").status_code == 404
    limited = post(client, "/api/v1/messages/thread", {"code": code}, REMOTE_ADDR="198.51.100.9")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    # another address is not affected, and the pages share the limit
    assert post(client, "/api/v1/messages/thread", {"code": code}, REMOTE_ADDR="198.51.100.10").status_code == 200
    assert client.post("/skriv/hent/", {"code": code}, REMOTE_ADDR="198.51.100.9").status_code == 429
    from losen.core.ratelimit import client_key

    # the counter's key is an HMAC of the address, never the address itself
    assert "198.51.100" not in client_key("198.51.100.9") and len(client_key("198.51.100.9")) == 32


def test_openapi_lists_the_message_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in ("/messages", "/messages/thread", "/messages/reply", "/messages/delete"):
        assert p in paths and "post" in paths[p]


# --- pages without JavaScript ------------------------------------------------------------------------


def test_write_page_form_and_errors_keep_the_text(letters, client):
    page = client.get("/skriv/kirkens-sos/")
    assert page.status_code == 200 and "Hvor gammel er du?" in page.content.decode()
    long = "ord " * 1300
    r = client.post("/skriv/kirkens-sos/", {"text": long})
    assert r.status_code == 400 and "høyst 5000 tegn" in r.content.decode() and long.strip()[:100] in r.content.decode()
    assert client.post("/skriv/kirkens-sos/", {"text": ""}).status_code == 400
    assert client.get("/skriv/hjelpetelefonen/").status_code == 404
    assert Thread.objects.count() == 0


def test_sent_page_shows_code_once_deadline_and_how_to_read(letters, client):
    r = client.post("/skriv/kirkens-sos/", {"text": "Hei. Jeg har et spørsmål om mamma.", "age": "16-18", "before": "no"})
    html = r.content.decode()
    assert r.status_code == 200 and "Hentekoden din" in html and "/skriv/hent/" in html
    assert "kan ikke finne den igjen" in html and "Du får svar innen" in html and " kl. " in html
    t = Thread.objects.get()
    assert t.answers == {"age": "16-18", "before": "no"}
    contact = Contact.objects.get(pk=t.contact_id)
    assert contact.channel == "message" and contact.age_band == "16-18" and contact.first_contact is True
    assert contact.received_hour.minute == 0
    assert "emergency" not in html


def test_sent_page_shows_the_crisis_panel_at_once(letters, client):
    html = client.post("/skriv/kirkens-sos/", {"text": "Jeg vil ikke leve mer, jeg har bestemt meg."}).content.decode()
    assert 'class="emergency"' in html and "113" in html and "116 117" in html
    assert "Hentekoden din" in html  # the message still went in
    assert Thread.objects.get().risk


def test_language_is_detected_and_can_be_chosen(letters, client):
    client.post("/skriv/girku-sos/", {"text": "Mun lean váiban ja dárbbašan veahki. Giitu."})
    client.post("/skriv/girku-sos/", {"text": "Hei, jeg skriver på norsk men vil svar på lulesamisk", "language": "smj"})
    assert sorted(Thread.objects.values_list("language", flat=True)) == ["se", "smj"]


def test_origin_from_another_site_is_refused(letters, client):
    r = client.post("/skriv/kirkens-sos/", {"text": "hei"}, HTTP_ORIGIN="https://evil.example")
    assert r.status_code == 403 and Thread.objects.count() == 0


def test_pickup_reads_replies_and_deletes_without_javascript(letters, client):
    code = send(client)["code"]
    assert client.get("/skriv/hent/").status_code == 200
    bad = client.post("/skriv/hent/", {"code": "eple-bro-kanin-lys"})
    assert bad.status_code == 404 and "Vi fant ingen samtale" in bad.content.decode()
    page = client.post("/skriv/hent/", {"code": code})
    assert page.status_code == 200 and "Jeg trenger noen" in page.content.decode()
    assert code not in page.request["PATH_INFO"]
    r = client.post("/skriv/hent/svar/", {"code": code, "text": "Tillegg fra meg."})
    assert r.status_code == 200 and "Tillegg fra meg." in r.content.decode()
    confirm = client.post("/skriv/hent/slett/", {"code": code})
    assert "Slett samtalen?" in confirm.content.decode() and Thread.objects.count() == 1
    done = client.post("/skriv/hent/slett/", {"code": code, "confirm": "yes"})
    assert done.status_code == 200 and Thread.objects.count() == 0


# --- the inbox ---------------------------------------------------------------------------------------


def make_thread(ls, text="Jeg lurer på noe om skolen og venner.", hours_ago=0, risk=False, language="nb"):
    """A waiting thread; `risk` is set explicitly so the test does not depend on the detector."""
    now = timezone.now() - timedelta(hours=hours_ago)
    sent = actions.submit(ls, text, language, {}, now=now)
    Thread.objects.filter(pk=sent.thread.pk).update(risk=risk)
    sent.thread.refresh_from_db()
    return sent


def inbox_ids(client, org="kirkens-sos", **params):
    r = client.get(f"/skriv/vakt/{org}/", params)
    assert r.status_code == 200
    return [row["id"] for row in r.context["rows"]]


def test_inbox_order_risk_first_then_sami_for_those_with_the_language_then_deadline(letters, staff_client):
    old = make_thread(letters.ks, hours_ago=20).thread
    new = make_thread(letters.ks, hours_ago=1).thread
    risky = make_thread(letters.ks, hours_ago=0, risk=True).thread
    sami = make_thread(letters.girku, hours_ago=2, language="se").thread
    c = staff_client(letters.volunteer)
    assert inbox_ids(c) == [risky.pk, old.pk, sami.pk, new.pk]  # sami came in 2 h ago, new 1 h ago
    actions.set_responder(letters.volunteer, letters.ks_org, ["nb", "se"])
    assert inbox_ids(c) == [risky.pk, sami.pk, old.pk, new.pk]
    assert inbox_ids(c, tjeneste="girku-sos") == [sami.pk]
    # the database order is the rule module's order
    items = [rules.Item(t.pk, t.risk, t.language, t.answer_by) for t in Thread.objects.all()]
    assert [i.id for i in rules.order(items, ["nb", "se"])] == inbox_ids(c)


def test_inbox_shows_countdown_and_overdue_in_red(letters, staff_client):
    late = make_thread(letters.ks, hours_ago=25).thread
    html = staff_client(letters.volunteer).get("/skriv/vakt/kirkens-sos/").content.decode()
    assert "over fristen med 1 t" in html and 'class="countdown overdue"' in html
    assert late.answer_by.isoformat()[:16] in html or "data-deadline" in html


def test_claim_locks_for_30_minutes_and_shows_to_colleagues(letters, staff_client):
    t = make_thread(letters.ks).thread
    a, b = staff_client(letters.volunteer), staff_client(letters.volunteer2)
    a.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    t.refresh_from_db()
    assert t.claimed_by == letters.volunteer
    assert timedelta(minutes=29) < t.claimed_until - timezone.now() <= timedelta(minutes=30)
    page = b.get(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/").content.decode()
    assert "ks-vol jobber med denne meldingen" in page
    assert "ks-vol (låst til" in b.get("/skriv/vakt/kirkens-sos/").content.decode()
    b.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    t.refresh_from_db()
    assert t.claimed_by == letters.volunteer
    # b cannot answer without the claim
    b.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/svar/", {"text": "Hei fra b"})
    assert not Letter.objects.filter(sender=Letter.SERVICE).exists()
    # the lock runs out
    Thread.objects.filter(pk=t.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    b.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    t.refresh_from_db()
    assert t.claimed_by == letters.volunteer2
    assert AuditEvent.objects.filter(action="letters_thread_claimed").count() == 2
    assert AuditEvent.objects.filter(action="letters_thread_opened").exists()


def test_answer_then_visitor_reads_and_the_contact_is_recorded(letters, client, staff_client):
    code = send(client)["code"]
    t = Thread.objects.get()
    c = staff_client(letters.volunteer)
    c.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    c.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/svar/", {"text": "Takk for at du skriver. Hva trenger du nå?"})
    t.refresh_from_db()
    assert t.status == Thread.ANSWERED and t.claimed_by is None
    contact = Contact.objects.get(pk=t.contact_id)
    assert contact.outcome == Contact.Outcome.ANSWERED and contact.deadline_met is True and contact.answer_picked_up is False
    assert contact.wait_seconds is not None
    body = post(client, "/api/v1/messages/thread", {"code": code}).json()
    assert body["status"] == "answered" and body["messages"][-1] == {"from": "service", "text": "Takk for at du skriver. Hva trenger du nå?", "at": body["messages"][-1]["at"]}
    assert Contact.objects.get(pk=t.contact_id).answer_picked_up is True
    # feedback after an answer
    r = client.post("/skriv/hent/tilbakemelding/", {"code": code, "helped": "yes", "again": "maybe"})
    assert "Takk for tilbakemeldingen" in r.content.decode()
    assert Contact.objects.get(pk=t.contact_id).feedback == {"helped": "yes", "again": "maybe"}
    # the visitor replies: waiting again with a new deadline
    post(client, "/api/v1/messages/reply", {"code": code, "text": "Takk. Jeg trenger å sove."})
    t.refresh_from_db()
    assert t.status == Thread.WAITING and t.answer_by > timezone.now() + timedelta(hours=23)


def test_second_reader_holds_the_reply_until_a_leader_or_second_reader_approves(letters, client, staff_client):
    LetterService.objects.filter(pk=letters.ks.pk).update(second_reader=True)
    code = send(client)["code"]
    t = Thread.objects.get()
    vol, vol2, leader = staff_client(letters.volunteer), staff_client(letters.volunteer2), staff_client(letters.leader)
    vol.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    vol.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/svar/", {"text": "Et første utkast"})
    letter = Letter.objects.get(sender=Letter.SERVICE)
    assert letter.state == Letter.PENDING
    assert post(client, "/api/v1/messages/thread", {"code": code}).json()["messages"][-1]["from"] == "you"
    t.refresh_from_db()
    assert t.status == Thread.WAITING
    # the author cannot approve their own reply; a colleague without the setting cannot either
    vol.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/godkjenn/{letter.pk}/", {"answer": "approve"})
    vol2.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/godkjenn/{letter.pk}/", {"answer": "approve"})
    assert Letter.objects.get(pk=letter.pk).state == Letter.PENDING
    # the leader sends it back with a comment; the next draft is approved by a second-reader colleague
    leader.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/godkjenn/{letter.pk}/", {"answer": "return", "comment": "Spør om søvn."})
    assert Letter.objects.get(pk=letter.pk).state == Letter.RETURNED
    assert [n.text for n in Letter.objects.filter(sender=Letter.NOTE)] == ["Spør om søvn."]  # encrypted: compare in Python
    vol.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    vol.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/svar/", {"text": "Et bedre svar"})
    second = Letter.objects.get(sender=Letter.SERVICE, state=Letter.PENDING)
    actions.set_responder(letters.volunteer2, letters.ks_org, ["nb"], second_reader=True)
    vol2.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/godkjenn/{second.pk}/", {"answer": "approve"})
    second.refresh_from_db()
    assert second.state == Letter.SENT and second.approved_by == letters.volunteer2
    messages = post(client, "/api/v1/messages/thread", {"code": code}).json()["messages"]
    assert [m["text"] for m in messages if m["from"] == "service"] == ["Et bedre svar"]
    assert "Spør om søvn." not in json.dumps(messages)  # staff notes never reach the visitor
    assert AuditEvent.objects.filter(action="letters_reply_approved").count() == 1


def test_transfer_to_another_service_with_its_answer_time(letters, client, staff_client):
    code = send(client)["code"]
    t = Thread.objects.get()
    c = staff_client(letters.volunteer)
    r = c.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/overfor/", {"target": str(letters.smo.pk), "summary": "Gjelder forum og venner."})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.service == letters.smo and t.transferred_from.slug == "kirkens-sos"
    assert abs((t.answer_by - timezone.now()) - timedelta(hours=48)) < timedelta(minutes=1)
    page = client.post("/skriv/hent/", {"code": code}).content.decode()
    assert "overført fra Kirkens SOS til Sidetmedord" in page
    assert post(client, "/api/v1/messages/thread", {"code": code}).json()["transferred_from"] == "kirkens-sos"
    contact = Contact.objects.get(pk=t.contact_id)
    assert contact.transfers == 1 and contact.transferred_to == ["sidetmedord"]
    # it left Kirkens SOS's inbox and is in Mental Helse's, with the handover note
    assert c.get(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/").status_code == 404
    mh = staff_client(letters.mh_volunteer)
    assert inbox_ids(mh, org="mental-helse") == [t.pk]
    assert "Gjelder forum og venner." in mh.get(f"/skriv/vakt/mental-helse/melding/{t.pk}/").content.decode()


def test_transfer_only_to_services_that_take_messages(letters, staff_client):
    t = make_thread(letters.ks).thread
    LetterService.objects.filter(pk=letters.smo.pk).update(enabled=False)
    targets = {ls.slug for ls in actions.transfer_targets(t)}
    assert targets == {"girku-sos"}
    with pytest.raises(actions.NotAllowed):
        actions.transfer(t, letters.volunteer, LetterService.objects.get(pk=letters.smo.pk))


def test_close_with_topics_and_referrals(letters, staff_client):
    t = make_thread(letters.ks).thread
    c = staff_client(letters.volunteer)
    c.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/avslutt/", {"topics": ["loneliness"], "referrals": ["hjelpetelefonen"]})
    t.refresh_from_db()
    assert t.status == Thread.CLOSED
    contact = Contact.objects.get(pk=t.contact_id)
    assert contact.topics == ["loneliness"] and contact.referrals == ["hjelpetelefonen"]


def test_escalate_shows_to_the_shift_leader(letters, staff_client):
    t = make_thread(letters.ks).thread
    staff_client(letters.volunteer).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/vaktleder/")
    home = staff_client(letters.leader).get("/staff/").content.decode()
    assert "1 vaktleder bedt om hjelp" in home
    assert Contact.objects.get(pk=t.contact_id).escalations == 1


def test_redaction_is_instant(letters, staff_client):
    t = make_thread(letters.ks, text="Jeg heter Kari Nordmann og bor i Storgata 1").thread
    letter = t.letters.get()
    staff_client(letters.volunteer).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/fjern/{letter.pk}/")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT text FROM letters_letter WHERE id = %s", [letter.pk])
        assert cur.fetchone()[0] == ""


def test_other_organisations_cannot_see_the_thread(letters, staff_client):
    t = make_thread(letters.ks).thread
    mh = staff_client(letters.mh_volunteer)
    assert mh.get(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/").status_code == 403
    assert mh.get(f"/skriv/vakt/mental-helse/melding/{t.pk}/").status_code == 404
    assert inbox_ids(mh, org="mental-helse") == []


# --- deadlines ---------------------------------------------------------------------------------------


def test_deadline_flags_reach_the_leaders_home_page_and_breaches_are_recorded(letters, staff_client):
    near = make_thread(letters.ks, hours_ago=22.5).thread  # 1.5 h left
    held = make_thread(letters.ks, hours_ago=23).thread  # 1 h left but a volunteer holds it
    actions.claim(held, letters.volunteer)
    far = make_thread(letters.ks, hours_ago=1).thread
    late = make_thread(letters.ks, hours_ago=25).thread
    result = jobs.deadlines()
    assert result == {"flagged": 2, "breached": 1}
    flagged = set(Thread.objects.filter(flagged_at__isnull=False).values_list("pk", flat=True))
    assert flagged == {near.pk, late.pk}
    assert Thread.objects.get(pk=late.pk).breached_at is not None
    assert Contact.objects.get(pk=late.contact_id).deadline_met is False
    home = staff_client(letters.leader).get("/staff/").content.decode()
    assert "2 nær fristen uten noen på" in home and "1 over fristen" in home
    coordinator_home = staff_client(letters.coordinator).get("/staff/").content.decode()
    assert "2 nær fristen uten noen på" in coordinator_home
    assert "nær fristen" not in staff_client(letters.volunteer2).get("/staff/").content.decode()
    # answering late keeps the breach on record
    actions.claim(late, letters.volunteer2)
    actions.reply(late, letters.volunteer2, "Beklager at svaret kommer sent.")
    late.refresh_from_db()
    assert late.breached_at is not None and Contact.objects.get(pk=late.contact_id).deadline_met is False
    assert far.pk not in flagged


def test_the_scheduler_runs_the_jobs(letters):
    from losen.core import scheduler

    make_thread(letters.ks, hours_ago=25)
    assert scheduler.run_due(force=True, only="letters.deadlines") == ["letters.deadlines"]
    assert Thread.objects.filter(breached_at__isnull=False).count() == 1
    assert scheduler.run_due(force=True, only="letters.retention") == ["letters.retention"]


def test_management_command(letters, capsys):
    from django.core.management import call_command

    call_command("letters_jobs")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"deadlines", "purge"}


# --- retention ---------------------------------------------------------------------------------------


def test_retention_n_days_after_the_visitor_read_the_answer(letters, client):
    LetterService.objects.filter(pk=letters.ks.pk).update(read_retention_days=30)
    code = send(client)["code"]
    t = Thread.objects.get()
    actions.claim(t, letters.volunteer)
    actions.reply(t, letters.volunteer, "Svar")
    post(client, "/api/v1/messages/thread", {"code": code})  # read now
    now = timezone.now()
    assert jobs.purge(now + timedelta(days=29))["deleted"] == 0
    assert jobs.purge(now + timedelta(days=30, minutes=1))["deleted"] == 1
    assert Letter.objects.count() == 0
    contact = Contact.objects.get(channel="message")
    assert contact.answer_picked_up is True and contact.outcome == Contact.Outcome.ANSWERED


def test_retention_60_days_after_the_last_message_if_the_answer_was_never_picked_up(letters, client):
    send(client)
    t = Thread.objects.get()
    actions.claim(t, letters.volunteer)
    actions.reply(t, letters.volunteer, "Svar")
    now = timezone.now()
    assert jobs.purge(now + timedelta(days=59))["deleted"] == 0
    assert jobs.purge(now + timedelta(days=60, minutes=1))["deleted"] == 1
    assert Contact.objects.get(channel="message").answer_picked_up is False


def test_retention_holds_threads_under_the_duty_to_avert(letters, staff_client):
    t = make_thread(letters.ks).thread
    staff_client(letters.volunteer).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/avvergingsplikt/")
    staff_client(letters.leader).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/avvergingsplikt/bekreft/", {"answer": "confirm"})
    later = timezone.now() + timedelta(days=61)
    assert jobs.purge(later) == {"deleted": 0, "held": 1}
    staff_client(letters.coordinator).post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/avvergingsplikt/frigi/")
    assert jobs.purge(later)["deleted"] == 1
    assert AuditEvent.objects.filter(action__startswith="letters_duty_to_avert").count() == 3


# --- offers, settings, languages -----------------------------------------------------------------------


def test_offers_appear_on_the_service_page_and_in_navigator_results(letters, client):
    page = client.get("/tjenester/kirkens-sos/").content.decode()
    assert "/skriv/kirkens-sos/" in page and "Skriv til oss" in page
    assert "/skriv/hjelpetelefonen/" not in client.get("/tjenester/hjelpetelefonen/").content.decode()
    from losen.core import offers

    assert [o.kind for o in offers.for_services(["girku-sos"])["girku-sos"]] == ["message"]


def test_settings_for_the_service_admin(letters, staff_client):
    c = staff_client(letters.admin)
    page = c.get("/skriv/vakt/kirkens-sos/innstillinger/")
    assert page.status_code == 200 and "Svartid fra katalogen: 24 timer." in page.content.decode()
    ls = letters.ks
    c.post("/skriv/vakt/kirkens-sos/innstillinger/", {"service": ls.pk, f"s{ls.pk}-enabled": "on", f"s{ls.pk}-second_reader": "on", f"s{ls.pk}-read_retention_days": "14", f"s{ls.pk}-questions": ["age"]})
    ls.refresh_from_db()
    assert ls.second_reader and ls.read_retention_days == 14 and ls.questions == ["age"]
    r = c.post("/skriv/vakt/kirkens-sos/innstillinger/", {"service": ls.pk, f"s{ls.pk}-read_retention_days": "0"})
    assert "Velg mellom 1 og 365 dager." in r.content.decode()
    assert AuditEvent.objects.filter(action="letters_settings_changed").count() == 1


def test_responder_languages(letters, staff_client):
    c = staff_client(letters.volunteer)
    c.post("/skriv/vakt/kirkens-sos/sprak/", {"languages": ["se", "nb"]})
    assert actions.responder_settings(letters.volunteer, letters.ks_org).languages == ["nb", "se"]


def test_index_lists_services_that_take_messages(letters, client):
    html = client.get("/skriv/").content.decode()
    assert "Kirkens SOS" in html and "Girku SOS" in html and "Svar innen 48 timer." in html


def test_english_pages(letters, client):
    client.cookies["losen_language"] = "en"
    html = client.get("/skriv/kirkens-sos/").content.decode()
    assert "Write your message" in html and "Send the message" in html


def test_message_channel_helper_for_tests_is_what_the_service_uses(letters):
    add_message_channel("hjelpetelefonen", 12)
    ls = LetterService.objects.create(service_id=letters.smo.service.__class__.objects.get(slug="hjelpetelefonen").pk, enabled=True)
    assert actions.letter_service("hjelpetelefonen") == ls and actions.answer_hours(ls) == 12


def test_inbox_page_takes_the_first_50_by_the_rules_even_with_many_waiting(letters, staff_client):
    from losen.letters.views import INBOX_PAGE, inbox_threads

    now = timezone.now()
    made = []
    for i in range(70):
        received = now - timedelta(minutes=i * 7)
        t = Thread.objects.create(
            code_hmac=f"bench{i:059d}", service=letters.ks if i % 2 else letters.girku, language="se" if i % 9 == 0 else "nb",
            risk=i % 17 == 0, received_at=received, waiting_since=received, answer_by=rules.answer_by(received, 24), last_message_at=received,
        )
        made.append(t)
    every = [rules.Item(t.pk, t.risk, t.language, Thread.objects.get(pk=t.pk).answer_by) for t in made]
    for languages in ([], ["nb"], ["nb", "se"]):
        expected = [i.id for i in rules.order(every, languages)[:INBOX_PAGE]]
        assert [t["id"] for t in inbox_threads([letters.ks.pk, letters.girku.pk], languages)] == expected
    actions.set_responder(letters.volunteer, letters.ks_org, ["se"])
    page = staff_client(letters.volunteer).get("/skriv/vakt/kirkens-sos/")
    assert len(page.context["rows"]) == INBOX_PAGE and page.context["total"] == 70
    assert "Viser de 50 første" in page.content.decode()


def test_new_messages_are_rate_limited_per_address_and_the_text_is_kept(letters, client):
    for _ in range(10):
        send(client, text="Et spørsmål om skolen.")
    r = post(client, "/api/v1/messages", {"service": "kirkens-sos", "text": "Et spørsmål til."})
    assert r.status_code == 429 and r["Retry-After"]
    page = client.post("/skriv/kirkens-sos/", {"text": "Teksten min skal ikke forsvinne."})
    assert page.status_code == 429 and "Teksten min skal ikke forsvinne." in page.content.decode()
    assert post(client, "/api/v1/messages", {"service": "kirkens-sos", "text": "Fra et annet sted."}, REMOTE_ADDR="192.0.2.44").status_code == 201


def test_a_claim_by_a_deleted_account_is_no_claim(letters, staff_client):
    from django.contrib.auth import get_user_model

    t = make_thread(letters.ks, hours_ago=23).thread
    gone = get_user_model().objects.create(username="gone")
    actions.claim(t, gone)
    gone.delete()  # SET_NULL leaves claimed_until behind
    t.refresh_from_db()
    assert t.claimed_by is None and t.claimed_until is not None
    c = staff_client(letters.volunteer)
    assert c.get("/skriv/vakt/kirkens-sos/").status_code == 200
    assert c.get(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/").status_code == 200
    assert jobs.deadlines()["flagged"] == 1
    assert actions.claim(t, letters.volunteer)
