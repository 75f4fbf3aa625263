from django.db import migrations, models


class Migration(migrations.Migration):
    """The chat responder's wrap-up outcome (a fixed code), moved here from chat.ContactRecord."""

    dependencies = [("stats", "0002_contact_line_tried_closed_imports_targets")]

    operations = [
        migrations.AddField(model_name="contact", name="wrap_up", field=models.CharField(blank=True, max_length=24)),
    ]
