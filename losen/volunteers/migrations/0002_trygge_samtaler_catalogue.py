"""The six Trygge samtaler modules (RVTS, seed 003 ch. 4.7) as the shared training catalogue.
Hours are not given in the seed: stored as not known."""

from django.db import migrations

SOURCE = "Bufdir 2026, kartlegging av hjelpetelefoner og chattetjenester, kap. 4.7 (Trygge samtaler)"
MODULES = [
    ("ts-samtalen-chat-telefon", "Trygge samtaler 1: Samtalen på chat og telefon", "RVTS Sør"),
    ("ts-selvmordsforebyggende", "Trygge samtaler 2: Den selvmordsforebyggende samtalen", "Alle RVTS-sentrene"),
    ("ts-traumebevisst", "Trygge samtaler 3: Den traumebevisste samtalen", "RVTS Øst"),
    ("ts-parorende-etterlatte", "Trygge samtaler 4: Samtalen med pårørende og etterlatte", "RVTS Vest"),
    ("ts-vold-overgrep", "Trygge samtaler 5: Samtalen om vold og overgrep", "RVTS Midt"),
    ("ts-selvivaretakelse", "Trygge samtaler 6: Hjelperens selvivaretagende samtale", "RVTS Nord"),
]


def load(apps, schema_editor):
    Module = apps.get_model("volunteers", "Module")
    for code, name, provider in MODULES:
        Module.objects.get_or_create(organisation=None, code=code, defaults={"name": name, "provider": provider, "source": SOURCE})


def unload(apps, schema_editor):
    apps.get_model("volunteers", "Module").objects.filter(organisation=None, code__in=[m[0] for m in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_volunteers_stages_training_declarations")]
    operations = [migrations.RunPython(load, unload)]
