"""Encryption of personal data at rest (volunteers' and cases' special categories): Fernet with
the key in `LOSEN_PERSONAL_DATA_KEY`, outside the database. A database dump alone reads nothing.

`EncryptedTextField` stores ciphertext and gives back text; reads of such fields are audited
by the app that shows them (`losen.audit.models.record`)."""

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _fernet() -> Fernet:
    return Fernet(settings.LOSEN_PERSONAL_DATA_KEY)


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt: wrong LOSEN_PERSONAL_DATA_KEY or damaged value") from None


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet in the database. Empty text is stored as empty (nothing to hide).
    Not searchable or orderable by content, by design."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
