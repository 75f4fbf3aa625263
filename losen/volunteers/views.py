"""Volunteers' own pages and the coordinator's pages. Thin: writes go through `actions`,
reads of special categories through `sensitive` (audited)."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.core.access import staff
from losen.volunteers import actions, declarations, own_page, sensitive, stages, training
from losen.volunteers.forms import (
    ApplicantForm,
    CompetenceForm,
    CompletionForm,
    DeclarationForm,
    ModuleForm,
    PoliceCertificateForm,
    RequirementForm,
    StageForm,
)
from losen.volunteers.models import (
    Competence,
    Completion,
    Declaration,
    LivedExperienceTag,
    Module,
    Requirement,
    Signature,
    SigningRequest,
    StageChange,
    Volunteer,
)

COORDINATORS = (roles.COORDINATOR, roles.SERVICE_ADMIN)
MEMBERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)


def _org(slug):
    return get_object_or_404(Organisation, slug=slug)


# --- the person's own page ------------------------------------------------------------------


@staff(*MEMBERS)
def me(request):
    user = request.user
    rows = []
    for v in Volunteer.objects.filter(user=user).exclude(stage=stages.ENDED).select_related("organisation"):
        rows.append(
            {
                "volunteer": v,
                "unsigned": declarations.unsigned(user, v.organisation),
                "signed": Signature.objects.filter(user=user, declaration__organisation=v.organisation).select_related("declaration"),
                "can_pause": v.stage in stages.SELF_PAUSE,
            }
        )
    context = {
        "rows": rows,
        "completions": Completion.objects.filter(user=user).select_related("module"),
        "sections": own_page.sections(user),
        "requests": SigningRequest.objects.filter(user=user).select_related("declaration__organisation"),
    }
    return render(request, "volunteers/me.html", context)


def _own(request, pk):
    return get_object_or_404(Volunteer.objects.select_related("organisation"), pk=pk, user=request.user)


@staff(*MEMBERS)
@require_POST
def pause(request, pk):
    volunteer = _own(request, pk)
    try:
        actions.pause_self(volunteer)
        messages.success(request, _("Du har pause. Koordinatoren ser det, og du får ingen nye vakter."))
    except stages.StageError as exc:
        messages.error(request, _(str(exc)))
    return redirect("volunteers:me")


@staff(*MEMBERS)
def export(request):
    data = actions.export(request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="losen-mine-data.json"'
    return response


@staff(*MEMBERS)
def declaration(request, pk):
    decl = get_object_or_404(Declaration, pk=pk)
    if not Volunteer.objects.filter(user=request.user, organisation=decl.organisation).exclude(stage=stages.ENDED).exists():
        raise Http404
    signed = Signature.objects.filter(user=request.user, declaration=decl).first()
    if request.method == "POST" and not signed:
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Kryss av for at du har lest erklæringen før du signerer."))
        else:
            actions.sign(request.user, decl)
            messages.success(request, _("Takk. Du har signert %(title)s, versjon %(version)s.") % {"title": decl.title, "version": decl.version})
            return redirect("volunteers:me")
    return render(request, "volunteers/declaration.html", {"declaration": decl, "signed": signed})


@staff(*MEMBERS)
def competence(request, pk):
    volunteer = _own(request, pk)
    tags = LivedExperienceTag.objects.filter(organisation=volunteer.organisation)
    current = Competence.objects.filter(volunteer=volunteer).first()
    initial = {}
    if current:
        initial = {
            "languages": current.languages, "channels": current.channels, "gender": current.gender, "region": current.region,
            "lived_experience": sensitive.lived_experience(volunteer, request.user, "own page"),
        }
    form = CompetenceForm(request.POST or None, tags=tags, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_competence(volunteer, by=request.user, **form.cleaned_data)
        messages.success(request, _("Lagret."))
        return redirect("volunteers:me")
    return render(request, "volunteers/competence.html", {"volunteer": volunteer, "form": form})


# --- the coordinator's pages ----------------------------------------------------------------


@staff(*COORDINATORS, org_kwarg="org")
def roster(request, org):
    organisation = _org(org)
    form = ApplicantForm(request.POST or None)
    temporary = None
    if request.method == "POST" and form.is_valid():
        volunteer, temporary = actions.register_applicant(
            organisation, form.cleaned_data["username"], form.cleaned_data["display_name"], request.user
        )
        if temporary is None:
            return redirect("volunteers:detail", org=org, pk=volunteer.pk)
        form = ApplicantForm()
    volunteers = list(Volunteer.objects.filter(organisation=organisation).select_related("user"))
    current = declarations.current(organisation)
    signed = set(Signature.objects.filter(declaration__in=current).values_list("user_id", "declaration_id"))
    rows = [{"v": v, "unsigned": sum(1 for d in current if (v.user_id, d.pk) not in signed)} for v in volunteers]
    by_stage = {key: 0 for key in stages.ORDER}
    for v in volunteers:
        by_stage[v.stage] += 1
    context = {
        "organisation": organisation, "rows": rows, "form": form, "temporary": temporary,
        "by_stage": [(label, by_stage[key]) for key, label in Volunteer._meta.get_field("stage").choices],
    }
    return render(request, "volunteers/roster.html", context)


def _volunteer(org, pk):
    return get_object_or_404(Volunteer.objects.select_related("organisation", "user"), pk=pk, organisation__slug=org)


@staff(*COORDINATORS, org_kwarg="org")
def detail(request, org, pk):
    volunteer = _volunteer(org, pk)
    organisation = volunteer.organisation
    show_sensitive = request.GET.get("vis") == "sensitivt"
    context = {
        "organisation": organisation,
        "volunteer": volunteer,
        "changes": StageChange.objects.filter(volunteer=volunteer).select_related("by"),
        "stage_form": StageForm(current=volunteer.stage),
        "completion_form": CompletionForm(modules=training.catalogue(organisation)),
        "completions": Completion.objects.filter(user=volunteer.user).select_related("module"),
        "certificate_form": PoliceCertificateForm(),
        "policy": actions.policy(organisation),
        "unsigned": declarations.unsigned(volunteer.user, organisation),
        "signatures": Signature.objects.filter(user=volunteer.user, declaration__organisation=organisation).select_related("declaration"),
        "competence": Competence.objects.filter(volunteer=volunteer).first(),
        "show_sensitive": show_sensitive,
        "missing_chat": training.missing(volunteer.user, organisation, "chat"),
    }
    if show_sensitive:
        tags = dict(LivedExperienceTag.objects.filter(organisation=organisation).values_list("slug", "label"))
        context["lived_experience"] = [tags.get(t, t) for t in sensitive.lived_experience(volunteer, request.user, "coordinator view")]
        context["certificate"] = sensitive.police_certificate(volunteer, request.user, "coordinator view")
    return render(request, "volunteers/detail.html", context)


@staff(*COORDINATORS, org_kwarg="org")
@require_POST
def move_stage(request, org, pk):
    volunteer = _volunteer(org, pk)
    form = StageForm(request.POST, current=volunteer.stage)
    if form.is_valid():
        try:
            actions.move(volunteer, form.cleaned_data["stage"], request.user, form.cleaned_data["note"])
            messages.success(request, _("Steget er endret."))
        except stages.StageError as exc:
            messages.error(request, _(str(exc)))
    else:
        messages.error(request, _("Velg et steg som kan følge det nåværende."))
    return redirect("volunteers:detail", org=org, pk=pk)


@staff(*COORDINATORS, org_kwarg="org")
@require_POST
def add_completion(request, org, pk):
    volunteer = _volunteer(org, pk)
    form = CompletionForm(request.POST, modules=training.catalogue(volunteer.organisation))
    if form.is_valid():
        actions.record_completion(volunteer.user, form.cleaned_data["module"], form.cleaned_data["completed_on"], request.user)
        messages.success(request, _("Opplæringen er registrert."))
    else:
        messages.error(request, _("Velg modul og dato."))
    return redirect("volunteers:detail", org=org, pk=pk)


@staff(*COORDINATORS, org_kwarg="org")
@require_POST
def police_certificate(request, org, pk):
    volunteer = _volunteer(org, pk)
    form = PoliceCertificateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        actions.record_police_certificate(volunteer, d["seen_on"], d["issued_on"], d["note"], request.user)
        messages.success(request, _("Politiattesten er registrert som sett."))
    else:
        messages.error(request, _("Oppgi datoen politiattesten ble sett."))
    return redirect("volunteers:detail", org=org, pk=pk)


@staff(*COORDINATORS, org_kwarg="org")
def training_view(request, org):
    organisation = _org(org)
    modules = training.catalogue(organisation)
    module_form = ModuleForm(request.POST if request.POST.get("form") == "module" else None)
    requirement_form = RequirementForm(request.POST if request.POST.get("form") == "requirement" else None, modules=modules)
    if request.method == "POST":
        if request.POST.get("form") == "module" and module_form.is_valid():
            module = module_form.save(commit=False)
            module.organisation = organisation
            base = slugify_code(module.name)
            module.code = base
            n = 2
            while Module.objects.filter(organisation=organisation, code=module.code).exists():
                module.code, n = f"{base}-{n}", n + 1
            module.save()
            return redirect("volunteers:training", org=org)
        if request.POST.get("form") == "requirement" and requirement_form.is_valid():
            d = requirement_form.cleaned_data
            Requirement.objects.get_or_create(organisation=organisation, service=None, channel=d["channel"], role=d["role"], module=d["module"])
            return redirect("volunteers:training", org=org)
    context = {
        "organisation": organisation, "modules": modules, "module_form": module_form, "requirement_form": requirement_form,
        "requirements": Requirement.objects.filter(organisation=organisation).select_related("module", "service"),
    }
    return render(request, "volunteers/training.html", context)


def slugify_code(name):
    from django.utils.text import slugify

    return slugify(name)[:50] or "modul"


@staff(*COORDINATORS, org_kwarg="org")
def declarations_view(request, org):
    organisation = _org(org)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.publish_declaration(organisation, d["kind"], d["title"], d["body"], request.user, d["lasts_after_end"])
        messages.success(request, _("Ny versjon er publisert. Alle blir bedt om å signere på nytt."))
        return redirect("volunteers:declarations", org=org)
    current = declarations.current(organisation)
    people = Volunteer.objects.filter(organisation=organisation, stage__in=list(stages.WITH_ACCESS)).count()
    rows = [{"d": d, "signed": d.signatures.count(), "people": people} for d in current]
    context = {"organisation": organisation, "rows": rows, "form": form, "today": timezone.localdate()}
    return render(request, "volunteers/declarations.html", context)
