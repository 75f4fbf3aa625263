"""The front door: "Finn hjelp", and the Sami overview. Works without JavaScript, sets no
cookie, and never stores or logs what a person writes."""

from django import forms
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from losen.core import offers
from losen.core.access import public
from losen.core.ratelimit import client_of
from losen.directory import catalogue, presenting
from losen.directory.records import CHANNEL_KINDS
from losen.navigator import api as navigator_api
from losen.navigator import routing

SAMI = ("se", "smj", "sma")


class NavigatorForm(forms.Form):
    text = forms.CharField(
        label=_("Skriv med dine egne ord hva som skjer"),
        help_text=_("Du trenger ikke å vite hva det heter. Skriv det slik du ville sagt det til en venn."),
        max_length=navigator_api.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    age = forms.IntegerField(label=_("Alder (valgfritt)"), required=False, min_value=0, max_value=130)
    for_ = forms.ChoiceField(
        label=_("Hvem gjelder det?"),
        required=False,
        choices=[("", _("Vil ikke si")), ("self", _("Meg")), ("other", _("Noen jeg er bekymret for")), ("professional", _("Jeg jobber med dette"))],
    )
    channel = forms.ChoiceField(label=_("Hvordan vil du ta kontakt?"), required=False)
    language = forms.ChoiceField(
        label=_("Språk du vil snakke"),
        required=False,
        choices=[("", _("Uansett")), ("nb", "Norsk"), ("en", "English"), ("se", "Davvisámegiella"), ("smj", "Julevsámegiella"), ("sma", "Åarjelsaemien gïele")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Uansett"))] + [(k, presenting.channel_name(k)) for k in CHANNEL_KINDS]

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not any(
            data.get(k) for k in ("age", "for_", "channel", "language")
        ):
            raise forms.ValidationError(_("Skriv noen ord, eller velg minst ett av valgene under."))
        return data


def _result_views(answer, now):
    views, on_losen = [], offers.for_services(r.slug for r in answer.results)
    for result in answer.results:
        entry = catalogue.get(result.slug)
        if entry is None:
            continue
        view = presenting.entry_view(entry, now)
        view["reasons"] = result.reasons
        view["open_now"] = result.open_now
        view["offers"] = on_losen.get(result.slug, [])
        if view["offers"] or view.get("website") or any(c.get("action") for c in view.get("channels", [])):
            views.append(view)  # a result card always leads somewhere; the rest stay in the directory
    return views


@public
@csrf_exempt  # no session and nothing changes: a help seeker gets no CSRF cookie
def home(request):
    form = NavigatorForm(request.POST or None)
    context = {"form": form, "emergency": catalogue.emergency()}
    status = 200
    if request.method == "POST":
        if navigator_api.limiter.hit(client_of(request)):
            context["rate_limited"] = True
            return render(request, "navigator/home.html", context, status=429)
        if form.is_valid():
            data, now = form.cleaned_data, timezone.now()
            answer = routing.navigate(
                text=data["text"].strip(),
                at=now,
                age=data["age"],
                for_=data["for_"] or None,
                channel=data["channel"] or None,
                language=data["language"] or None,
                ui_language=request.LANGUAGE_CODE,
            )
            context.update(
                answer=answer,
                results=_result_views(answer, now),
                always_open=[presenting.entry_view(e, now) for e in answer.always_open],
            )
        else:
            status = 400
    return render(request, "navigator/home.html", context, status=status)


def sami_entries():
    return [e for e in catalogue.entries() if e.doc.get("sami") or any(set(c.languages) & set(SAMI) for c in e.channels)]


@public
def sami(request):
    """The Sami overview, in Northern Sami unless the visitor chose another language; strings not
    yet translated by a human fall back to bokmål."""
    language = request.LANGUAGE_CODE if "lang" in request.GET or request.COOKIES.get("losen_language") else "se"
    now = timezone.now()
    with translation.override(language):
        services = []
        for entry in sami_entries():
            view = presenting.entry_view(entry, now)
            view["sami_channels"] = [c for c, ch in zip(view["channels"], entry.channels) if set(ch.languages) & set(SAMI)]
            services.append(view)
        return render(request, "navigator/sami.html", {"services": services, "language": language, "emergency": catalogue.emergency()})
