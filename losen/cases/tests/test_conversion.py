"""Intake from a chat or a written message (issue 15): the responder offers "Vil du ha en fast
samtalepartner?" in the chat console or the letters inbox (through `losen.core.conversions`, so
neither channel app imports cases); the person consents in their own view with the consent text's
version recorded; a case with only what matching needs lands in the intake queue and the person
gets their pickup code. Wrong role, wrong organisation, wrong token and expired offers are refused."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.cases import actions
from losen.cases.models import Case, Offer
from losen.chat import actions as chat_actions
from losen.chat.models import ChatService, Conversation, Message
from losen.conftest import make_staff

pytestmark = pytest.mark.django_db

INTAKE = {"step": "intake", "answer": "yes", "first_name": "Sol", "forms": ["chat"], "times": ["evening"], "language": "nb", "need": "Noen å snakke med", "consent": "on"}


@pytest.fixture
def conv(hk):
    cs = ChatService.objects.create(service=hk["cs"].service, enabled=True, hours=ChatService.HOURS_ALWAYS, questions=["age"])
    responder = make_staff("hk-chat", roles.VOLUNTEER, hk["org"])
    c = chat_actions.start(cs, {}, "nb", "")
    chat_actions.store_message(c.pk, Message.VISITOR, "Hemmelig chattekst om familien", "c1")
    Conversation.objects.filter(pk=c.pk).update(state=Conversation.ACTIVE, responder=responder)
    c = Conversation.objects.get(pk=c.pk)
    c.responder_user = responder
    return c


def _prompt(html):
    offer = re.search(r'name="offer" value="(\d+)"', html)
    token = re.search(r'name="token" value="([0-9a-f]{64})"', html)
    return (offer.group(1), token.group(1)) if offer and token else None


def test_chat_to_case_with_consent(hk, conv, client, as_user):
    org = hk["org"].slug
    responder = as_user(conv.responder_user)
    console = f"/chat/vakt/{org}/samtale/{conv.pk}/"
    assert "Vil du ha en fast samtalepartner?" in responder.get(console).content.decode()
    assert _prompt(client.get(f"/chat/samtale/{conv.token}/").content.decode()) is None  # not offered yet

    assert responder.post(console + "fast-samtalepartner/").status_code == 302
    assert responder.post(console + "fast-samtalepartner/").status_code == 302  # twice: still one open offer
    assert Offer.objects.count() == 1
    assert "Personen er spurt" in responder.get(console).content.decode()
    assert Message.objects.filter(conversation=conv, text="case_offer").exists()  # the visitor's page reloads on it

    page = client.get(f"/chat/samtale/{conv.token}/").content.decode()
    assert "Vil du ha en fast samtalepartner?" in page and 'action="/oppfolging/tilbud/"' in page
    offer, token = _prompt(page)
    assert token not in Offer.objects.get().nonce  # the database holds no answerable token

    r = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, "answer": "yes"})
    form = r.content.decode()
    assert r.status_code == 200 and "Jeg samtykker til at Hjelpekilden" in form and "versjon 1" in form
    assert "Hemmelig chattekst" not in form and not Case.objects.exists()

    r = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, **dict(INTAKE, consent="")})
    assert r.status_code == 400 and "Sol" in r.content.decode() and not Case.objects.exists()  # input kept

    r = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, **INTAKE})
    assert r.status_code == 200 and not r.cookies
    assert re.search(r"<strong>[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</strong>", r.content.decode())
    case = Case.objects.get()
    assert case.source == "chat" and case.status == Case.WAITING and case.consent_version == 1 and case.consent_at
    assert case.first_name == "Sol" and "Hemmelig" not in case.details and "familien" not in case.details
    assert Offer.objects.get().state == Offer.ACCEPTED

    assert "takket ja" in responder.get(console).content.decode()
    assert _prompt(client.get(f"/chat/samtale/{conv.token}/").content.decode()) is None
    again = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, **INTAKE})
    assert again.status_code == 404 and Case.objects.count() == 1  # answered once only
    desk = as_user(hk["leader"]).get(f"/oppfolging/org/{org}/").content.decode()
    assert case.ref in desk and "1 venter på match" in desk


def test_decline_wrong_token_and_expiry(hk, conv, client):
    actions.offer_case("chat", conv.pk, "hjelpekilden", hk["org"], conv.responder_user)
    offer, token = _prompt(client.get(f"/chat/samtale/{conv.token}/").content.decode())
    assert client.get("/oppfolging/tilbud/").status_code == 404
    assert client.post("/oppfolging/tilbud/", {"offer": offer, "token": "0" * 64, "answer": "yes"}).status_code == 404
    assert client.post("/oppfolging/tilbud/", {"offer": "x", "token": token, "answer": "yes"}).status_code == 404
    assert client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, "answer": "yes"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    r = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, "answer": "no"})
    assert r.status_code == 200 and "nei takk" in r.content.decode()
    assert Offer.objects.get().state == Offer.DECLINED and not Case.objects.exists()
    assert _prompt(client.get(f"/chat/samtale/{conv.token}/").content.decode()) is None

    # a new offer expires after a day and is then deleted by the retention job
    Offer.objects.all().delete()
    o = actions.offer_case("chat", conv.pk, "hjelpekilden", hk["org"], conv.responder_user)
    Offer.objects.filter(pk=o.pk).update(offered_at=timezone.now() - timedelta(hours=actions.OFFER_HOURS + 1))
    assert _prompt(client.get(f"/chat/samtale/{conv.token}/").content.decode()) is None
    assert client.post("/oppfolging/tilbud/", {"offer": o.pk, "token": actions.offer_token(o), "answer": "yes"}).status_code == 404
    actions.purge_expired()
    assert not Offer.objects.exists()


def test_offer_wrong_role_and_wrong_organisation(hk, conv, as_user, directory):
    from losen.accounts.models import Organisation

    org = hk["org"].slug
    url = f"/chat/vakt/{org}/samtale/{conv.pk}/fast-samtalepartner/"
    outsider = make_staff("ks-vol-x", roles.VOLUNTEER, Organisation.objects.get(slug="kirkens-sos"))
    assert as_user(outsider).post(url).status_code == 403
    reader = make_staff("hk-reader", roles.STATISTICS_READER, hk["org"])
    assert as_user(reader).post(url).status_code == 403
    colleague = make_staff("hk-chat-2", roles.VOLUNTEER, hk["org"])
    assert as_user(colleague).post(url).status_code == 404  # not their chat
    assert as_user(conv.responder_user).get(url).status_code == 405
    assert not Offer.objects.exists()


def test_no_offer_without_a_follow_up_service(hk, as_user, directory):
    """A chat of an organisation without follow-up shows no offer, and posting one does nothing."""
    from losen.accounts.models import Organisation
    from losen.directory.models import Service

    ks_org = Organisation.objects.get(slug="kirkens-sos")
    cs = ChatService.objects.create(service=Service.objects.get(slug="kirkens-sos"), enabled=True, hours=ChatService.HOURS_ALWAYS, questions=["age"])
    responder = make_staff("ks-chat", roles.VOLUNTEER, ks_org)
    c = chat_actions.start(cs, {}, "nb", "")
    Conversation.objects.filter(pk=c.pk).update(state=Conversation.ACTIVE, responder=responder)
    page = as_user(responder).get(f"/chat/vakt/kirkens-sos/samtale/{c.pk}/").content.decode()
    assert "offer-case" not in page
    assert as_user(responder).post(f"/chat/vakt/kirkens-sos/samtale/{c.pk}/fast-samtalepartner/").status_code == 302
    assert not Offer.objects.exists()


@pytest.fixture
def letter(hk):
    from losen.directory.models import Service
    from losen.letters import actions as letters
    from losen.letters.models import LetterService

    service = Service.objects.get(slug="hjelpekilden")
    channels = [c for c in service.document.get("channels") or [] if c.get("kind") != "message"]
    channels.append({"kind": "message", "address": None, "languages": ["nb"], "answer_time_hours": 48, "hours": {"kind": "unknown"}})
    service.document = {**service.document, "channels": channels}
    service.save()
    ls = LetterService.objects.create(service=service, enabled=True)
    return letters.submit(ls, "Hemmelig brev om menigheten", language="nb")


def test_written_message_to_case(hk, letter, client, as_user):
    from losen.accounts.models import Organisation

    org = hk["org"].slug
    responder = make_staff("hk-skriv", roles.VOLUNTEER, hk["org"])
    url = f"/skriv/vakt/{org}/melding/{letter.thread.pk}/"
    outsider = make_staff("ks-skriv", roles.VOLUNTEER, Organisation.objects.get(slug="kirkens-sos"))
    assert as_user(outsider).post(url + "fast-samtalepartner/").status_code == 403
    assert "offer-case" in as_user(responder).get(url).content.decode()
    assert as_user(responder).post(url + "fast-samtalepartner/").status_code == 302
    assert "Personen er spurt" in as_user(responder).get(url).content.decode()

    page = client.post("/skriv/hent/", {"code": letter.code}).content.decode()
    assert "Vil du ha en fast samtalepartner?" in page
    offer, token = _prompt(page)
    r = client.post("/oppfolging/tilbud/", {"offer": offer, "token": token, **INTAKE})
    assert r.status_code == 200
    case = Case.objects.get()
    assert case.source == "message" and "menigheten" not in case.details
    assert _prompt(client.post("/skriv/hent/", {"code": letter.code}).content.decode()) is None
