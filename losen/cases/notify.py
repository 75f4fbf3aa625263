"""Notifications to a help seeker or contact person: "du har en ny melding". They never name
the service and never carry any text from the case; the person follows a plain link to Losen.

E-mail uses Django's e-mail backend. SMS goes through a pluggable provider named in
`settings.LOSEN_SMS_PROVIDER` ("module.Class" with `send(number, text)`); the demo and tests use
`ConsoleSMS`, which writes to the "losen.cases.sms" logger without the number."""

import logging
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger("losen.cases.sms")
outbox: list[tuple[str, str]] = []  # ConsoleSMS's sent texts, for tests (number kept out)


class ConsoleSMS:
    def send(self, number: str, text: str) -> None:
        outbox.append(("", text))
        log.info("sms: %s", text)


def sms_provider():
    target = getattr(settings, "LOSEN_SMS_PROVIDER", "losen.cases.notify.ConsoleSMS")
    module, _sep, attr = target.rpartition(".")
    return getattr(import_module(module), attr)()


def texts(language: str = "nb") -> tuple[str, str]:
    """(subject, body) of the notice: nothing about the service or the content."""
    with translation.override(language):
        subject = _("Du har en ny melding")
        body = _("Du har en ny melding i Losen. Logg inn med koden din på %(url)s for å lese den.") % {
            "url": getattr(settings, "LOSEN_PUBLIC_URL", "https://losen.no") + "/oppfolging/min/"
        }
    return subject, body


def new_message(email: str = "", phone: str = "", language: str = "nb") -> int:
    subject, body = texts(language)
    sent = 0
    if email:
        try:
            sent += send_mail(subject, body, None, [email])
        except OSError:  # the mail server is down: the message is in Losen all the same
            log.warning("new-message e-mail not sent")
    if phone:
        sms_provider().send(phone, body)
        sent += 1
    return sent


def concern(emails) -> None:
    """To the daily leader at once: that there is a concern, not what it is or whose."""
    subject = _("Ny bekymring i en oppfølgingssak")
    body = _("Det er meldt en ny bekymring. Se skrivebordet ditt i Losen.")
    try:
        send_mail(subject, body, None, list(emails))
    except OSError:
        log.warning("concern e-mail not sent")
