from django import forms
from django.utils.translation import gettext_lazy as _

from losen.volunteers import stages
from losen.volunteers.models import (
    CHANNEL_CHOICES,
    GENDER_CHOICES,
    LANGUAGE_CHOICES,
    REGION_CHOICES,
    STAGE_CHOICES,
    Declaration,
    Module,
    Requirement,
)


class ApplicantForm(forms.Form):
    display_name = forms.CharField(label=_("Navn"), max_length=150)
    username = forms.SlugField(
        label=_("Brukernavn"), max_length=150, help_text=_("Finnes brukeren fra før, brukes den. Ellers lages en ny med midlertidig passord.")
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nytt steg"))
    note = forms.CharField(label=_("Merknad (valgfritt)"), max_length=300, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = stages.next_steps(current)
        self.fields["stage"].choices = [(k, v) for k, v in STAGE_CHOICES if k in allowed]


class CompletionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Modul eller kurs"), queryset=Module.objects.none())
    completed_on = forms.DateField(label=_("Fullført dato"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules


class PoliceCertificateForm(forms.Form):
    seen_on = forms.DateField(label=_("Politiattesten ble sett dato"), widget=forms.DateInput(attrs={"type": "date"}))
    issued_on = forms.DateField(label=_("Utstedt dato (valgfritt)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Merknad (valgfritt)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Aldri last opp eller skriv av selve attesten."),
    )


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["name", "hours", "provider"]
        labels = {"name": _("Navn"), "hours": _("Timer"), "provider": _("Tilbyder")}


class RequirementForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Modul eller kurs"), queryset=Module.objects.none())
    channel = forms.ChoiceField(label=_("Kanal"), choices=CHANNEL_CHOICES)
    role = forms.ChoiceField(label=_("Rolle"), choices=Requirement.ROLE_CHOICES)

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Declaration.KIND_CHOICES)
    title = forms.CharField(label=_("Tittel"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 8}))
    lasts_after_end = forms.BooleanField(label=_("Gjelder også etter at man slutter som frivillig"), required=False)


class CompetenceForm(forms.Form):
    languages = forms.MultipleChoiceField(label=_("Språk du kan svare på"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    channels = forms.MultipleChoiceField(label=_("Kanaler"), choices=CHANNEL_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    gender = forms.ChoiceField(label=_("Kjønn"), choices=GENDER_CHOICES, required=False)
    region = forms.ChoiceField(label=_("Fylke"), choices=REGION_CHOICES, required=False)
    lived_experience = forms.MultipleChoiceField(
        label=_("Egen erfaring du vil dele"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Brukes bare til å finne riktig samtalepartner. Lagres kryptert, og hver lesing loggføres."),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lived_experience"].choices = [(t.slug, t.label) for t in tags]
