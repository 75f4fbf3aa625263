"""Groups: the leader rule, joining (waitlist, idempotence, removal), topics, evaluations,
retention, contact details and dial-in, and the pages' access."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.conftest import sign_in
from losen.core import pickup
from losen.groups import actions, rules
from losen.groups.models import Evaluation, Participant, RoomMessage, Seat, Session
from losen.stats.models import Contact


def approved(series, name="Ada", **kw):
    p, token, code = actions.apply(series, name, **kw)
    actions.accept_rules(p)
    return p, token, code


# --- rules without Django ------------------------------------------------------------------------


def test_rules_leaders_and_admission():
    assert rules.leaders_missing(2, 1) == 1 and not rules.can_start(2, 1) and rules.can_start(1, 1)
    assert rules.admission(capacity=2, approved=2, intake_required=False, intake_done=False, needs_leader_approval=False) == "waitlist"
    assert rules.admission(capacity=2, approved=0, intake_required=True, intake_done=False, needs_leader_approval=False) == "applied"
    assert rules.admission(capacity=2, approved=0, intake_required=False, intake_done=False, needs_leader_approval=True) == "applied"
    assert rules.promotions(capacity=3, approved=1, waitlist=["a", "b", "c"]) == ["a", "b"]
    assert rules.purge_at(timezone.now(), 500) - timezone.now() <= timedelta(hours=72)


def test_rules_topic_and_aggregate():
    T = rules.TopicTally
    assert rules.agreed_topic([T(1, True, 1, 2), T(2, True, 3, 0), T(3, False, 9, 0)]) == 2
    assert rules.agreed_topic([T(1, True, 0, 0)]) is None
    assert rules.agreed_topic([T(1, True, 0, 5)], confirmed_id=1) == 1
    assert rules.aggregate([[5, 4, 3]] * 4)["suppressed"] is True
    result = rules.aggregate([[5, 4, 3]] * 4 + [[1, 2, 3]])
    assert result["suppressed"] is False and result["questions"][0]["mean"] == 4.2


def test_pickup_codes():
    code = pickup.new_code()
    assert len(code.split()) >= 4 and len(pickup.words()) >= 2048
    assert pickup.digest(code) == pickup.digest("  " + code.upper().replace(" ", " - ") + " ")
    assert pickup.digest(code) != pickup.digest(pickup.new_code()) and code not in pickup.digest(code)


# --- the leader rule -----------------------------------------------------------------------------


def test_session_without_enough_leaders_cannot_start(grp):
    s = grp.session
    s.leaders.set([grp.leader1])
    with pytest.raises(actions.MissingLeaders):
        actions.start(s, grp.leader1)
    with pytest.raises(actions.NotAllowed):
        actions.start(s, grp.leader2)  # not assigned
    s.leaders.add(grp.leader2)
    assert actions.start(s, grp.leader1).state == Session.LIVE
    # one guide is enough where the series says so (Samtalerommet)
    assert actions.start(grp.phone_session, grp.guide).state == Session.LIVE


def test_coordinator_page_shows_missing_leader(grp):
    grp.session.leaders.set([grp.leader1])
    client = sign_in(Client(), grp.coordinator)
    page = client.get(reverse("groups:coordinator", kwargs={"org": "nks-veiledningssenter"})).content.decode()
    assert "mangler leder" in page
    # the leader's start button says so too, and nothing starts
    lc = sign_in(Client(), grp.leader1)
    r = lc.post(reverse("groups:lead_action", kwargs={"pk": grp.session.pk}), {"action": "start"}, follow=True)
    assert "mangler leder" in r.content.decode()
    assert Session.objects.get(pk=grp.session.pk).state == Session.PLANNED


# --- joining -------------------------------------------------------------------------------------


def test_waitlist_and_promotion(grp):
    people = [actions.apply(grp.online, f"P{i}") for i in range(5)]
    states = [p.state for p, _t, _c in people]
    assert states == ["approved"] * 3 + ["waitlist"] * 2
    actions.withdraw(people[0][0])
    assert Participant.objects.get(pk=people[3][0].pk).state == "approved"
    actions.remove(people[1][0], grp.leader1)
    assert Participant.objects.get(pk=people[4][0].pk).state == "approved"
    assert AuditEvent.objects.filter(action="group_participant_removed").count() == 1


def test_joining_twice_is_idempotent_and_full_gives_waitlist_not_error(grp):
    p, _token, code = actions.apply(grp.online, "Ada")
    again, _t2, code2 = actions.apply(grp.online, "Ada igjen", code=code)
    assert again.pk == p.pk and code2 == code and Participant.objects.count() == 1
    client = Client()
    for i in range(4):
        r = client.post(reverse("groups:series", kwargs={"pk": grp.online.pk}), {"first_name": f"N{i}"})
        assert r.status_code == 200
    assert "ventelisten" in r.content.decode()
    # the code is shown once and only its digest is stored
    shown = re.search(r'id="pickup-code"><strong>([^<]+)<', r.content.decode()).group(1)
    assert Participant.objects.filter(code_digest=pickup.digest(shown)).exists()
    with connection.cursor() as cur:
        cur.execute("SELECT code_digest, token_digest, first_name FROM groups_participant")
        assert all(shown not in " ".join(row) for row in cur.fetchall())


def test_removed_participant_needs_leader_to_rejoin(grp):
    p, _token, code = approved(grp.online)
    actions.remove(p, grp.leader1)
    back, _t, _c = actions.apply(grp.online, "Ada", code=code)
    assert back.state == "applied" and back.needs_leader_approval
    actions.approve(back, grp.coordinator)
    assert Participant.objects.get(pk=p.pk).state == "approved"


def test_intake_required_before_approval(grp):
    grp.online.intake_required = True
    grp.online.save()
    p, _t, _c = actions.apply(grp.online, "Ada")
    assert p.state == "applied"
    client = sign_in(Client(), grp.coordinator)
    client.post(reverse("groups:series_admin", kwargs={"org": "nks-veiledningssenter", "pk": grp.online.pk}), {"action": "approve", "participant": p.pk})
    assert Participant.objects.get(pk=p.pk).state == "approved"


def test_application_form_errors_keep_what_was_typed(grp):
    r = Client().post(reverse("groups:series", kwargs={"pk": grp.phone.pk}), {"first_name": "Kari", "email": "ikke-epost", "wants_reminders": "on"})
    page = r.content.decode()
    assert r.status_code == 200 and 'value="Kari"' in page and "errorlist" in page
    assert Participant.objects.count() == 0


def test_pickup_code_brings_the_participant_back(grp):
    p, token, code = actions.apply(grp.online, "Ada")
    r = Client().post(reverse("groups:pickup"), {"code": code.upper()})
    assert r.status_code == 302 and "/grupper/deltaker/" in r["Location"]
    assert Client().get(r["Location"]).status_code == 200
    assert Client().get(reverse("groups:participant", kwargs={"token": token})).status_code == 404  # the old link is gone
    r = Client().post(reverse("groups:pickup"), {"code": "feil kode med ord"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


# --- topics ----------------------------------------------------------------------------------------


def test_topic_approval(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    t1 = actions.propose_topic(grp.session, grp.leader1, "Skyld og skam")
    t2 = actions.propose_topic(grp.session, grp.leader1, "Å sette grenser")
    joined = [approved(grp.online, f"P{i}") for i in range(3)]
    people = [j[0] for j in joined]
    for p in people:
        actions.vote(p, t2, True)
    actions.vote(people[0], t1, True)
    actions.vote(people[0], t1, False)  # a change of mind replaces the vote
    t1.refresh_from_db()
    assert (t1.approvals, t1.objections) == (0, 1)
    suggestion = actions.suggest_topic(people[1], grp.session, "Søsken")
    assert not suggestion.by_leader
    waiting, _t, _c = actions.apply(grp.online, "Venter")
    with pytest.raises(actions.NotAllowed):
        actions.vote(waiting, t2, True)
    session = actions.start(grp.session, grp.leader1)
    assert session.topic == "Å sette grenser"
    # the agreed topic is shown in the session (the room page)
    page = Client().get(reverse("groups:room", kwargs={"token": joined[0][1], "session_id": session.pk})).content.decode()
    assert "Å sette grenser" in page


# --- evaluation ----------------------------------------------------------------------------------


def test_evaluation_suppressed_below_five_and_counts_only(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    people = [approved(grp.online, f"P{i}")[0] for i in range(3)]
    grp.online.capacity = 10
    grp.online.save()
    people += [approved(grp.online, f"Q{i}")[0] for i in range(3)]
    actions.start(grp.session, grp.leader1)
    for p in people[:4]:
        actions.join_room(grp.session, p)
    session = actions.end(grp.session, grp.leader1)
    contact = Contact.objects.get(pk=session.contact_id)
    assert contact.channel == "group" and contact.count == 4
    for p in people[:4]:
        assert actions.evaluate(p, session, [4, 5, 3])
    assert actions.evaluate(people[0], session, [1, 1, 1]) is False  # once per participant
    assert actions.results(session)["suppressed"]
    lc = sign_in(Client(), grp.leader1)
    page = lc.get(reverse("groups:lead", kwargs={"pk": session.pk})).content.decode()
    assert "minst 5 svar" in page
    actions.evaluate(people[4], session, [2, 3, 4])
    assert not actions.results(session)["suppressed"]
    assert Evaluation.objects.count() == 5
    assert Contact.objects.get(pk=session.contact_id).feedback == {"evaluations": 5}
    with connection.cursor() as cur:
        cur.execute("SELECT voter FROM groups_evaluation")
        voters = {row[0] for row in cur.fetchall()}
    assert not voters & {str(p.pk) for p in people}


# --- retention ---------------------------------------------------------------------------------------


def test_room_text_deleted_when_session_ends(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    p, _t, _c = approved(grp.online)
    actions.start(grp.session, grp.leader1)
    actions.join_room(grp.session, p)
    actions.store(grp.session.pk, "hei alle", "c1", participant_id=p.pk)
    actions.end(grp.session, grp.leader1)
    assert RoomMessage.objects.count() == 0
    assert Seat.objects.filter(present=True).count() == 1  # attendance (counts) stays


def test_room_text_kept_by_setting_then_purged_by_the_scheduler(grp):
    from losen.core import scheduler
    from losen.groups.models import GroupSettings

    GroupSettings.objects.create(service=grp.online.service, room_retention_hours=24)
    grp.session.leaders.set([grp.leader1, grp.leader2])
    p, _t, _c = approved(grp.online)
    actions.start(grp.session, grp.leader1)
    actions.join_room(grp.session, p)
    actions.store(grp.session.pk, "hei alle", "c1", participant_id=p.pk)
    actions.end(grp.session, grp.leader1)
    assert RoomMessage.objects.count() == 1
    Session.objects.filter(pk=grp.session.pk).update(purge_at=timezone.now() - timedelta(seconds=1))
    assert "groups.retention" in scheduler.run_due(force=True, only="groups.retention")
    assert RoomMessage.objects.count() == 0


def test_contact_details_encrypted_shown_to_leaders_only_and_deleted_when_series_ends(grp):
    p, token, _c = actions.apply(grp.phone, "Per", phone="912 34 567", email="per@example.org", wants_reminders=True)
    with connection.cursor() as cur:
        cur.execute("SELECT phone, email FROM groups_participant WHERE id = %s", [p.pk])
        raw = cur.fetchone()
    assert "912" not in raw[0] and "example" not in raw[1]
    url = reverse("groups:lead", kwargs={"pk": grp.phone_session.pk}) + "?kontakt=1"
    assert "912 34 567" in sign_in(Client(), grp.guide).get(url).content.decode()
    assert AuditEvent.objects.filter(action="group_contact_details_read").count() == 1
    assert sign_in(Client(), grp.leader1).get(url).status_code in (403, 404)  # another organisation
    other = sign_in(Client(), grp.mh_coordinator).get(url)
    assert other.status_code == 404  # not a leader of this series
    Session.objects.filter(series=grp.phone).update(state=Session.ENDED)
    actions.purge()
    p.refresh_from_db()
    assert p.phone == "" and p.email == ""


def test_dial_in_shown_only_to_approved_participants_who_accepted_the_rules(grp):
    p, token, _c = actions.apply(grp.phone, "Per", phone="912 34 567")
    url = reverse("groups:participant", kwargs={"token": token})
    assert "PIN 4821" not in Client().get(url).content.decode()  # approved, rules not accepted
    Client().post(reverse("groups:rules", kwargs={"token": token}), {"confidentiality": "on", "first_names": "on", "no_recording": "on"})
    assert "PIN 4821" in Client().get(url).content.decode()
    grp.phone.capacity = 1
    grp.phone.save()
    w, wtoken, _c = actions.apply(grp.phone, "Vent", phone="913 34 567")
    assert w.state == "waitlist"
    actions.accept_rules(w)
    assert "PIN 4821" not in Client().get(reverse("groups:participant", kwargs={"token": wtoken})).content.decode()
    assert "PIN 4821" not in Client().get(reverse("groups:series", kwargs={"pk": grp.phone.pk})).content.decode()


def test_rules_must_be_accepted_before_the_room(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    p, token, _c = actions.apply(grp.online, "Ada")
    actions.start(grp.session, grp.leader1)
    r = Client().get(reverse("groups:room", kwargs={"token": token, "session_id": grp.session.pk}))
    assert r.status_code == 302
    r = Client().post(reverse("groups:rules", kwargs={"token": token}), {"confidentiality": "on"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    Client().post(reverse("groups:rules", kwargs={"token": token}), {"confidentiality": "on", "first_names": "on", "no_recording": "on"})
    assert Client().get(reverse("groups:room", kwargs={"token": token, "session_id": grp.session.pk})).status_code == 200


def test_staff_pages_refuse_wrong_role_and_wrong_organisation(grp):
    url = reverse("groups:coordinator", kwargs={"org": "nks-veiledningssenter"})
    assert sign_in(Client(), grp.leader1).get(url).status_code == 403  # a volunteer
    assert sign_in(Client(), grp.mh_coordinator).get(url).status_code == 403  # another organisation
    assert Client().get(url).status_code == 302  # not signed in
    assert sign_in(Client(), grp.coordinator).get(url).status_code == 200
    lead = reverse("groups:lead", kwargs={"pk": grp.session.pk})
    assert sign_in(Client(), grp.leader1).get(lead).status_code == 404  # not assigned yet
    grp.session.leaders.set([grp.leader1])
    assert sign_in(Client(), grp.leader1).get(lead).status_code == 200


def test_no_js_room_post_holds_crisis_message(grp):
    grp.session.leaders.set([grp.leader1, grp.leader2])
    p, token, _c = approved(grp.online)
    actions.start(grp.session, grp.leader1)
    client = Client()
    room = reverse("groups:room", kwargs={"token": token, "session_id": grp.session.pk})
    client.get(room)
    r = client.post(reverse("groups:room_send", kwargs={"token": token, "session_id": grp.session.pk}), {"text": "jeg vil ikke leve mer, jeg har pillene klare", "client_id": "x1"}, follow=True)
    page = r.content.decode()
    assert 'id="crisis-panel"' in page and 'id="crisis-panel" hidden' not in page
    m = RoomMessage.objects.get()
    assert m.held
    other, otoken, _c = approved(grp.online, "Bo")
    assert "pillene" not in Client().get(reverse("groups:room", kwargs={"token": otoken, "session_id": grp.session.pk})).content.decode()
    lead = sign_in(Client(), grp.leader2).get(reverse("groups:lead", kwargs={"pk": grp.session.pk})).content.decode()
    assert "pillene klare" in lead and "Holdt tilbake" in lead


def test_offers_link_open_groups_on_service_pages(grp):
    from losen.core import offers

    found = offers.for_services({"nks-veiledningssenter", "kirkens-sos"})
    assert [o.kind for o in found["nks-veiledningssenter"]] == ["group"]
    assert not [o for o in found["kirkens-sos"] if o.kind == "group"]


def test_leaders_notice_is_read_with_the_pickup_code(grp):
    grp.session.leaders.set([grp.leader1])
    p, _token, code = actions.apply(grp.online, "Ada")
    client = sign_in(Client(), grp.leader1)
    client.post(reverse("groups:lead_action", kwargs={"pk": grp.session.pk}), {"action": "notice", "text": "Vi flytter samlingen til kl. 19."})
    assert sign_in(Client(), grp.leader2).post(reverse("groups:lead_action", kwargs={"pk": grp.session.pk}), {"action": "notice", "text": "x"}).status_code == 404
    r = Client().post(reverse("groups:pickup"), {"code": code})
    assert "Vi flytter samlingen til kl. 19." in Client().get(r["Location"]).content.decode()
    assert AuditEvent.objects.filter(action="group_notice_posted").count() == 1
