from django import forms
from django.utils.translation import gettext_lazy as _

from losen.cases.models import FORM_CHOICES, FREQUENCY_CHOICES, TIME_CHOICES, Case, Concern, Inquiry, Meeting, Referral
from losen.volunteers.models import LANGUAGE_CHOICES, REGION_CHOICES

GENDER_WISH = [("", _("Ingen ønsker")), ("woman", _("Kvinne")), ("man", _("Mann"))]
REGIONS = [("", _("Ikke aktuelt / vil ikke oppgi"))] + [c for c in REGION_CHOICES if c[0]]


class IntakeForm(forms.Form):
    """Only what matching needs (issue 15). Works without JavaScript."""

    first_name = forms.CharField(label=_("Fornavn eller kallenavn"), max_length=60, help_text=_("Det holder med et kallenavn."))
    forms = forms.MultipleChoiceField(label=_("Hvordan vil du ha kontakt?"), choices=FORM_CHOICES, widget=forms.CheckboxSelectMultiple)
    times = forms.MultipleChoiceField(label=_("Når passer det best?"), choices=TIME_CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    region = forms.ChoiceField(label=_("Fylke, hvis du vil møtes"), choices=REGIONS, required=False)
    language = forms.ChoiceField(label=_("Språk"), choices=LANGUAGE_CHOICES, initial="nb")
    gender = forms.ChoiceField(label=_("Ønsker du at samtalepartneren har et bestemt kjønn?"), choices=GENDER_WISH, required=False)
    lived_experience = forms.MultipleChoiceField(
        label=_("Ønsker du en samtalepartner med egen erfaring med"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    need = forms.CharField(
        label=_("Kort om hva du ønsker hjelp til"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv bare det som trengs for å finne en god samtalepartner. Høyst 600 tegn."),
    )
    email = forms.EmailField(label=_("E-post (valgfritt)"), required=False, help_text=_("Brukes bare til å si fra om nye meldinger, uten innhold."))
    phone = forms.CharField(label=_("Mobilnummer (valgfritt)"), max_length=20, required=False)
    notify = forms.BooleanField(label=_("Si fra til meg når jeg har en ny melding"), required=False)
    consent = forms.BooleanField(label=_("Jeg samtykker"))

    def __init__(self, *args, tags=(), consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lived_experience"].choices = list(tags)
        if not tags:
            del self.fields["lived_experience"]
        if consent_text:
            self.fields["consent"].help_text = consent_text

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data.get("phone", "") if ch.isdigit() or ch == "+")
        if phone and len(phone.lstrip("+")) < 8:
            raise forms.ValidationError(_("Skriv et gyldig mobilnummer, eller la feltet stå tomt."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("notify") and not (data.get("email") or data.get("phone")):
            self.add_error("notify", _("Skriv en e-postadresse eller et mobilnummer for å få varsel."))
        return data


class LeaderIntakeForm(IntakeForm):
    source = forms.ChoiceField(label=_("Kilde"), choices=[c for c in Case.SOURCE_CHOICES if c[0] != "form"], initial="leader")
    consent = forms.BooleanField(label=_("Personen har samtykket muntlig til samtykketeksten"))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Koden din"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Melding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ApproveForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)


class ExcludeForm(forms.Form):
    excluded = forms.MultipleChoiceField(label=_("Kjenner hverandre eller samme lokalmiljø (utelukkes)"), choices=(), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excluded"].choices = list(volunteers)


class FrameworkForm(forms.Form):
    forms = forms.MultipleChoiceField(label=_("Kontaktformer"), choices=FORM_CHOICES, widget=forms.CheckboxSelectMultiple)
    frequency = forms.ChoiceField(label=_("Hvor ofte"), choices=FREQUENCY_CHOICES)
    times = forms.MultipleChoiceField(label=_("Dag eller kveld"), choices=TIME_CHOICES, widget=forms.CheckboxSelectMultiple)
    review_on = forms.DateField(label=_("Dato for gjennomgang"), widget=forms.DateInput(attrs={"type": "date"}))


class MeetingForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=[c for c in FORM_CHOICES if c[0] in ("phone", "video", "meet")])
    kind = forms.ChoiceField(label=_("Type samtale"), choices=Meeting.KIND_CHOICES, initial="individual")
    starts_at = forms.DateTimeField(label=_("Tidspunkt"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Sted (for møter)"), max_length=200, required=False, help_text=_("Et nøytralt og trygt sted, aldri hjemme."))

    def clean(self):
        data = super().clean()
        if data.get("form") == "meet" and not data.get("place"):
            self.add_error("place", _("Skriv hvor dere møtes."))
        return data


class NoteForm(forms.Form):
    on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    form = forms.ChoiceField(label=_("Form"), choices=FORM_CHOICES)
    minutes = forms.IntegerField(label=_("Varighet (minutter)"), min_value=1, max_value=600, required=False)
    concern = forms.BooleanField(label=_("Jeg er bekymret (går til daglig leder med en gang)"), required=False)
    text = forms.CharField(
        label=_("Kort merknad (valgfritt)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ikke lagre historien. Retningslinjene sier at du ikke skal lagre informasjon: skriv bare det som trengs for oppfølgingen."),
    )
    evaluation = forms.CharField(label=_("Muntlig evaluering etter samtalen"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hva gjelder det?"), choices=[c for c in Concern.KIND_CHOICES if c[0] != Concern.DEPENDENCY])
    note = forms.CharField(label=_("Kort om bekymringen"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    mode = forms.ChoiceField(label=_("Hva vil du gjøre?"), choices=[("move", _("Flytt til en annen kontaktperson")), ("add", _("Legg til en frivillig til"))])
    volunteer = forms.TypedChoiceField(label=_("Frivillig"), coerce=int, choices=())
    handover_note = forms.CharField(label=_("Overføringsnotat"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = list(volunteers)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Grunn til avslutning"), choices=[c for c in Case.CLOSE_CHOICES if c[0] != "deletion"])


class EvaluationForm(forms.Form):
    helped = forms.ChoiceField(label=_("Har samtalene hjulpet deg?"), choices=[("yes", _("Ja")), ("partly", _("Delvis")), ("no", _("Nei"))], widget=forms.RadioSelect, required=False)
    again = forms.ChoiceField(label=_("Ville du brukt tilbudet igjen?"), choices=[("yes", _("Ja")), ("no", _("Nei")), ("unsure", _("Vet ikke"))], widget=forms.RadioSelect, required=False)


class SurveyForm(forms.Form):
    helped = forms.ChoiceField(label=_("Hvor mye har samtalene hjulpet deg? (1 = lite, 5 = mye)"), choices=[(str(i), str(i)) for i in range(1, 6)], widget=forms.RadioSelect)
    recommend = forms.ChoiceField(label=_("Vil du anbefale tilbudet til andre?"), choices=[("yes", _("Ja")), ("no", _("Nei")), ("unsure", _("Vet ikke"))], widget=forms.RadioSelect)


class InquiryForm(forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["institution", "topic", "advice"]
        widgets = {"advice": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"topic": _("Ingen navn eller andre opplysninger om klienten.")}


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["kind", "name", "directory_service", "areas", "contact", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
