"""After a full exchange, neither the database nor the log holds the help seeker's address,
user agent or pickup code, and the texts are encrypted at rest."""

import json
import logging

import pytest
from django.apps import apps
from django.db import connection

from losen.letters import actions, codes
from losen.letters.models import Letter, Thread

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.199"
AGENT = "Mozilla/5.0 LetterLeakProbe/7.7 (unik-agent)"
SECRET_TEXT = "Hemmelig-tekst-som-ikke-skal-ligge-i-klartekst"


def dump_database() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cur:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                parts.append(" ".join(bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v) for v in row))
    return "\n".join(parts)


def test_full_exchange_leaves_no_address_agent_or_code(letters, client, staff_client, caplog):
    caplog.set_level(logging.DEBUG)
    env = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}
    # the visitor writes on the page (no JavaScript) and through the API
    page = client.post("/skriv/kirkens-sos/", {"text": f"Jeg har det tungt. {SECRET_TEXT}", "age": "19-25"}, **env)
    code = page.context["code"]
    api_code = client.post("/api/v1/messages", json.dumps({"service": "girku-sos", "text": "Mun dárbbašan veahki."}), content_type="application/json", **env).json()["code"]
    # a wrong code too (counted by the in-memory limiter only)
    client.post("/skriv/hent/", {"code": "eple-bro-kanin-lys"}, **env)
    # a responder claims and answers
    t = Thread.objects.get(service=letters.ks)
    responder = staff_client(letters.volunteer)
    responder.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/ta/")
    responder.post(f"/skriv/vakt/kirkens-sos/melding/{t.pk}/svar/", {"text": "Takk for at du skrev til oss."})
    # the visitor reads, replies, gives feedback, reads through the API
    client.post("/skriv/hent/", {"code": code}, **env)
    client.post("/skriv/hent/svar/", {"code": code, "text": "Takk, det hjalp."}, **env)
    client.post("/skriv/hent/tilbakemelding/", {"code": code, "helped": "yes"}, **env)
    client.post("/api/v1/messages/thread", json.dumps({"code": api_code}), content_type="application/json", **env)
    client.post("/api/v1/messages/delete", json.dumps({"code": api_code}), content_type="application/json", **env)

    db = dump_database()
    assert Thread.objects.count() == 1 and Letter.objects.count() == 3
    for needle in (ADDRESS, AGENT, "LetterLeakProbe", code, api_code, codes.normalise(code)):
        assert needle not in db, f"{needle!r} found in the database"
    for word in code.split("-"):
        assert f"-{word}-" not in db
    # texts are encrypted at rest
    assert SECRET_TEXT not in db and "Takk, det hjalp." not in db
    assert SECRET_TEXT in Letter.objects.filter(sender=Letter.VISITOR).first().text
    # the code is stored only as its HMAC
    assert Thread.objects.get().code_hmac == codes.digest(code)

    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for needle in (ADDRESS, AGENT, code, api_code, SECRET_TEXT):
        assert needle not in logged, f"{needle!r} found in the log"


def test_nothing_about_the_visitor_in_cookies_or_urls(letters, client):
    r = client.post("/skriv/kirkens-sos/", {"text": "Et lite spørsmål om skolen."})
    assert not r.cookies  # no session, no CSRF cookie, nothing
    code = r.context["code"]
    html = r.content.decode()
    assert f"?code={code}" not in html and f"/{code}/" not in html
    r = client.post("/skriv/hent/", {"code": code})
    assert not r.cookies and r["Cache-Control"] == "no-store"
    assert 'name="code" value="' + code in r.content.decode()  # only in POST forms


def test_submit_never_logs_the_code(letters, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    sent = actions.submit(letters.ks, "Et spørsmål om en venn.")
    assert all(sent.code not in r.getMessage() for r in caplog.records)
