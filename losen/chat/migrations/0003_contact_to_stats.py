"""The chat's anonymous ContactRecord moves into the one record for every channel,
`stats.Contact`: every row is copied, conversations still open are linked, then ContactRecord
goes. Nothing from the text was in it and nothing is added."""

import django.db.models.deletion
from django.db import migrations, models


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def outcome_of(row):
    if row.abandoned or (row.ended_at and not row.answered_at):
        return "abandoned_answered" if row.answered_at else "abandoned_queue"
    if row.answered_at:
        return "answered"
    return "open"


def copy_records(apps, schema_editor):
    ContactRecord = apps.get_model("chat", "ContactRecord")
    Contact = apps.get_model("stats", "Contact")
    Conversation = apps.get_model("chat", "Conversation")
    for row in ContactRecord.objects.order_by("pk").iterator():
        answers = row.answers or {}
        handle = None
        if row.answered_at and row.ended_at and not row.abandoned:
            handle = max(0, int((row.ended_at - row.answered_at).total_seconds()))
        contact = Contact.objects.create(
            service_id=row.service_id, organisation_id=row.organisation_id, channel="chat", received_hour=_hour(row.queued_at),
            outcome=outcome_of(row), wait_seconds=row.waited_seconds, handle_seconds=handle, first_contact=row.first_time,
            age_band=answers.get("age", "")[:16], gender=answers.get("gender", "")[:16], county=answers.get("county", "")[:32],
            topics=row.topics or [], referrals=row.referrals or [], transfers=row.transfers, transferred_to=row.transferred_to or [],
            escalations=row.escalations, risk="acute" if row.risk_flagged else "none", feedback=row.feedback or {},
            wrap_up=row.outcome if row.outcome != "abandoned" else "",
        )
        if row.conversation_id:
            Conversation.objects.filter(pk=row.conversation_id).update(contact=contact)


def copy_back(apps, schema_editor):
    ContactRecord = apps.get_model("chat", "ContactRecord")
    Conversation = apps.get_model("chat", "Conversation")
    Contact = apps.get_model("stats", "Contact")
    linked = dict(Conversation.objects.exclude(contact=None).values_list("contact_id", "pk"))
    for c in Contact.objects.filter(channel="chat").order_by("pk").iterator():
        answers = {k: v for k, v in (("age", c.age_band), ("gender", c.gender), ("county", c.county)) if v}
        ContactRecord.objects.create(
            service_id=c.service_id, organisation_id=c.organisation_id, conversation_id=linked.get(c.pk), queued_at=c.received_hour,
            abandoned=c.outcome.startswith("abandoned"), waited_seconds=c.wait_seconds, first_time=c.first_contact, answers=answers,
            risk_flagged=c.risk == "acute", topics=c.topics, referrals=c.referrals, outcome=c.wrap_up or ("abandoned" if c.outcome == "abandoned_queue" else ""),
            transfers=c.transfers, transferred_to=c.transferred_to, escalations=c.escalations, feedback=c.feedback,
        )
    Contact.objects.filter(channel="chat").delete()


class Migration(migrations.Migration):
    dependencies = [("chat", "0002_aggressive_autovacuum"), ("stats", "0003_chat_wrap_up")]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="contact",
            field=models.OneToOneField(null=True, blank=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="stats.contact"),
        ),
        migrations.RunPython(copy_records, copy_back),
        migrations.DeleteModel(name="ContactRecord"),
    ]
