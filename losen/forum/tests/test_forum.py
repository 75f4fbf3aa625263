"""Forums: moderation modes, the crisis hold, the queue, moderators' actions (audited), the
writer's code, retention and access."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.audit.models import AuditEvent
from losen.conftest import make_staff, sign_in
from losen.core import pickup
from losen.directory.models import Service
from losen.forum import actions, rules
from losen.forum.models import Post, Thread

CRISIS = "Jeg vil ikke leve mer. Jeg har pillene klare i kveld."


@pytest.fixture
def fx(directory):
    class F:
        pass

    f = F()
    rk = Organisation.objects.get(slug="norges-rode-kors")
    mh = Organisation.objects.get(slug="mental-helse")
    f.kph = actions.create_forum(Service.objects.get(slug="kors-pa-halsen"), "kors-pa-halsen", "Kors på halsen-forumet", sections=[("venner", "Venner")])
    f.smo = actions.create_forum(Service.objects.get(slug="sidetmedord"), "sidetmedord", "Sidetmedord-forumet", sections=[("tanker", "Tanker og følelser")])
    f.kph_section, f.smo_section = f.kph.sections.get(), f.smo.sections.get()
    f.rk_leader = make_staff("rk-leder", roles.SHIFT_LEADER, rk)
    f.rk_volunteer = make_staff("rk-frivillig", roles.VOLUNTEER, rk)
    f.mh_leader = make_staff("mh-leder", roles.SHIFT_LEADER, mh)
    return f


def test_rules():
    assert rules.default_moderation(17) == "pre" and rules.default_moderation(None) == "post" and rules.default_moderation(25) == "post"
    assert rules.initial_state("post", crisis=True) == "held" and rules.initial_state("pre", crisis=False) == "pending"
    t = timezone.now()
    items = [{"id": 1, "risk": False, "state": "pending", "reports": 0, "created_at": t}, {"id": 2, "risk": True, "state": "held", "reports": 0, "created_at": t + timedelta(1)}]
    assert [i["id"] for i in rules.queue_order(items)] == [2, 1]


def test_under_18_service_pre_moderates_by_default(fx):
    assert fx.kph.moderation == "pre" and fx.smo.moderation == "post"
    post, code = actions.write(fx.kph_section, "Fugl", "Hei, noen som vil prate?", title="Ensom")
    assert post.state == "pending" and len(code.split()) >= 4
    assert Client().get(reverse("forum:thread", kwargs={"pk": post.thread_id})).status_code == 404
    post2, _ = actions.write(fx.smo_section, "Sol", "Hei alle", title="Hei")
    assert post2.state == "published"


def test_crisis_post_is_held_in_either_mode_and_the_writer_sees_the_panel(fx):
    r = Client().post(reverse("forum:section", kwargs={"slug": "sidetmedord", "section": "tanker"}), {"title": "Orker ikke", "nickname": "Regn", "text": CRISIS})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="crisis-panel"' in page and "113" in page
    post = Post.objects.get()
    assert post.state == "held" and post.risk and "pillene" not in str(post.risk_reasons)
    assert actions.alerts([fx.smo.pk])["held"] == 1
    home = sign_in(Client(), fx.mh_leader).get(reverse("accounts:home")).content.decode()
    assert "holdt tilbake (krise)" in home
    # risk-flagged first in the queue
    actions.write(fx.smo_section, "Sol", "Vanlig innlegg", title="Vanlig")
    actions.write(fx.kph_section, "Fugl", "vanlig", title="a")
    queue = actions.queue(fx.smo)
    assert queue[0].pk == post.pk


def test_moderator_actions_are_audited_and_reasons_reach_the_writer(fx):
    p1, code = actions.write(fx.kph_section, "Fugl", "Første innlegg", title="Tråd")
    p2, _ = actions.write(fx.kph_section, "Fugl", "Andre innlegg", title="Tråd 2", code=code)
    client = sign_in(Client(), fx.rk_leader)
    url = lambda p: reverse("forum:moderate", kwargs={"slug": "kors-pa-halsen", "pk": p.pk})  # noqa: E731
    assert client.post(url(p1), {"action": "approve"}).status_code == 302
    r = client.post(url(p2), {"action": "reject", "reason": ""}, follow=True)
    assert Post.objects.get(pk=p2.pk).state == "pending"  # no reason: nothing happens, an error is shown
    client.post(url(p2), {"action": "reject", "reason": "Innlegget inneholder et fullt navn."})
    thread_url = reverse("forum:thread_action", kwargs={"slug": "kors-pa-halsen", "pk": p1.thread_id})
    client.post(thread_url, {"action": "reply", "text": "Velkommen hit!"})
    client.post(thread_url, {"action": "lock"})
    assert Thread.objects.get(pk=p1.thread_id).locked
    reply = Post.objects.get(by_moderator=True)
    assert reply.state == "published" and reply.nickname == ""
    page = Client().get(reverse("forum:thread", kwargs={"pk": p1.thread_id})).content.decode()
    assert "Moderator" in page and "Velkommen hit!" in page and "Tråden er låst" in page
    with pytest.raises(actions.NotAllowed):
        actions.write(fx.kph_section, "Fugl", "svar", thread=p1.thread)
    mine = Client().post(reverse("forum:mine"), {"code": code}).content.decode()
    assert "Innlegget inneholder et fullt navn." in mine
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"forum_approved", "forum_rejected", "forum_moderator_post", "forum_thread_locked"}


def test_moderation_access(fx):
    url = reverse("forum:moderation", kwargs={"slug": "kors-pa-halsen"})
    assert sign_in(Client(), fx.rk_leader).get(url).status_code == 200
    assert sign_in(Client(), fx.rk_volunteer).get(url).status_code == 404  # no forum permission
    fx.kph.moderators.add(fx.rk_volunteer)
    assert sign_in(Client(), fx.rk_volunteer).get(url).status_code == 200
    assert sign_in(Client(), fx.mh_leader).get(url).status_code == 404  # another organisation
    assert Client().get(url).status_code == 302
    post, _ = actions.write(fx.kph_section, "Fugl", "x", title="y")
    with pytest.raises(actions.NotAllowed):
        actions.approve(post, fx.mh_leader)


def test_report_button_in_post_moderation(fx):
    post, _ = actions.write(fx.smo_section, "Sol", "Noe ekkelt", title="Hei")
    Client().post(reverse("forum:report", kwargs={"pk": post.pk}))
    assert Post.objects.get(pk=post.pk).reports == 1
    assert actions.queue(fx.smo)[0].pk == post.pk


def test_writer_deletes_own_post_with_code_and_only_digests_are_stored(fx):
    r = Client().post(reverse("forum:section", kwargs={"slug": "sidetmedord", "section": "tanker"}), {"title": "Hei", "nickname": "Sol", "text": "Hei alle sammen"})
    code = re.search(r'id="pickup-code"><strong>([^<]+)<', r.content.decode()).group(1)
    post = Post.objects.get()
    assert post.code_digest == pickup.digest(code)
    with connection.cursor() as cur:
        cur.execute("SELECT code_digest, nickname, text FROM forum_post")
        assert code not in " ".join(cur.fetchone())
    thread = post.thread
    reply, _ = actions.write(fx.smo_section, "Måne", "Hei tilbake", thread=thread)
    assert Client().post(reverse("forum:mine"), {"code": "feil ord her nå", "delete": post.pk}).status_code == 200
    assert Post.objects.filter(pk=post.pk).exists()
    r = Client().post(reverse("forum:mine"), {"code": code.upper(), "delete": reply.pk})
    assert Post.objects.filter(pk=reply.pk).exists()  # not theirs
    Client().post(reverse("forum:mine"), {"code": code, "delete": post.pk})
    assert not Post.objects.filter(pk=post.pk).exists()


def test_form_errors_keep_text(fx):
    r = Client().post(reverse("forum:section", kwargs={"slug": "sidetmedord", "section": "tanker"}), {"title": "", "nickname": "Sol", "text": "Mye tekst jeg skrev"})
    page = r.content.decode()
    assert r.status_code == 200 and "Mye tekst jeg skrev" in page and "errorlist" in page and not Post.objects.exists()
    r = Client().post(reverse("forum:section", kwargs={"slug": "sidetmedord", "section": "tanker"}), {"title": "Hei", "nickname": "Sol", "text": "x", "code": "to ord"})
    assert "minst fire ord" in r.content.decode()
    r = Client().post(reverse("forum:section", kwargs={"slug": "sidetmedord", "section": "tanker"}), {"title": "Hei", "nickname": "Sol", "text": "x"}, HTTP_ORIGIN="https://evil.example")
    assert r.status_code == 403


def test_retention(fx):
    from losen.core import scheduler

    old, _ = actions.write(fx.smo_section, "Sol", "gammelt", title="Gammel")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    new, _ = actions.write(fx.smo_section, "Sol", "nytt", title="Ny")
    scheduler.run_due(force=True, only="forum.retention")
    assert not Post.objects.filter(pk=old.pk).exists() and Post.objects.filter(pk=new.pk).exists()
    assert Thread.objects.count() == 1


def test_forum_offers_and_directory_channel(fx):
    from losen.core import offers

    found = offers.for_services({"kors-pa-halsen"})
    assert any(o.kind == "forum" and o.url == "/forum/kors-pa-halsen/" for o in found["kors-pa-halsen"])
    page = Client().get(reverse("directory:detail", kwargs={"slug": "kors-pa-halsen"})).content.decode()
    assert "/forum/kors-pa-halsen/" in page
