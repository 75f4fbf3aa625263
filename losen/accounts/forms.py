from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from losen.accounts import roles
from losen.accounts.models import ROLE_CHOICES


class PasswordForm(forms.Form):
    username = forms.CharField(label=_("Brukernavn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Passord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Engangskode fra autentiseringsappen"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Skriv de seks sifrene fra appen.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(label=_("Nytt passord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    repeat = forms.CharField(label=_("Gjenta nytt passord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("repeat"):
            self.add_error("repeat", _("Passordene er ikke like."))
        elif data.get("new_password"):
            try:
                password_validation.validate_password(data["new_password"], self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password", exc)
        return data


class AddMemberForm(forms.Form):
    username = forms.CharField(label=_("Brukernavn"), max_length=150)
    role = forms.ChoiceField(label=_("Rolle"), choices=[c for c in ROLE_CHOICES if c[0] in roles.ORGANISATION_ROLES])
