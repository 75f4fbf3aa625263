from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from losen.audit.models import record


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    record(user, "sign_in")


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, "sign_out")
