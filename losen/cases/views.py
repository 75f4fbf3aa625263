"""Case pages. The help seeker's pages work without JavaScript, set no cookie and use no CSRF
cookie: the pickup code is typed into a form and travels only in POST bodies, never in a URL.
Staff pages: the daily leader's desk, the case page (leader or assigned volunteer only, every
read audited), referrals, professional inquiries and the survey report. Writes go through
`actions`."""

import json
from datetime import date, timedelta
from urllib.parse import urlparse

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from losen.accounts import roles
from losen.accounts.models import Organisation
from django.contrib import messages

from losen.audit.models import record
from losen.cases import actions, forms, live
from losen.cases.actions import CaseError
from losen.cases.models import COUNSELLOR, Assignment, Case, CaseService, Concern, Inquiry, Referral
from losen.core.access import public, staff
from losen.core.ratelimit import RateLimiter, client_of
from losen.directory import catalogue, presenting
from losen.navigator.support import RiskForm, support_phrases
from losen.volunteers.models import LivedExperienceTag, Volunteer

LEADERS = (roles.COORDINATOR, roles.SERVICE_ADMIN)
MEMBERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)
PAGE_SIZE = 25
code_limiter = RateLimiter("cases-code", limit=10, window_seconds=60)


def _same_origin(request):
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return urlparse(origin).netloc == request.get_host()


def _emergency():
    """Seed 000, "Ved akutt fare": 113 and 116 117, from the directory's emergency list."""
    wanted = {"113", "116117"}
    return [e for e in catalogue.emergency() if (e.get("number") or "").replace(" ", "") in wanted]


def _case_service(slug):
    cs = CaseService.objects.filter(service__slug=slug, enabled=True).select_related("service", "service__organisation").first()
    if cs is None:
        raise Http404
    return cs


def _tags(organisation):
    return list(LivedExperienceTag.objects.filter(organisation=organisation).values_list("slug", "label"))


# --- help seeker -------------------------------------------------------------------------------


@public
@csrf_exempt
def intake(request, slug):
    cs = _case_service(slug)
    name = presenting.text(cs.service.document.get("name"))
    form = forms.IntakeForm(request.POST or None, **_intake_options(cs))
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
        if form.is_valid():
            case, code = actions.intake(cs, form.cleaned_data, source="form")
            return render(request, "cases/intake_done.html", {"cs": cs, "name": name, "code": code, "reply_days": cs.reply_days})
    return render(request, "cases/intake.html", {"cs": cs, "name": name, "form": form, "emergency": _emergency()})


def _intake_options(cs):
    return {"tags": _tags(cs.organisation), "consent_text": cs.consent_text, "email": cs.notify_email_enabled, "sms": cs.notify_sms_enabled}


@public
@csrf_exempt
def offer(request):
    """The person's answer to "Vil du ha en fast samtalepartner?", offered in a chat or a
    written message. The offer's id and token come from the form in their own view (POST only,
    never in a URL). "Ja" shows the intake form with the consent text; sending it creates the
    case in the service's intake queue and shows the pickup code once."""
    if request.method != "POST":
        return render(request, "cases/offer_gone.html", {}, status=404)
    if not _same_origin(request):
        return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
    found = actions.offer_by_token(request.POST.get("offer"), request.POST.get("token"))
    if found is None:
        return render(request, "cases/offer_gone.html", {}, status=404)
    cs = found.case_service
    name = presenting.text(cs.service.document.get("name"))
    if request.POST.get("answer") == "no":
        actions.decline_offer(found)
        return render(request, "cases/offer_declined.html", {"name": name})
    submitted = request.POST.get("step") == "intake"
    form = forms.IntakeForm(request.POST if submitted else None, **_intake_options(cs))
    if submitted and form.is_valid():
        try:
            case, code = actions.accept_offer(found, form.cleaned_data)
        except CaseError:
            return render(request, "cases/offer_gone.html", {}, status=404)
        return render(request, "cases/intake_done.html", {"cs": cs, "name": name, "code": code, "reply_days": cs.reply_days})
    hidden = {"offer": found.pk, "token": actions.offer_token(found), "step": "intake", "answer": "yes"}
    return render(request, "cases/offer.html", {"cs": cs, "name": name, "form": form, "hidden": hidden, "emergency": _emergency()}, status=400 if submitted else 200)


def _live_texts(seeker: bool, case=None):
    if seeker:
        return {"mine": _("Du"), "theirs": _("Samtalepartneren"), "read": _("Lest")}
    return {"mine": _("Kontaktperson"), "theirs": (case.first_name if case else "") or _("Hjelpesøkende"), "read": _("Lest")}


def _seeker_context(case, **extra):
    cs = case.case_service
    contact = Assignment.objects.filter(case=case, role=Assignment.PRIMARY, ended_at__isnull=True).select_related("volunteer").first()
    ctx = {
        "case": case,
        "cs": cs,
        "contact_name": (contact.volunteer.name.split() or [""])[0] if contact else None,
        "thread": list(case.messages.all()),
        "meetings": list(case.meetings.filter(starts_at__gte=timezone.now() - timedelta(hours=2))),
        "message_form": forms.MessageForm(),
        "evaluation_form": forms.EvaluationForm(),
        "reply_days": cs.reply_days,
        "emergency": _emergency(),
        "year": timezone.now().year,
        "live_ticket": live.ticket(case) if case.status != Case.CLOSED and case.personal_data_deleted_at is None else "",
        "live_texts": _live_texts(True),
    }
    ctx.update(extra)
    return ctx


@public
@csrf_exempt
def mine(request):
    """The help seeker's side of the case. Every action posts the code again (no cookie)."""
    if request.method != "POST":
        return render(request, "cases/mine_code.html", {"form": forms.CodeForm()})
    if not _same_origin(request):
        return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
    form = forms.CodeForm(request.POST)
    if code_limiter.hit(client_of(request)):
        form.is_valid()
        form.add_error(None, _("For mange forsøk. Vent et minutt og prøv igjen."))
        return render(request, "cases/mine_code.html", {"form": form}, status=429)
    case = actions.by_code(request.POST.get("code", "")) if form.is_valid() else None
    if case is None:
        if form.is_valid():
            form.add_error("code", _("Vi fant ingen sak med denne koden. Sjekk at du har skrevet den riktig."))
        return render(request, "cases/mine_code.html", {"form": form}, status=400 if request.POST.get("code") else 200)
    code = form.cleaned_data["code"]
    action = request.POST.get("action", "")
    extra = {}
    if action == "send":
        mform = forms.MessageForm(request.POST)
        if mform.is_valid():
            try:
                actions.post(case, mform.cleaned_data["body"], from_seeker=True)
                extra["status"] = _("Meldingen er sendt.")
            except CaseError as e:
                mform.add_error(None, _(str(e)))
                extra["message_form"] = mform
        else:
            extra["message_form"] = mform
    elif action == "export":
        response = HttpResponse(json.dumps(actions.export(case), ensure_ascii=False, indent=2), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="min-sak.json"'
        return response
    elif action == "delete":
        if request.POST.get("confirm") == "yes":
            actions.request_deletion(case)
            return render(request, "cases/deleted.html", {})
        extra["confirm_delete"] = True
    elif action == "evaluate" and case.status == Case.CLOSED:
        eform = forms.EvaluationForm(request.POST)
        if eform.is_valid():
            actions.evaluate(case, eform.cleaned_data)
            extra["status"] = _("Takk for at du svarte!")
            extra["evaluated"] = True
    elif action == "end":
        actions.close(case, "seeker_ended")
        case.refresh_from_db()
    actions.mark_read(case, by_seeker=True)
    return render(request, "cases/mine.html", _seeker_context(case, code=code, **extra))


@public
@csrf_exempt
def survey(request, slug, year):
    cs = _case_service(slug)
    if year != timezone.now().year:
        raise Http404
    form = forms.SurveyForm(request.POST or None)
    done = False
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
        if form.is_valid():
            actions.answer_survey(cs, year, form.cleaned_data)
            done = True
    return render(request, "cases/survey.html", {"cs": cs, "name": presenting.text(cs.service.document.get("name")), "form": form, "done": done, "year": year})


# --- staff -----------------------------------------------------------------------------------


def _org(slug):
    return get_object_or_404(Organisation, slug=slug)


@staff(*LEADERS, org_kwarg="org")
def desk(request, org):
    """The daily leader's desk: concerns first, then waiting cases, overdue reviews, volunteers
    near their maximum, and the active cases (paginated, filtered by volunteer and region)."""
    organisation = _org(org)
    now = timezone.now()
    today = now.date()
    cases = Case.objects.filter(organisation=organisation, personal_data_deleted_at__isnull=True).select_related("case_service__service")
    concerns = list(Concern.objects.filter(case__organisation=organisation, resolved_at__isnull=True).select_related("case").order_by("-raised_at")[:50])
    waiting = list(cases.filter(status=Case.WAITING).order_by("created_at")[:50])
    waiting_total = cases.filter(status=Case.WAITING).count()
    overdue = cases.filter(status=Case.ACTIVE, review_on__lt=today).count()
    active = cases.filter(status__in=[Case.MATCHED, Case.ACTIVE])
    volunteer = request.GET.get("frivillig", "")
    region = request.GET.get("fylke", "")
    only = request.GET.get("vis", "")
    if volunteer.isdigit():
        active = active.filter(assignments__volunteer_id=int(volunteer), assignments__ended_at__isnull=True)
    if region:
        active = active.filter(region=region)
    if only == "forfalt":
        active = active.filter(review_on__lt=today)
    open_concern = Concern.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True)
    active = active.annotate(has_concern=Exists(open_concern)).order_by("review_on", "pk").distinct()
    page = Paginator(active, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = list(page.object_list)
    names = {a.case_id: a.volunteer.name for a in Assignment.objects.filter(case__in=rows, ended_at__isnull=True, role=Assignment.PRIMARY).select_related("volunteer__user")}
    shown = [c.pk for c in rows] + [c.pk for c in waiting] + [c.case_id for c in concerns]
    if shown:
        from losen.audit.models import record

        record(request.user, "cases_listed", organisation=organisation, cases=sorted(set(shown)), purpose="desk")
    cands = {}
    for cs in CaseService.objects.filter(service__organisation=organisation):
        for c in actions.candidates(cs, request.user, purpose="desk capacity", lived=False):
            cands[c.volunteer_id] = c
    near_full = sorted((c for c in cands.values() if c.active and c.max_cases - c.open_cases <= 1), key=lambda c: c.name)
    volunteers = Volunteer.objects.filter(organisation=organisation, case_assignments__ended_at__isnull=True).distinct().select_related("user")
    query = {k: v for k, v in (("frivillig", volunteer), ("fylke", region), ("vis", only)) if v}
    from urllib.parse import urlencode

    return render(
        request,
        "cases/desk.html",
        {
            "organisation": organisation,
            "concerns": concerns,
            "waiting": [{"case": c, "days": (now - c.created_at).days} for c in waiting],
            "waiting_total": waiting_total,
            "overdue": overdue,
            "page": page,
            "rows": [{"case": c, "volunteer": names.get(c.pk, ""), "overdue": c.review_on and c.review_on < today} for c in rows],
            "near_full": near_full,
            "volunteers": [(v.pk, v.name) for v in volunteers],
            "regions": forms.REGIONS[1:],
            "filters": {"frivillig": volunteer, "fylke": region, "vis": only},
            "query": urlencode(query),
            "emergency": _emergency(),
        },
    )


@staff(*LEADERS, org_kwarg="org")
def leader_intake(request, org):
    organisation = _org(org)
    services = list(CaseService.objects.filter(service__organisation=organisation).select_related("service"))
    if not services:
        raise Http404
    cs = next((s for s in services if str(s.pk) == request.GET.get("tjeneste", "")), services[0])
    form = forms.LeaderIntakeForm(request.POST or None, **_intake_options(cs))
    if request.method == "POST" and form.is_valid():
        case, code = actions.intake(cs, form.cleaned_data, source=form.cleaned_data["source"], by=request.user)
        return render(request, "cases/leader_intake_done.html", {"organisation": organisation, "case": case, "code": code})
    return render(request, "cases/leader_intake.html", {"organisation": organisation, "form": form, "cs": cs, "services": services})


@staff(*MEMBERS)
def my_cases(request):
    """The volunteer's own cases (in every organisation)."""
    rows = Assignment.objects.filter(volunteer__user=request.user, ended_at__isnull=True).select_related("case", "case__organisation").order_by("case__review_on")
    unread = {
        r.case_id: r.case.messages.filter(from_seeker=True, read_at__isnull=True).count() for r in rows
    }
    return render(request, "cases/my_cases.html", {"rows": [{"a": r, "unread": unread.get(r.case_id, 0)} for r in rows]})


def _visible_case(request, org, pk):
    organisation = _org(org)
    case = Case.objects.filter(pk=pk, organisation=organisation).select_related("case_service__service").first()
    if case is None or not actions.can_see(request.user, case):
        raise Http404
    return organisation, case


def _volunteer_choices(case, actor):
    return [(s.volunteer_id, f"{s.name} ({s.score})") for s in actions.suggest(case, actor, limit=0)]


@staff(*MEMBERS, org_kwarg="org")
def case_page(request, org, pk):
    organisation, case = _visible_case(request, org, pk)
    leader = actions.is_leader(request.user, organisation)
    is_assigned = actions.assigned(request.user, case)
    context_extra = {}
    if request.method == "POST":
        result = _case_action(request, case, leader, is_assigned)
        if isinstance(result, HttpResponse):
            return result
        context_extra = result
        case.refresh_from_db()
    actions.read(case, request.user, "case page")
    if is_assigned:
        actions.mark_read(case, by_seeker=False)
    cs = case.case_service
    suggestions = []
    if leader and case.status == Case.WAITING and case.personal_data_deleted_at is None:
        suggestions = [{"s": s, "reasons": [_(msg) % params for msg, params in s.reasons]} for s in actions.suggest(case, request.user)]
    stated = case.stated
    tags = dict(_tags(organisation))
    ctx = {
        "organisation": organisation,
        "case": case,
        "cs": cs,
        "counsellor": cs.kind == COUNSELLOR,
        "leader": leader,
        "assigned": is_assigned,
        "stated": stated,
        "stated_forms": [str(label) for value, label in forms.FORM_CHOICES if value in stated.get("forms", [])],
        "stated_lived": [tags.get(t, t) for t in stated.get("lived_experience", [])],
        "assignments": case.assignments.select_related("volunteer__user"),
        "suggestions": suggestions,
        "thread": list(case.messages.all()),
        "meetings": list(case.meetings.all()),
        "notes": list(case.notes.all()[:20]),
        "concerns": list(case.concerns.all()),
        "may_start": actions.may_start(request.user, case) or leader,
        "unsigned": not actions.may_start(request.user, case) and is_assigned,
        "framework_form": forms.FrameworkForm(initial={"forms": case.forms or stated.get("forms"), "frequency": case.frequency, "times": case.times or stated.get("times"), "review_on": case.review_on or (date.today() + timedelta(weeks=6))}),
        "message_form": forms.MessageForm(),
        "meeting_form": forms.MeetingForm(prefix="meeting"),
        "note_form": forms.NoteForm(prefix="note", initial={"on": date.today()}),
        "concern_form": forms.ConcernForm(prefix="concern"),
        "risk_form": RiskForm(prefix="risk"),
        "close_form": forms.CloseForm(),
        "assign_form": forms.AssignForm(volunteers=_volunteer_choices(case, request.user)) if leader and case.status != Case.CLOSED else None,
        "exclude_form": forms.ExcludeForm(volunteers=[(v.pk, v.name) for v in Volunteer.objects.filter(organisation=organisation).select_related("user")], initial={"excluded": stated.get("excluded", [])}) if leader and case.status == Case.WAITING else None,
        "emergency": _emergency(),
        "phrases": support_phrases(),
        "survey_url": f"/oppfolging/tjeneste/{cs.slug}/undersokelse/{timezone.now().year}/" if cs.kind == COUNSELLOR else "",
        "live_texts": _live_texts(False, case),
    }
    ctx.update(context_extra)
    return render(request, "cases/case.html", ctx)


def _case_action(request, case, leader, is_assigned):
    """One POST action on the case page. Returns a redirect, or context with the failed form."""
    action = request.POST.get("action", "")
    user = request.user
    here = redirect("cases:case", org=case.organisation.slug, pk=case.pk)
    worker = leader or is_assigned
    try:
        if action == "approve" and leader:
            actions.approve(case, int(request.POST.get("volunteer", "0") or 0), user)
            return here
        if action == "exclude" and leader:
            f = forms.ExcludeForm(request.POST, volunteers=[(v.pk, v.pk) for v in Volunteer.objects.filter(organisation=case.organisation)])
            if f.is_valid():
                actions.set_exclusions(case, f.cleaned_data["excluded"], user)
                return here
        if action == "framework" and worker:
            f = forms.FrameworkForm(request.POST)
            if f.is_valid():
                actions.agree_framework(case, actor=user, **f.cleaned_data)
                return here
            return {"framework_form": f}
        if action == "message" and is_assigned:
            f = forms.MessageForm(request.POST)
            if f.is_valid():
                actions.post(case, f.cleaned_data["body"], from_seeker=False, author=user)
                return redirect(here.url + "#kanal")
            return {"message_form": f}
        if action == "meeting" and worker:
            f = forms.MeetingForm(request.POST, prefix="meeting")
            if f.is_valid():
                actions.book_meeting(case, actor=user, **f.cleaned_data)
                return here
            return {"meeting_form": f}
        if action == "note" and worker:
            f = forms.NoteForm(request.POST, prefix="note")
            if f.is_valid():
                actions.add_note(case, author=user, **f.cleaned_data)
                return here
            return {"note_form": f}
        if action == "concern" and worker:
            f = forms.ConcernForm(request.POST, prefix="concern")
            risk = RiskForm(request.POST, prefix="risk")
            if f.is_valid() and (f.cleaned_data["kind"] != Concern.SUICIDE or risk.is_valid()):
                answers = risk.cleaned_data if f.cleaned_data["kind"] == Concern.SUICIDE else {}
                actions.raise_concern(case, f.cleaned_data["kind"], user, risk=answers, note=f.cleaned_data["note"])
                return redirect(here.url + "#bekymring")
            return {"concern_form": f, "risk_form": risk}
        if action == "resolve" and leader:
            concern = get_object_or_404(Concern, pk=request.POST.get("concern"), case=case)
            actions.resolve_concern(concern, user)
            return here
        if action == "assign" and leader:
            f = forms.AssignForm(request.POST, volunteers=_volunteer_choices(case, user))
            if f.is_valid():
                if f.cleaned_data["mode"] == "move":
                    actions.move(case, f.cleaned_data["volunteer"], user, f.cleaned_data["handover_note"])
                else:
                    actions.add_volunteer(case, f.cleaned_data["volunteer"], user)
                return here
            return {"assign_form": f}
        if action == "close" and leader:
            f = forms.CloseForm(request.POST)
            if f.is_valid():
                actions.close(case, f.cleaned_data["reason"], user)
                return here
            return {"close_form": f}
        if action == "new_code" and leader:
            return {"new_code": actions.new_code(case, user)}
    except CaseError as e:
        return {"error": _(str(e))}
    except ValueError:
        return {"error": _("Ugyldig valg.")}
    return HttpResponseForbidden(_("Du kan ikke gjøre dette i denne saken."))


@staff(*MEMBERS, org_kwarg="org")
def referrals(request, org):
    organisation = _org(org)
    leader = request.staff.has_any(LEADERS, org_slug=org)
    services = list(CaseService.objects.filter(service__organisation=organisation).select_related("service"))
    form = forms.ReferralForm(request.POST or None) if leader else None
    if request.method == "POST":
        if not leader or not services:
            return HttpResponseForbidden(_("Du kan ikke gjøre dette i denne saken."))
        if form.is_valid():
            r = form.save(commit=False)
            r.case_service = services[0]
            r.save()
            return redirect("cases:referrals", org=org)
    rows = Referral.objects.filter(case_service__in=services).select_related("directory_service")
    return render(request, "cases/referrals.html", {"organisation": organisation, "rows": rows, "form": form})


@staff(*LEADERS, org_kwarg="org")
def inquiries(request, org):
    organisation = _org(org)
    services = list(CaseService.objects.filter(service__organisation=organisation).select_related("service"))
    if not services:
        raise Http404
    form = forms.InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.log_inquiry(services[0], by=request.user, **form.cleaned_data)
        return redirect("cases:inquiries", org=org)
    rows = Inquiry.objects.filter(case_service__in=services)[:100]
    return render(request, "cases/inquiries.html", {"organisation": organisation, "rows": rows, "form": form})


@staff(*LEADERS, roles.STATISTICS_READER, org_kwarg="org")
def survey_report(request, org):
    organisation = _org(org)
    year = int(request.GET.get("ar") or timezone.now().year)
    reports = [
        {"cs": cs, "name": presenting.text(cs.service.document.get("name")), "report": actions.survey_report(cs, year), "offered": actions.offered_survey(cs, year)}
        for cs in CaseService.objects.filter(service__organisation=organisation).select_related("service")
    ]
    return render(request, "cases/survey_report.html", {"organisation": organisation, "reports": reports, "year": year, "minimum": actions.SUPPRESS_BELOW})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def settings_view(request, org):
    """Per-service settings for the service admin: retention, max cases per volunteer, the
    service's own Jitsi Meet server, notification options, the consent text (a change gets a
    new version)."""
    organisation = _org(org)
    found = []
    for cs in CaseService.objects.filter(service__organisation=organisation).select_related("service").order_by("pk"):
        data = request.POST if request.method == "POST" and request.POST.get("service") == str(cs.pk) else None
        form = forms.SettingsForm(data, instance=cs, prefix=f"s{cs.pk}")
        if data is not None and form.is_valid():
            changed = sorted(form.changed_data)
            saved = form.save(commit=False)
            if "consent_text" in changed:
                saved.consent_version += 1  # consent given from now on is recorded with the new version
            saved.save()
            record(request.user, "cases_settings_changed", organisation=organisation, target=cs, fields=changed)
            messages.success(request, _("Lagret."))
            return redirect("cases:settings", org=org)
        found.append({"cs": cs, "name": presenting.text(cs.service.document.get("name")), "form": form})
    return render(request, "cases/settings.html", {"organisation": organisation, "forms": found}, status=400 if request.method == "POST" else 200)
