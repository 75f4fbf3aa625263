from django import forms as df
from django.utils.translation import gettext_lazy as _

from losen.cases.models import FORM_CHOICES, FREQUENCY_CHOICES, TIME_CHOICES, Case, CaseService, Concern, Inquiry, Meeting, Referral
from losen.volunteers.models import LANGUAGE_CHOICES, REGION_CHOICES

GENDER_WISH = [("", _("Ingen ønsker")), ("woman", _("Kvinne")), ("man", _("Mann"))]
REGIONS = [("", _("Ikke aktuelt / vil ikke oppgi"))] + [c for c in REGION_CHOICES if c[0]]


class IntakeForm(df.Form):
    """Only what matching needs (issue 15). Works without JavaScript."""

    first_name = df.CharField(label=_("Fornavn eller kallenavn"), max_length=60, help_text=_("Det holder med et kallenavn."))
    forms = df.MultipleChoiceField(label=_("Hvordan vil du ha kontakt?"), choices=FORM_CHOICES, widget=df.CheckboxSelectMultiple)
    times = df.MultipleChoiceField(label=_("Når passer det best?"), choices=TIME_CHOICES, widget=df.CheckboxSelectMultiple, required=False)
    region = df.ChoiceField(label=_("Fylke, hvis du vil møtes"), choices=REGIONS, required=False)
    language = df.ChoiceField(label=_("Språk"), choices=LANGUAGE_CHOICES, initial="nb")
    gender = df.ChoiceField(label=_("Ønsker du at samtalepartneren har et bestemt kjønn?"), choices=GENDER_WISH, required=False)
    lived_experience = df.MultipleChoiceField(
        label=_("Ønsker du en samtalepartner med egen erfaring med"), choices=(), widget=df.CheckboxSelectMultiple, required=False
    )
    need = df.CharField(
        label=_("Kort om hva du ønsker hjelp til"),
        max_length=600,
        required=False,
        widget=df.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv bare det som trengs for å finne en god samtalepartner. Høyst 600 tegn."),
    )
    email = df.EmailField(label=_("E-post (valgfritt)"), required=False, help_text=_("Brukes bare til å si fra om nye meldinger, uten innhold."))
    phone = df.CharField(label=_("Mobilnummer (valgfritt)"), max_length=20, required=False)
    notify = df.BooleanField(label=_("Si fra til meg når jeg har en ny melding"), required=False)
    consent = df.BooleanField(label=_("Jeg samtykker"))

    def __init__(self, *args, tags=(), consent_text="", email=True, sms=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lived_experience"].choices = list(tags)
        if not tags:
            del self.fields["lived_experience"]
        if consent_text:
            self.fields["consent"].help_text = consent_text
        # The service's notification options (CaseService.notify_*_enabled).
        if not email:
            del self.fields["email"]
        if not sms:
            del self.fields["phone"]
        if not (email or sms):
            del self.fields["notify"]

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data.get("phone") or "" if ch.isdigit() or ch == "+")
        if phone and len(phone.lstrip("+")) < 8:
            raise df.ValidationError(_("Skriv et gyldig mobilnummer, eller la feltet stå tomt."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("notify") and not (data.get("email") or data.get("phone")):
            self.add_error("notify", _("Skriv en e-postadresse eller et mobilnummer for å få varsel."))
        return data


class LeaderIntakeForm(IntakeForm):
    source = df.ChoiceField(label=_("Kilde"), choices=[c for c in Case.SOURCE_CHOICES if c[0] != "form"], initial="leader")
    consent = df.BooleanField(label=_("Personen har samtykket muntlig til samtykketeksten"))


class CodeForm(df.Form):
    code = df.CharField(label=_("Koden din"), max_length=20, widget=df.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))


class MessageForm(df.Form):
    body = df.CharField(label=_("Melding"), max_length=4000, widget=df.Textarea(attrs={"rows": 4}))


class ApproveForm(df.Form):
    volunteer = df.IntegerField(widget=df.HiddenInput)


class ExcludeForm(df.Form):
    excluded = df.MultipleChoiceField(label=_("Kjenner hverandre eller samme lokalmiljø (utelukkes)"), choices=(), widget=df.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excluded"].choices = list(volunteers)


class FrameworkForm(df.Form):
    forms = df.MultipleChoiceField(label=_("Kontaktformer"), choices=FORM_CHOICES, widget=df.CheckboxSelectMultiple)
    frequency = df.ChoiceField(label=_("Hvor ofte"), choices=FREQUENCY_CHOICES)
    times = df.MultipleChoiceField(label=_("Dag eller kveld"), choices=TIME_CHOICES, widget=df.CheckboxSelectMultiple)
    review_on = df.DateField(label=_("Dato for gjennomgang"), widget=df.DateInput(attrs={"type": "date"}))


class MeetingForm(df.Form):
    form = df.ChoiceField(label=_("Form"), choices=[c for c in FORM_CHOICES if c[0] in ("phone", "video", "meet")])
    kind = df.ChoiceField(label=_("Type samtale"), choices=Meeting.KIND_CHOICES, initial="individual")
    starts_at = df.DateTimeField(label=_("Tidspunkt"), widget=df.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = df.CharField(label=_("Sted (for møter)"), max_length=200, required=False, help_text=_("Et nøytralt og trygt sted, aldri hjemme."))

    def clean(self):
        data = super().clean()
        if data.get("form") == "meet" and not data.get("place"):
            self.add_error("place", _("Skriv hvor dere møtes."))
        return data


class NoteForm(df.Form):
    on = df.DateField(label=_("Dato"), widget=df.DateInput(attrs={"type": "date"}))
    form = df.ChoiceField(label=_("Form"), choices=FORM_CHOICES)
    minutes = df.IntegerField(label=_("Varighet (minutter)"), min_value=1, max_value=600, required=False)
    concern = df.BooleanField(label=_("Jeg er bekymret (går til daglig leder med en gang)"), required=False)
    text = df.CharField(
        label=_("Kort merknad (valgfritt)"),
        max_length=300,
        required=False,
        widget=df.Textarea(attrs={"rows": 2}),
        help_text=_("Ikke lagre historien. Retningslinjene sier at du ikke skal lagre informasjon: skriv bare det som trengs for oppfølgingen."),
    )
    evaluation = df.CharField(label=_("Muntlig evaluering etter samtalen"), max_length=300, required=False, widget=df.Textarea(attrs={"rows": 2}))


class ConcernForm(df.Form):
    kind = df.ChoiceField(label=_("Hva gjelder det?"), choices=[c for c in Concern.KIND_CHOICES if c[0] != Concern.DEPENDENCY])
    note = df.CharField(label=_("Kort om bekymringen"), max_length=300, required=False, widget=df.Textarea(attrs={"rows": 2}))


class AssignForm(df.Form):
    mode = df.ChoiceField(label=_("Hva vil du gjøre?"), choices=[("move", _("Flytt til en annen kontaktperson")), ("add", _("Legg til en frivillig til"))])
    volunteer = df.TypedChoiceField(label=_("Frivillig"), coerce=int, choices=())
    handover_note = df.CharField(label=_("Overføringsnotat"), max_length=600, required=False, widget=df.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = list(volunteers)


class CloseForm(df.Form):
    reason = df.ChoiceField(label=_("Grunn til avslutning"), choices=[c for c in Case.CLOSE_CHOICES if c[0] != "deletion"])


class EvaluationForm(df.Form):
    helped = df.ChoiceField(label=_("Har samtalene hjulpet deg?"), choices=[("yes", _("Ja")), ("partly", _("Delvis")), ("no", _("Nei"))], widget=df.RadioSelect, required=False)
    again = df.ChoiceField(label=_("Ville du brukt tilbudet igjen?"), choices=[("yes", _("Ja")), ("no", _("Nei")), ("unsure", _("Vet ikke"))], widget=df.RadioSelect, required=False)


class SurveyForm(df.Form):
    helped = df.ChoiceField(label=_("Hvor mye har samtalene hjulpet deg? (1 = lite, 5 = mye)"), choices=[(str(i), str(i)) for i in range(1, 6)], widget=df.RadioSelect)
    recommend = df.ChoiceField(label=_("Vil du anbefale tilbudet til andre?"), choices=[("yes", _("Ja")), ("no", _("Nei")), ("unsure", _("Vet ikke"))], widget=df.RadioSelect)


class InquiryForm(df.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["institution", "topic", "advice"]
        widgets = {"advice": df.Textarea(attrs={"rows": 3})}
        help_texts = {"topic": _("Ingen navn eller andre opplysninger om klienten.")}


class ReferralForm(df.ModelForm):
    class Meta:
        model = Referral
        fields = ["kind", "name", "directory_service", "areas", "contact", "note"]
        widgets = {"note": df.Textarea(attrs={"rows": 2})}


class SettingsForm(df.ModelForm):
    """The service admin's settings for one follow-up service."""

    retention_days = df.IntegerField(
        label=_("Oppbevaring etter avslutning (dager)"), min_value=1, max_value=3650,
        help_text=_("Personopplysningene i en avsluttet sak slettes så mange dager etter avslutning. Den anonyme statistikken blir."),
    )
    max_cases_default = df.IntegerField(
        label=_("Maks saker per frivillig"), min_value=1, max_value=30,
        help_text=_("Gjelder frivillige som ikke har satt et eget tall. En frivillig som er full, blir ikke foreslått."),
    )
    reply_days = df.IntegerField(label=_("Svarer vanligvis innen (dager)"), min_value=1, max_value=14, help_text=_("Vises for den hjelpesøkende, så ingen venter svar hele døgnet."))
    jitsi_base_url = df.URLField(
        label=_("Egen Jitsi Meet-server"), required=False, assume_scheme="https",
        help_text=_("Adressen til tjenestens egen Jitsi Meet-server, for eksempel https://meet.eksempel.no. Hver videosamtale får et tilfeldig romnavn. Uten server kan dere ikke booke video."),
    )
    consent_text = df.CharField(
        label=_("Samtykketekst"), max_length=2000, widget=df.Textarea(attrs={"rows": 4}),
        help_text=_("Endrer du teksten, får den et nytt versjonsnummer. Samtykker som er gitt, beholder sin versjon."),
    )

    class Meta:
        model = CaseService
        fields = ["enabled", "retention_days", "max_cases_default", "reply_days", "jitsi_base_url", "notify_email_enabled", "notify_sms_enabled", "concern_email", "consent_text"]

    def clean_jitsi_base_url(self):
        from urllib.parse import urlparse

        url = (self.cleaned_data.get("jitsi_base_url") or "").strip()
        if not url:
            return ""
        parts = urlparse(url)
        if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or parts.username:
            raise df.ValidationError(_("Skriv en https-adresse til serveren, uten spørsmålstegn eller #."))
        return url.rstrip("/")
