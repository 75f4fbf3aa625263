"""The chat's ContactRecord rows move into stats.Contact (migration chat 0003)."""

from datetime import datetime, timezone as tz

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("chat", "0002_aggressive_autovacuum"), ("stats", "0003_chat_wrap_up")]
AFTER = [("chat", "0003_contact_to_stats")]


@pytest.mark.django_db(transaction=True)
def test_contact_records_are_copied_linked_and_removed(directory):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Service = old.get_model("directory", "Service")
    ChatService = old.get_model("chat", "ChatService")
    Conversation = old.get_model("chat", "Conversation")
    ContactRecord = old.get_model("chat", "ContactRecord")
    service = Service.objects.get(slug="kirkens-sos")
    cs = ChatService.objects.create(service=service, enabled=True)
    queued = datetime(2026, 5, 4, 21, 37, 12, tzinfo=tz.utc)
    answered = datetime(2026, 5, 4, 21, 40, 0, tzinfo=tz.utc)
    ended = datetime(2026, 5, 4, 22, 10, 0, tzinfo=tz.utc)
    conv = Conversation.objects.create(service=cs, state="ended", queued_at=queued)
    ContactRecord.objects.create(
        service=service, organisation_id=service.organisation_id, conversation=conv, queued_at=queued, answered_at=answered, ended_at=ended,
        waited_seconds=168, first_time=True, answers={"age": "16-18", "gender": "other", "county": "oslo"}, risk_flagged=True,
        topics=["loneliness"], referrals=["mental-helse"], outcome="referred", transfers=1, transferred_to=["kors-pa-halsen"],
        escalations=2, feedback={"helped": "yes"},
    )
    ContactRecord.objects.create(
        service=service, organisation_id=service.organisation_id, queued_at=queued, ended_at=answered, abandoned=True,
        waited_seconds=60, answers={}, outcome="abandoned",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Contact = new.get_model("stats", "Contact")
    assert "contactrecord" not in {m._meta.model_name for m in new.get_app_config("chat").get_models()}
    first, second = Contact.objects.order_by("pk")
    assert first.channel == "chat" and first.received_hour == datetime(2026, 5, 4, 21, 0, tzinfo=tz.utc)
    assert first.outcome == "answered" and first.wait_seconds == 168 and first.handle_seconds == 30 * 60
    assert (first.first_contact, first.age_band, first.gender, first.county) == (True, "16-18", "other", "oslo")
    assert first.topics == ["loneliness"] and first.referrals == ["mental-helse"] and first.wrap_up == "referred"
    assert first.transfers == 1 and first.transferred_to == ["kors-pa-halsen"] and first.escalations == 2
    assert first.risk == "acute" and first.feedback == {"helped": "yes"}
    assert new.get_model("chat", "Conversation").objects.get(pk=conv.pk).contact_id == first.pk
    assert second.outcome == "abandoned_queue" and second.wait_seconds == 60 and second.risk == "none" and second.wrap_up == ""
    call_command("migrate", verbosity=0)  # leave the database at the latest state
