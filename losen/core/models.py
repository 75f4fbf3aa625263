from django.db import models


class ScheduledJob(models.Model):
    """When a periodic job may next run. A process claims a run with one conditional UPDATE
    (see `losen.core.scheduler`), so several processes never run the same job at once."""

    name = models.CharField(max_length=64, primary_key=True)
    due_at = models.DateTimeField()
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name
