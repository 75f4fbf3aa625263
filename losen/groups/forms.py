from django import forms
from django.utils.translation import gettext_lazy as _

from losen.core import pickup
from losen.groups.models import GroupSettings, Series

SCALE = [(str(i), str(i)) for i in range(1, 6)]


class ApplyForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn eller kallenavn"), max_length=40, help_text=_("Bare dette vises for de andre i gruppen."))
    code = forms.CharField(
        label=_("Hentekode (hvis du har en)"), max_length=120, required=False,
        help_text=_("Har du meldt deg på før, skriv koden din. Ellers får du en ny kode."),
    )
    phone = forms.CharField(label=_("Telefonnummer"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), max_length=200, required=False)
    wants_reminders = forms.BooleanField(label=_("Send meg påminnelse før samlingene"), required=False)

    def __init__(self, *args, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        if series is not None and series.format == Series.PHONE:
            self.fields["phone"].required = True
            self.fields["phone"].help_text = _("Trengs for å ringe inn til telefongruppen. Bare gruppelederne ser det, og det slettes når gruppen er slutt.")
        else:
            self.fields["phone"].help_text = _("Valgfritt, bare for påminnelser. Bare gruppelederne ser det, og det slettes når gruppen er slutt.")
        self.fields["email"].help_text = _("Valgfritt, bare for påminnelser.")

    def clean_first_name(self):
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError(_("Skriv et fornavn eller kallenavn."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("+", "")
        if phone and (not digits.isdigit() or not 8 <= len(digits) <= 15):
            raise forms.ValidationError(_("Skriv telefonnummeret med sifre, for eksempel 912 34 567."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("wants_reminders") and not (data.get("phone") or data.get("email")):
            self.add_error("wants_reminders", _("Skriv telefonnummer eller e-post hvis du vil ha påminnelser."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Hentekode"), max_length=120)

    def clean_code(self):
        code = pickup.normalise(self.cleaned_data["code"])
        if len(code.split()) < 4:
            raise forms.ValidationError(_("Koden har minst fire ord."))
        return code


class RulesForm(forms.Form):
    confidentiality = forms.BooleanField(label=_("Det som blir sagt i gruppen, blir i gruppen."))
    first_names = forms.BooleanField(label=_("Vi bruker bare fornavn, og deler ikke hvem de andre er."))
    no_recording = forms.BooleanField(label=_("Jeg tar ikke opp, fotograferer eller kopierer samtalen."))


class TopicForm(forms.Form):
    text = forms.CharField(label=_("Tema"), max_length=200)


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Skriv til gruppen"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)


class EvaluationForm(forms.Form):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for i, q in enumerate(questions):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=q, choices=SCALE, coerce=int, widget=forms.RadioSelect, help_text=_("1 = lite, 5 = mye")
            )

    def answers(self):
        return [self.cleaned_data[f"q{i}"] for i in range(3)]


class WrittenEvaluationForm(forms.Form):
    text = forms.CharField(label=_("Hva vil du si om gruppen? (anonymt)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class SeriesForm(forms.ModelForm):
    first_session = forms.DateTimeField(label=_("Første samling (dato og klokkeslett)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    sessions = forms.IntegerField(label=_("Antall samlinger"), min_value=1, max_value=52, initial=6)
    every_days = forms.IntegerField(label=_("Dager mellom samlingene"), min_value=1, max_value=60, initial=7)
    minutes = forms.IntegerField(label=_("Varighet (minutter)"), min_value=15, max_value=480, initial=90)

    class Meta:
        model = Series
        fields = [
            "service", "title", "description", "audience", "age_min", "age_max", "format", "venue", "address",
            "accessibility", "dial_in", "capacity", "leaders_needed", "intake_required", "listed",
        ]

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["service"].queryset = services
        self.fields["service"].label = _("Tjeneste")

    def clean(self):
        data = super().clean()
        fmt = data.get("format")
        if fmt == Series.IN_PERSON and not data.get("address"):
            self.add_error("address", _("Et fysisk møte trenger en adresse."))
        if fmt == Series.PHONE and not data.get("dial_in"):
            self.add_error("dial_in", _("En telefongruppe trenger innringingsdetaljer (nummer og PIN)."))
        if data.get("age_min") is not None and data.get("age_max") is not None and data["age_min"] > data["age_max"]:
            self.add_error("age_max", _("Øvre alder må være større enn nedre."))
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", _("Minst én plass."))
        return data


class SettingsForm(forms.ModelForm):
    q1 = forms.CharField(label=_("Spørsmål 1"), max_length=200)
    q2 = forms.CharField(label=_("Spørsmål 2"), max_length=200)
    q3 = forms.CharField(label=_("Spørsmål 3"), max_length=200)

    class Meta:
        model = GroupSettings
        fields = ["room_retention_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, q in enumerate(self.instance.evaluation_questions()):
            self.fields[f"q{i + 1}"].initial = q

    def clean_room_retention_hours(self):
        hours = self.cleaned_data["room_retention_hours"]
        if hours > 72:
            raise forms.ValidationError(_("Høyst 72 timer."))
        return hours

    def save(self, commit=True):
        self.instance.questions = [self.cleaned_data["q1"], self.cleaned_data["q2"], self.cleaned_data["q3"]]
        return super().save(commit)
