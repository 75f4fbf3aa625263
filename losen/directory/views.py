"""Public directory pages and the stewards' pages (service admins keep their records true)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.audit.models import record
from losen.core import offers
from losen.core.access import public, staff
from losen.directory import catalogue, completeness, presenting, search, taxonomy
from losen.directory.models import Service
from losen.directory.records import CHANNEL_KINDS, RecordError, validate_service


class FilterForm(forms.Form):
    """Only for rendering the filter controls; parsing is `search.parse`, shared with the API."""

    q = forms.CharField(label=gettext_lazy("Søk"), required=False, max_length=200)
    topic = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), required=False)
    age = forms.IntegerField(label=gettext_lazy("Alder"), required=False, min_value=0, max_value=130)
    language = forms.ChoiceField(label=gettext_lazy("Språk"), required=False)
    open_now = forms.BooleanField(label=gettext_lazy("Bare åpne nå"), required=False)
    anonymous = forms.BooleanField(label=gettext_lazy("Bare anonyme"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = presenting.ui_language()
        self.fields["topic"].choices = [("", _("Alle tema"))] + [(t.code, taxonomy.label(t.code, lang)) for t in taxonomy.TERMS]
        self.fields["channel"].choices = [("", _("Alle kanaler"))] + [(k, presenting.channel_name(k)) for k in CHANNEL_KINDS]
        self.fields["language"].choices = [
            ("", _("Alle språk")),
            ("nb", "Norsk"),
            ("en", "English"),
            ("se", "Davvisámegiella"),
            ("smj", "Julevsámegiella"),
            ("sma", "Åarjelsaemien gïele"),
        ]


@public
def service_list(request):
    filters, errors = search.parse(request.GET)
    form = FilterForm(request.GET or None)
    entries = search.run(filters) if not errors else []
    # Open services first, then unknown, then closed: a person who needs someone now sees them first.
    views = [presenting.entry_view(e, filters.at) for e in entries]
    rank = {True: 0, None: 1, False: 2}
    views.sort(key=lambda v: (min((rank[c["status"].open] for c in v["channels"]), default=1), v["name"].lower()))
    context = {"form": form, "services": views, "errors": errors, "count": len(views), "emergency": catalogue.emergency()}
    return render(request, "directory/list.html", context, status=400 if errors else 200)


@public
def service_detail(request, slug):
    entry = catalogue.get(slug)
    if entry is None:
        raise Http404
    now = timezone.now()
    view = presenting.entry_view(entry, now)
    view["offers"] = offers.for_services([slug])[slug]
    return render(request, "directory/detail.html", {"s": view, "emergency": catalogue.emergency()})


# --- stewardship ----------------------------------------------------------------------------


class ServiceForm(forms.Form):
    description_nb = forms.CharField(label=gettext_lazy("Beskrivelse (bokmål)"), widget=forms.Textarea)
    description_en = forms.CharField(label=gettext_lazy("Beskrivelse (engelsk)"), widget=forms.Textarea, required=False)
    website = forms.URLField(label=gettext_lazy("Nettside"), required=False, assume_scheme="https")
    channels = forms.JSONField(
        label=gettext_lazy("Kanaler og åpningstider (JSON)"),
        help_text=gettext_lazy("Se docs/directory-data.md. Åpningstider kontrolleres før lagring."),
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    note = forms.CharField(label=gettext_lazy("Hva endret du?"), max_length=200)

    def __init__(self, service, *args, **kwargs):
        self.service = service
        super().__init__(*args, **kwargs)

    def document(self):
        doc = dict(self.service.document)
        doc["description"] = {"nb": self.cleaned_data["description_nb"], "en": self.cleaned_data["description_en"] or None}
        doc["website"] = self.cleaned_data["website"] or None
        doc["channels"] = self.cleaned_data["channels"]
        return doc

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            validate_service(self.document())
        except RecordError as exc:
            for problem in exc.problems:
                field = "channels" if problem.startswith("channels") else None
                self.add_error(field, problem)
        return data


def _stewarded(request):
    org_ids = request.staff.organisation_ids({roles.SERVICE_ADMIN})
    return Service.objects.filter(organisation_id__in=org_ids).select_related("organisation")


@staff(roles.SERVICE_ADMIN, roles.PLATFORM_ADMIN)
def stewardship(request):
    platform = roles.PLATFORM_ADMIN in request.staff.platform_roles()
    services = Service.objects.select_related("organisation") if platform else _stewarded(request)
    today = timezone.localdate()
    rows = [{"service": s, "stale": s.is_stale(today)} for s in services.order_by("organisation__name", "slug")]
    return render(request, "directory/stewardship.html", {"rows": rows, "platform": platform, "stale_count": sum(r["stale"] for r in rows)})


COMPLETENESS_TITLES = {
    "no_address": gettext_lazy("Kanaler uten adresse (telefon, chat, SMS, e-post, melding, forum, vennetjeneste)"),
    "no_address_other": gettext_lazy("Andre kanaler uten adresse (gruppe, oppmøte, video)"),
    "hours_unknown": gettext_lazy("Kanaler der åpningstiden ikke er kjent"),
    "audiences_unknown": gettext_lazy("Tjenester der målgruppen ikke er kjent"),
    "no_channels": gettext_lazy("Tjenester uten kanaler"),
    "no_website": gettext_lazy("Tjenester uten nettside"),
}


@staff(roles.PLATFORM_ADMIN)
def completeness_list(request):
    """What the directory does not know yet, for the platform admins who close the gaps
    (the same check as `losen directory_completeness`)."""
    services = list(Service.objects.select_related("organisation").order_by("slug"))
    report = completeness.check([s.document for s in services])
    names = {s.slug: s.name() for s in services}
    sections = [
        {
            "key": key,
            "title": COMPLETENESS_TITLES[key],
            "rows": [{"slug": g.slug, "name": names.get(g.slug, g.name), "detail": g.detail} for g in gaps],
        }
        for key, _title, gaps in report.sections()
    ]
    return render(request, "directory/completeness.html", {"summary": report.summary(), "sections": sections})


@staff(roles.SERVICE_ADMIN)
def edit(request, slug):
    service = get_object_or_404(_stewarded(request), slug=slug)
    initial = {
        "description_nb": (service.document.get("description") or {}).get("nb"),
        "description_en": (service.document.get("description") or {}).get("en"),
        "website": service.document.get("website"),
        "channels": service.document.get("channels"),
    }
    form = ServiceForm(service, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service.edit(form.document(), request.user, note=form.cleaned_data["note"])
        record(request.user, "service_edited", organisation=service.organisation, target=service, version=service.version)
        messages.success(request, _("Lagret som versjon %(v)s.") % {"v": service.version})
        return redirect("directory:stewardship")
    versions = service.versions.select_related("edited_by")[:20]
    return render(request, "directory/edit.html", {"service": service, "form": form, "versions": versions}, status=400 if form.errors else 200)


@staff(roles.SERVICE_ADMIN)
@require_POST
def confirm(request, slug):
    service = get_object_or_404(_stewarded(request), slug=slug)
    service.confirm(request.user)
    record(request.user, "service_confirmed", organisation=service.organisation, target=service)
    messages.success(request, _("%(name)s er bekreftet som riktig.") % {"name": service.name()})
    return redirect("directory:stewardship")

