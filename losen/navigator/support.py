"""What every channel's responder works with (chat, letters, groups, cases): the support phrases
and the suicide-risk checklist from seed 000 (plan, preparations, means)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SUPPORT_PHRASES = {
    "open": [
        lambda: _("Hvordan var det for deg?"),
        lambda: _("Hva trenger du nå?"),
        lambda: _("Hva tenker du selv om veien videre?"),
    ],
    "validate": [
        lambda: _("Det gir mening at du kjenner det sånn."),
        lambda: _("Dette høres krevende ut."),
        lambda: _("Takk for at du deler dette."),
    ],
    "close": [
        lambda: _("Hva vil du ta med deg fra denne samtalen?"),
        lambda: _("Hva kan være et neste steg for deg, hvis du vil?"),
        lambda: _("Du kan alltid ta kontakt igjen."),
    ],
}


def support_phrases() -> dict[str, list[str]]:
    """The phrases in the active language, grouped: open, validate, close."""
    return {group: [phrase() for phrase in phrases] for group, phrases in SUPPORT_PHRASES.items()}


YES_NO_UNKNOWN = [
    ("unknown", gettext_lazy("Vet ikke / ikke spurt")),
    ("yes", gettext_lazy("Ja")),
    ("no", gettext_lazy("Nei")),
]


class RiskForm(forms.Form):
    """The risk checklist (seed 000): plan, concrete preparations, access to means."""

    plan = forms.ChoiceField(label=gettext_lazy("Har personen en plan?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect)
    preparations = forms.ChoiceField(
        label=gettext_lazy("Har personen gjort konkrete forberedelser?"), choices=YES_NO_UNKNOWN, widget=forms.RadioSelect
    )
    means = forms.ChoiceField(
        label=gettext_lazy("Har personen tilgang til midler (f.eks. medisiner, våpen)?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
