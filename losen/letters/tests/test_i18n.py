"""The app's English catalogue is compiled and used (completeness: core/tests/test_i18n.py)."""

from django.utils import translation


def test_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Skriv til oss") == "Write to us"
        assert translation.gettext("Slett samtalen") == "Delete the conversation"
