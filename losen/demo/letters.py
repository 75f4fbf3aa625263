"""Demo data for "Skriv til oss": messages on for Kirkens SOS and Girku SOS, with a few waiting
threads at different deadlines (one Northern Sami, one risk-flagged, one near its deadline).
Idempotent: threads are created only when the demo has none.

The answer time comes from the directory's message channel. If a record has no message channel
with an answer time yet, the demo adds one with 24 hours (the time the seed gives for both
services, 003 Vedlegg B) and says so."""

import sys
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from losen.accounts.models import Organisation, User
from losen.directory.models import Service
from losen.letters import actions, rules
from losen.letters.models import LetterService, Responder, Thread

SERVICES = ("kirkens-sos", "girku-sos")
FALLBACK_HOURS = 24  # seed 003: "skal besvares innen 24 timer" for both

THREADS = [
    # (service, hours since received, text, language)
    ("kirkens-sos", 22.5, "Jeg har det tungt for tiden og vet ikke hvem jeg skal snakke med. Jobben tar all energien, og jeg sover dårlig.", "nb"),
    ("kirkens-sos", 6, "Kjæresten min har gjort det slutt, og jeg klarer ikke slutte å tenke på det. Er det normalt å ha det sånn så lenge?", "nb"),
    ("kirkens-sos", 1, "Jeg vil ikke leve mer. Jeg har tenkt på det lenge.", "nb"),
    ("girku-sos", 10, "Mun lean váiban ja ferten muitalit juoidá. Giitu go lehpet.", "se"),
    ("girku-sos", 2, "Jeg er same og vil helst skrive med noen som forstår hvordan det er hjemme hos oss.", "nb"),
]


def _ensure_message_channel(service: Service) -> str | None:
    channels = service.document.get("channels") or []
    if any(c.get("kind") == "message" and c.get("answer_time_hours") for c in channels):
        return None
    channel = {
        "kind": "message", "address": None, "languages": ["se"] if service.slug == "girku-sos" else ["nb"],
        "answer_time_hours": FALLBACK_HOURS, "hours": {"kind": "unknown"},
        "hours_text": {"nb": "Meldingstjeneste: svar innen 24 timer.", "en": "Message service: answer within 24 hours."},
    }
    service.edit({**service.document, "channels": [*channels, channel]}, None, note="demo: message channel, 24 h (seed 003)")
    return f"demo: {service.slug} had no message channel with an answer time in the directory; added one with {FALLBACK_HOURS} h (seed 003)"


@transaction.atomic
def load():
    notes = []
    services = {}
    for slug in SERVICES:
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            notes.append(f"demo: {slug} is not in the directory; skipped")
            continue
        note = _ensure_message_channel(service)
        if note:
            notes.append(note)
        ls, _ = LetterService.objects.get_or_create(service=service, defaults={"enabled": True, "questions": ["age", "before"]})
        if not ls.enabled:
            ls.enabled = True
            ls.save(update_fields=["enabled"])
        services[slug] = ls
    org = Organisation.objects.filter(slug="kirkens-sos").first()
    if org is not None:
        for username, languages in (("ks-frivillig2", ["nb", "se"]), ("ks-vaktleder", ["nb"])):
            user = User.objects.filter(username=username).first()
            if user is not None:
                Responder.objects.get_or_create(user=user, organisation=org, defaults={"languages": languages, "second_reader": username == "ks-vaktleder"})
    if services and not Thread.objects.filter(service__in=services.values()).exists():
        now = timezone.now()
        for slug, hours_ago, text, language in THREADS:
            ls = services.get(slug)
            if ls is None:
                continue
            received = now - timedelta(hours=hours_ago)
            sent = actions.submit(ls, text, language, {}, now=received)
            assert sent.thread.answer_by == rules.answer_by(received, actions.answer_hours(ls))
    for note in notes:
        print(note, file=sys.stderr)
    return notes
