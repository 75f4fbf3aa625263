from django import forms
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from losen.chat import engine
from losen.chat.models import ChatService

SKIP = [("", _("Vil ikke svare"))]

AGE_LABELS = {
    "under-13": _("Under 13 år"), "13-15": _("13–15 år"), "16-18": _("16–18 år"), "19-25": _("19–25 år"),
    "26-35": _("26–35 år"), "36-50": _("36–50 år"), "51-66": _("51–66 år"), "67+": _("67 år eller eldre"),
}
GENDER_LABELS = {
    "girl_woman": _("Jente / kvinne"), "boy_man": _("Gutt / mann"), "other": _("Annet"),
}
COUNTY_LABELS = {
    "agder": "Agder", "akershus": "Akershus", "buskerud": "Buskerud", "finnmark": "Finnmark", "innlandet": "Innlandet",
    "more-og-romsdal": "Møre og Romsdal", "nordland": "Nordland", "oslo": "Oslo", "rogaland": "Rogaland",
    "telemark": "Telemark", "troms": "Troms", "trondelag": "Trøndelag", "vestfold": "Vestfold", "vestland": "Vestland",
    "ostfold": "Østfold", "abroad": _("Utenfor Norge"),
}
BEFORE_LABELS = {"yes": _("Ja"), "no": _("Nei, dette er første gang")}
LABELS = {"age": AGE_LABELS, "gender": GENDER_LABELS, "county": COUNTY_LABELS, "before": BEFORE_LABELS}
QUESTION_TEXT = {
    "age": _("Hvor gammel er du?"),
    "gender": _("Kjønn"),
    "county": _("Hvor bor du?"),
    "before": _("Har du kontaktet oss før?"),
    "opening": _("Vil du skrive noen ord om hva du vil snakke om?"),
}


def band_label(question, value):
    return LABELS.get(question, {}).get(value, value)


class StartForm(forms.Form):
    """The optional pre-chat questions the service has chosen. Every one can be skipped."""

    def __init__(self, cs: ChatService, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in cs.questions or []:
            if question == "opening":
                self.fields["opening"] = forms.CharField(
                    label=QUESTION_TEXT["opening"], required=False, max_length=engine.MAX_TEXT,
                    widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Valgfritt. Du kan også vente med å skrive til noen svarer."),
                )
            elif question in engine.BANDS:
                choices = SKIP + [(v, LABELS[question][v]) for v in engine.BANDS[question]]
                self.fields[question] = forms.ChoiceField(label=QUESTION_TEXT[question], choices=choices, required=False)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Melding"), max_length=engine.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": engine.TOO_LONG},
    )
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Fikk du hjelp av samtalen?"), required=False,
        choices=SKIP + [("yes", _("Ja")), ("partly", _("Litt")), ("no", _("Nei"))], widget=forms.RadioSelect,
    )
    again = forms.ChoiceField(
        label=_("Ville du brukt chatten igjen?"), required=False,
        choices=SKIP + [("yes", _("Ja")), ("maybe", _("Kanskje")), ("no", _("Nei"))], widget=forms.RadioSelect,
    )


OUTCOMES = [
    ("supported", _("Samtale og støtte")),
    ("referred", _("Henvist videre")),
    ("emergency", _("Nødetater kontaktet / oppfordret til 113")),
    ("visitor_left", _("Personen gikk")),
    ("other", _("Annet")),
]


class WrapUpForm(forms.Form):
    topics = forms.MultipleChoiceField(label=_("Tema"), required=False, widget=forms.CheckboxSelectMultiple)
    referrals = forms.MultipleChoiceField(label=_("Henvist til"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    outcome = forms.ChoiceField(label=_("Utfall"), choices=OUTCOMES)

    def __init__(self, *args, **kwargs):
        from losen.directory import catalogue, taxonomy

        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.code, t.nb) for t in taxonomy.TERMS]
        self.fields["referrals"].choices = [(e.slug, e.name("nb")) for e in catalogue.entries()]


class TransferForm(forms.Form):
    target = forms.ChoiceField(label=pgettext_lazy("transfer", "Til"))
    summary = forms.CharField(
        label=_("Kort overlevering"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv det viktigste, så personen slipper å fortelle alt på nytt."),
    )

    def __init__(self, targets, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"user:{u.pk}", _("Kollega: %(name)s") % {"name": u.get_username()}) for u in targets["people"]]
        choices += [(f"service:{cs.pk}", _("Tjeneste: %(name)s") % {"name": cs.service.name()}) for cs in targets["services"]]
        self.fields["target"].choices = choices


class SettingsForm(forms.ModelForm):
    questions = forms.MultipleChoiceField(
        label=_("Spørsmål før chat (alle kan hoppes over)"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(q, QUESTION_TEXT[q]) for q in engine.QUESTIONS],
    )

    class Meta:
        model = ChatService
        fields = [
            "enabled", "hours", "max_concurrent", "retention_hours", "questions", "feedback_enabled", "daily_limit",
            "weight", "transfer_timeout_seconds", "sealed_connection_retention",
        ]

    def clean_sealed_connection_retention(self):
        value = self.cleaned_data["sealed_connection_retention"]
        if value and engine._fernet() is None:
            raise forms.ValidationError(_("Krever en nøkkel utenfor databasen (LOSEN_SEALED_CONNECTION_KEY) hos driftsansvarlig."))
        return value
