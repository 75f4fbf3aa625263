# The lockout moved to the cache, per user name and client; the table keeps the per-account
# slow-down only (see losen.accounts.signin).

from django.db import migrations, models


def forget_old_rows(apps, schema_editor):
    # Old rows were created for any typed name, existing or not; the new table has only accounts.
    apps.get_model("accounts", "SignInThrottle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(forget_old_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="signinthrottle", name="locked_until"),
        migrations.AddField(model_name="signinthrottle", name="last_failed_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="signinthrottle", name="cleared_at", field=models.DateTimeField(blank=True, null=True)),
    ]
