from django import forms
from django.utils.translation import gettext_lazy as _

from losen.letters import rules
from losen.letters.models import LANGUAGES, LetterService

SKIP = [("", _("Vil ikke svare"))]
AGE_LABELS = {
    "under-13": _("Under 13 år"), "13-15": _("13–15 år"), "16-18": _("16–18 år"), "19-25": _("19–25 år"),
    "26-35": _("26–35 år"), "36-50": _("36–50 år"), "51-66": _("51–66 år"), "67+": _("67 år eller eldre"),
}
BEFORE_LABELS = {"yes": _("Ja"), "no": _("Nei, dette er første gang")}
LABELS = {"age": AGE_LABELS, "before": BEFORE_LABELS}
QUESTION_TEXT = {"age": _("Hvor gammel er du?"), "before": _("Har du skrevet til oss før?")}
LANGUAGE_NAMES = {
    "nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English", "se": "Davvisámegiella",
    "smj": "Julevsámegiella", "sma": "Åarjelsaemien gïele",
}
LANGUAGE_CHOICES = [("", _("Finn språket ut fra teksten"))] + [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def band_label(question, value):
    return LABELS.get(question, {}).get(value, value)


class WriteForm(forms.Form):
    text = forms.CharField(
        label=_("Skriv meldingen din"), max_length=rules.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Skriv så mye eller lite du vil, høyst 5000 tegn. Du trenger ikke si hvem du er."),
        error_messages={"required": _("Skriv noe før du sender."), "max_length": _("Meldingen kan være høyst %(limit_value)d tegn (nå: %(show_value)d).")},
    )
    language = forms.ChoiceField(label=_("Språk i meldingen"), choices=LANGUAGE_CHOICES, required=False)

    def __init__(self, ls: LetterService, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from losen.letters.actions import BANDS

        for question in ls.questions or []:
            if question in BANDS:
                choices = SKIP + [(v, LABELS[question][v]) for v in BANDS[question]]
                self.fields[question] = forms.ChoiceField(label=QUESTION_TEXT[question], choices=choices, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Hentekoden din"), max_length=200, help_text=_("Fire ord, for eksempel: eple-bro-kanin-lys"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": _("Skriv inn hentekoden.")},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Skriv et svar"), max_length=rules.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv noe før du sender."), "max_length": _("Meldingen kan være høyst %(limit_value)d tegn (nå: %(show_value)d).")},
    )


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Fikk du hjelp av svaret?"), required=False,
        choices=SKIP + [("yes", _("Ja")), ("partly", _("Litt")), ("no", _("Nei"))], widget=forms.RadioSelect,
    )
    again = forms.ChoiceField(
        label=_("Ville du skrevet til oss igjen?"), required=False,
        choices=SKIP + [("yes", _("Ja")), ("maybe", _("Kanskje")), ("no", _("Nei"))], widget=forms.RadioSelect,
    )


class StaffReplyForm(forms.Form):
    text = forms.CharField(label=_("Svar"), max_length=rules.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10}))


class CloseForm(forms.Form):
    topics = forms.MultipleChoiceField(label=_("Tema"), required=False, widget=forms.CheckboxSelectMultiple)
    referrals = forms.MultipleChoiceField(label=_("Henvist til"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, **kwargs):
        from losen.directory import catalogue, taxonomy

        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.code, t.nb) for t in taxonomy.TERMS]
        self.fields["referrals"].choices = [(e.slug, e.name("nb")) for e in catalogue.entries()]


class TransferForm(forms.Form):
    target = forms.ChoiceField(label=_("Overfør til"))
    summary = forms.CharField(
        label=_("Kort overlevering til den andre tjenesten"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, targets, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(str(ls.pk), ls.service.name()) for ls in targets]


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Språk jeg kan svare på"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    )


class SettingsForm(forms.ModelForm):
    questions = forms.MultipleChoiceField(
        label=_("Spørsmål (alle kan hoppes over)"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(q, QUESTION_TEXT[q]) for q in QUESTION_TEXT],
    )

    class Meta:
        model = LetterService
        fields = ["enabled", "questions", "second_reader", "read_retention_days", "feedback_enabled"]

    def clean_read_retention_days(self):
        days = self.cleaned_data["read_retention_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(_("Velg mellom 1 og 365 dager."))
        return days
