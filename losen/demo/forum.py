"""Demo forums (idempotent): Kors på halsen's forum (under 18: pre-moderation) with posts waiting
for moderation, one of them held by the crisis detector, and a Sidetmedord forum (post-moderation).
Moderators: Norges Røde Kors' shift leader (and volunteers given the forum permission)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from losen.accounts.models import User
from losen.directory.models import Service
from losen.forum import actions
from losen.forum.models import Forum, Post

DEMO_CODE = "demo fugl blomst hage"  # demo only


@transaction.atomic
def load():
    if Forum.objects.filter(slug="kors-pa-halsen").exists():
        return
    kph = actions.create_forum(
        Service.objects.get(slug="kors-pa-halsen"), "kors-pa-halsen", "Kors på halsen – forum",
        description="Skriv med andre unge under 18 år. Alt leses av en voksen moderator før det vises.",
        sections=[("venner-og-familie", "Venner og familie"), ("skole", "Skole"), ("tanker-og-folelser", "Tanker og følelser")],
    )
    kph.demo = True
    kph.save(update_fields=["demo"])
    sections = {s.slug: s for s in kph.sections.all()}
    leader = User.objects.filter(username="rk-vaktleder").first()
    opener, _code = actions.write(sections["venner-og-familie"], "Stjerne", "Noen andre som har foreldre som krangler hele tiden?", title="Foreldre som krangler", code=DEMO_CODE)
    if leader is not None:
        actions.approve(opener, leader)
        actions.write(sections["venner-og-familie"], "", "Takk for at du deler. Det er mange som kjenner seg igjen i dette.", thread=opener.thread, moderator=leader)
    actions.write(sections["skole"], "Blyant", "Jeg gruer meg sånn til skolen etter ferien. Hva gjør dere?", title="Gruer meg til skolen", code=DEMO_CODE)
    actions.write(sections["venner-og-familie"], "Måke", "Jeg har det også sånn. Det hjelper å snakke med noen.", thread=opener.thread)
    actions.write(sections["tanker-og-folelser"], "Natt", "Jeg vil ikke leve mer. Jeg har tenkt på hvordan.", title="Orker ikke")
    Post.objects.filter(thread__section__forum=kph).update(created_at=timezone.now() - timedelta(hours=1))

    smo = actions.create_forum(
        Service.objects.get(slug="sidetmedord"), "sidetmedord", "Sidetmedord – forum",
        description="Del tanker og erfaringer med andre. Ser du noe som ikke er greit, kan du melde fra.",
        sections=[("tanker", "Tanker og følelser"), ("hverdag", "Hverdagen")],
    )
    smo.demo = True
    smo.save(update_fields=["demo"])
    actions.write(smo.sections.get(slug="hverdag"), "Sol", "Hva gjør dere for å få til å stå opp om morgenen?", title="Morgener")
