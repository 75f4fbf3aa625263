from django import forms
from django.utils.translation import gettext_lazy as _

from losen.rota.models import CHANNEL_CHOICES, CheckIn

WEEKDAYS = [
    (0, _("mandag")), (1, _("tirsdag")), (2, _("onsdag")), (3, _("torsdag")), (4, _("fredag")), (5, _("lørdag")), (6, _("søndag")),
]


class AvailabilityForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Dager du kan ta vakt"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    shifts_per_month = forms.IntegerField(label=_("Faste vakter per måned"), min_value=0, max_value=20, initial=2)
    max_per_month = forms.IntegerField(label=_("Høyst vakter per måned"), min_value=0, max_value=31, initial=4)
    dates_off = forms.CharField(
        label=_("Datoer du ikke kan (valgfritt)"), required=False, max_length=1000,
        help_text=_("Skriv datoer som 2026-12-24, skilt med komma."),
    )

    def clean_dates_off(self):
        from datetime import date

        raw = [p.strip() for p in self.cleaned_data["dates_off"].replace(";", ",").split(",") if p.strip()]
        out = []
        for item in raw:
            try:
                out.append(date.fromisoformat(item).isoformat())
            except ValueError:
                raise forms.ValidationError(_("«%(value)s» er ikke en dato på formen 2026-12-24."), params={"value": item})
        return out

    def clean(self):
        data = super().clean()
        if data.get("max_per_month") is not None and data.get("shifts_per_month") is not None and data["max_per_month"] < data["shifts_per_month"]:
            self.add_error("max_per_month", _("Høyst antall kan ikke være lavere enn faste vakter."))
        return data


class CheckInForm(forms.Form):
    heaviness = forms.TypedChoiceField(
        label=_("Hvor tung var vakten?"), choices=CheckIn.HEAVINESS_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    wants_talk = forms.TypedChoiceField(
        label=_("Vil du ha en samtale med koordinator eller vaktleder?"),
        choices=[("yes", _("Ja, jeg vil gjerne snakke med noen")), ("no", _("Nei, ikke nå"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120)
    service = forms.ChoiceField(label=_("Tjeneste"), required=False)
    channel = forms.ChoiceField(label=_("Kanal"), choices=CHANNEL_CHOICES)
    weekdays = forms.TypedMultipleChoiceField(label=_("Ukedager"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple)
    starts = forms.TimeField(label=_("Starter"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Slutter"), widget=forms.TimeInput(attrs={"type": "time"}), help_text=_("Før start betyr neste dag."))
    min_responders = forms.IntegerField(label=_("Minst antall samtalepartnere"), min_value=1, max_value=20, initial=2)
    leader_required = forms.BooleanField(label=_("Vaktleder eller ansatt på hver vakt (aldri alene)"), required=False, initial=True)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Hele organisasjonen"))] + [(str(s.pk), s.name()) for s in services]


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Måned (første dag)"), widget=forms.DateInput(attrs={"type": "date"}))
