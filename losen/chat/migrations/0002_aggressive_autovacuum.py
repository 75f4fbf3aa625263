"""Aggressive autovacuum on the chat tables (PostgreSQL only), so that deleted transcripts do
not linger as dead rows between the purge job's own VACUUMs. SQLite uses secure_delete."""

from django.db import migrations

TABLES = ("chat_message", "chat_transfer", "chat_conversation")
SETTINGS = "autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 50, autovacuum_vacuum_cost_delay = 0"
RESET = "autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_cost_delay"


def aggressive(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET ({SETTINGS})")


def default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} RESET ({RESET})")


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_initial")]

    operations = [migrations.RunPython(aggressive, default, elidable=False)]
