"""Group pages. A participant's pages need no account, no cookie and no JavaScript: they are
reached by a secret page token (a UUID; only its digest is stored) or by the pickup code.
Participant forms refuse posts from other sites by their Origin header, like the chat's."""

import uuid
from datetime import timedelta
from urllib.parse import urlparse

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.accounts.models import Organisation, User
from losen.audit.models import record
from losen.core.access import public, staff
from losen.directory import catalogue
from losen.directory.models import Service
from losen.groups import actions
from losen.groups.forms import (
    ApplyForm,
    CodeForm,
    EvaluationForm,
    MessageForm,
    RulesForm,
    SeriesForm,
    SettingsForm,
    TopicForm,
    WrittenEvaluationForm,
)
from losen.groups.models import GroupSettings, Participant, Seat, Series, Session, SideChat, Topic
from losen.navigator.support import support_phrases

COORDINATORS = (roles.COORDINATOR, roles.SERVICE_ADMIN)
LEADERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)


def _same_origin(request):
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return urlparse(origin).netloc == request.get_host()


def _participant(token) -> Participant:
    p = actions.participant_by_token(str(token))
    if p is None:
        raise Http404
    return p


# --- public ------------------------------------------------------------------------------------


@public
def index(request):
    series = Series.objects.filter(listed=True, ended_at__isnull=True).select_related("service").order_by("title")
    slug = request.GET.get("tjeneste")
    if slug:
        series = series.filter(service__slug=slug)
    rows = []
    now = timezone.now()
    for s in series:
        upcoming = s.sessions.filter(starts_at__gte=now - timedelta(hours=3), state__in=[Session.PLANNED, Session.LIVE, Session.PAUSED]).first()
        entry = catalogue.get(s.service.slug)
        rows.append({"series": s, "next": upcoming, "service_name": _service_name(entry, s.service)})
    return render(request, "groups/index.html", {"rows": rows})


def _service_name(entry, service):
    from losen.directory import presenting

    doc = entry.doc if entry else service.document
    return presenting.text(doc.get("name")) or service.slug


@public
@csrf_exempt
def series_detail(request, pk):
    series = get_object_or_404(Series.objects.select_related("service"), pk=pk, listed=True)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden()
        form = ApplyForm(request.POST, series=series)
        if form.is_valid() and series.ended_at is None:
            d = form.cleaned_data
            p, token, code = actions.apply(series, d["first_name"], d["code"], d["phone"], d["email"], d["wants_reminders"])
            return _participant_page(request, p, token, new_code=None if d["code"] else code)
    else:
        form = ApplyForm(series=series)
    sessions = series.sessions.exclude(state=Session.CANCELLED)
    return render(request, "groups/series.html", {"series": series, "form": form, "sessions": sessions, "full": actions._approved_count(series) >= series.capacity})


@public
@csrf_exempt
def pickup(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden()
        if form.is_valid():
            found = actions.by_code(form.cleaned_data["code"])
            if found:
                return redirect("groups:participant", token=found[1])
            form.add_error("code", _("Vi fant ingen påmelding med denne koden. Sjekk at ordene er riktige."))
    return render(request, "groups/pickup.html", {"form": form})


def _participant_page(request, p, token, new_code=None, **extra):
    series = p.series
    sessions = list(series.sessions.exclude(state=Session.CANCELLED).prefetch_related("topics"))
    conf = actions.settings_for(series.service)
    evaluated = set()
    for s in sessions:
        if s.state == Session.ENDED and s.evaluations.filter(voter=actions._voter(p, f"eval:{s.pk}")).exists():
            evaluated.add(s.pk)
    approved = p.state == Participant.APPROVED
    ctx = {
        "p": p, "series": series, "token": token, "new_code": new_code, "sessions": sessions, "approved": approved,
        "rules_form": RulesForm(), "topic_form": TopicForm(), "show_dial_in": approved and p.rules_accepted_at and series.format == Series.PHONE,
        "evaluated": evaluated, "eval_form": EvaluationForm(questions=conf.evaluation_questions()),
        "written_form": WrittenEvaluationForm(), "written_done": series.written_evaluations.filter(voter=actions._voter(p, f"written:{series.pk}")).exists(),
        "open_session": next((s for s in sessions if s.state in Session.OPEN_STATES), None),
        "next_session": next((s for s in sessions if s.state == Session.PLANNED), None),
        "notices": series.notices.all()[:20] if p.state in (Participant.APPROVED, Participant.WAITLIST, Participant.APPLIED) else [],
    }
    ctx.update(extra)
    return render(request, "groups/participant.html", ctx)


@public
def participant(request, token):
    return _participant_page(request, _participant(token), token)


def _participant_post(view):
    """POST-only participant forms: same origin, the participant found by token."""

    def wrapper(request, token, *args, **kwargs):
        if request.method != "POST":
            return redirect("groups:participant", token=token)
        if not _same_origin(request):
            return HttpResponseForbidden()
        return view(request, _participant(token), token, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return csrf_exempt(wrapper)


@public
@_participant_post
def accept_rules(request, p, token):
    form = RulesForm(request.POST)
    if form.is_valid():
        actions.accept_rules(p)
        messages.success(request, _("Takk. Du har godtatt grunnreglene."))
        return redirect("groups:participant", token=token)
    return _participant_page(request, p, token, rules_form=form)


@public
@_participant_post
def vote(request, p, token, topic_id):
    topic = get_object_or_404(Topic, pk=topic_id, session__series=p.series)
    try:
        actions.vote(p, topic, request.POST.get("approve") == "yes")
    except actions.NotAllowed:
        messages.error(request, _("Bare godkjente deltakere kan stemme over tema."))
    return redirect(reverse("groups:participant", kwargs={"token": token}) + f"#okt-{topic.session_id}")


@public
@_participant_post
def suggest(request, p, token, session_id):
    session = get_object_or_404(Session, pk=session_id, series=p.series)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            actions.suggest_topic(p, session, form.cleaned_data["text"])
            messages.success(request, _("Takk. Forslaget ditt er sendt uten navn."))
        except actions.NotAllowed:
            messages.error(request, _("Bare godkjente deltakere kan foreslå tema."))
        return redirect("groups:participant", token=token)
    return _participant_page(request, p, token, topic_form=form, topic_session=session.pk)


@public
@_participant_post
def evaluate(request, p, token, session_id):
    session = get_object_or_404(Session, pk=session_id, series=p.series)
    form = EvaluationForm(request.POST, questions=actions.settings_for(p.series.service).evaluation_questions())
    if form.is_valid():
        try:
            actions.evaluate(p, session, form.answers())
            messages.success(request, _("Takk for svarene dine."))
        except (actions.NotAllowed, ValueError):
            messages.error(request, _("Evalueringen kan gis etter samlingen."))
        return redirect("groups:participant", token=token)
    return _participant_page(request, p, token, eval_form=form, eval_session=session.pk)


@public
@_participant_post
def evaluate_series(request, p, token):
    form = WrittenEvaluationForm(request.POST)
    if form.is_valid():
        actions.evaluate_series(p, p.series, form.cleaned_data["text"])
        messages.success(request, _("Takk for evalueringen."))
        return redirect("groups:participant", token=token)
    return _participant_page(request, p, token, written_form=form)


@public
@_participant_post
def withdraw(request, p, token):
    actions.withdraw(p)
    messages.success(request, _("Du er meldt av. Telefonnummer og e-post er slettet."))
    return redirect("groups:participant", token=token)


# --- the room (works without JavaScript; live with it) --------------------------------------------


def _room_context(p, session, token, **extra):
    seat = Seat.objects.filter(session=session, participant=p).first()
    side = SideChat.objects.filter(session=session, participant=p, closed_at__isnull=True).first()
    lines = actions.history(session.pk, 0, participant_id=p.pk)
    ctx = {
        "p": p, "session": session, "series": session.series, "token": token, "lines": lines, "seat": seat, "side": side,
        "form": MessageForm(initial={"client_id": uuid.uuid4().hex}), "side_form": MessageForm(initial={"client_id": uuid.uuid4().hex}, prefix="side"),
        "ws_path": f"/ws/grupper/rom/{session.pk}/{token}/", "last_seq": max((m["seq"] for m in lines), default=0),
        "emergency": catalogue.emergency(), "held": any(m["held"] for m in lines),
        "texts": {"leader": _("leder"), "held": _("Meldingen din er holdt tilbake. En leder ser den."), "hidden": _("Meldingen er skjult av en leder."),
                  "muted": _("En leder har satt deg på pause i samtalen. Du kan fortsatt skrive til en leder."), "paused": _("Lederne har satt rommet på pause."),
                  "ended": _("Samlingen er avsluttet."), "removed": _("En leder har tatt deg ut av gruppen."), "side": _("Privat med en leder"),
                  "error": _("Meldingen ble ikke sendt. Prøv igjen."), "you": _("deg")},
    }
    ctx.update(extra)
    return ctx


@public
def room(request, token, session_id):
    p = _participant(token)
    session = get_object_or_404(Session.objects.select_related("series__service"), pk=session_id, series=p.series, series__format=Series.ONLINE)
    if p.state != Participant.APPROVED or p.rules_accepted_at is None:
        return redirect("groups:participant", token=token)
    try:
        actions.join_room(session, p)
    except actions.NotAllowed:
        return redirect("groups:participant", token=token)
    return render(request, "groups/room.html", _room_context(p, session, token))


@public
@_participant_post
def room_send(request, p, token, session_id):
    session = get_object_or_404(Session, pk=session_id, series=p.series)
    side = request.POST.get("side") == "1"
    form = MessageForm(request.POST, prefix="side" if side else None)
    if not form.is_valid():
        return render(request, "groups/room.html", _room_context(p, session, token, **({"side_form": form} if side else {"form": form})))
    d = form.cleaned_data
    try:
        if side:
            chat = actions.open_side_chat(session, p)
            m, created = actions.store(session.pk, d["text"], d["client_id"], participant_id=p.pk, side_chat_id=chat.pk)
        else:
            m, created = actions.participant_post(session.pk, p.pk, d["text"], d["client_id"])
        if created:
            actions.publish_message(session.pk, m)
    except actions.NotAllowed as exc:
        code = exc.args[0] if exc.args else ""
        text = {"muted": _("En leder har satt deg på pause i samtalen. Du kan fortsatt skrive til en leder."), "paused": _("Lederne har satt rommet på pause.")}.get(code, _("Rommet er ikke åpent nå."))
        form.add_error("text", text)
        return render(request, "groups/room.html", _room_context(p, session, token, **({"side_form": form} if side else {"form": form})))
    return redirect(reverse("groups:room", kwargs={"token": token, "session_id": session.pk}) + "#skriv")


@public
@_participant_post
def side_open(request, p, token, session_id):
    session = get_object_or_404(Session, pk=session_id, series=p.series)
    try:
        actions.open_side_chat(session, p)
    except actions.NotAllowed:
        messages.error(request, _("Rommet er ikke åpent nå."))
    return redirect(reverse("groups:room", kwargs={"token": token, "session_id": session.pk}) + "#side")


# --- staff: the coordinator ------------------------------------------------------------------------


def _org(org_slug):
    return get_object_or_404(Organisation, slug=org_slug)


def _org_members(org):
    return User.objects.filter(memberships__organisation=org, is_active=True).distinct().order_by("username")


@staff(*COORDINATORS, org_kwarg="org")
def coordinator(request, org):
    organisation = _org(org)
    now = timezone.now()
    sessions = (
        Session.objects.filter(series__service__organisation=organisation, state__in=[Session.PLANNED, Session.LIVE, Session.PAUSED], starts_at__gte=now - timedelta(hours=6))
        .select_related("series__service").annotate(n_leaders=Count("leaders", distinct=True)).order_by("starts_at")[:200]
    )
    series_ids = {s.series_id for s in sessions}
    counts = {
        row["series"]: row
        for row in Participant.objects.filter(series_id__in=series_ids).values("series").annotate(
            approved=Count("id", filter=Q(state=Participant.APPROVED)), waitlist=Count("id", filter=Q(state=Participant.WAITLIST)),
            applied=Count("id", filter=Q(state=Participant.APPLIED)),
        )
    }
    rows = []
    for s in sessions:
        c = counts.get(s.series_id, {"approved": 0, "waitlist": 0, "applied": 0})
        rows.append({"session": s, "missing": actions.rules.leaders_missing(s.series.leaders_needed, s.n_leaders), "full": c["approved"] >= s.series.capacity, **c})
    series = Series.objects.filter(service__organisation=organisation).order_by("ended_at", "title")
    return render(request, "groups/coordinator.html", {"org": organisation, "rows": rows, "series": series, "missing_count": sum(1 for r in rows if r["missing"])})


@staff(*COORDINATORS, org_kwarg="org")
def series_new(request, org):
    organisation = _org(org)
    services = Service.objects.filter(organisation=organisation)
    form = SeriesForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        series = form.save()
        d = form.cleaned_data
        for i in range(d["sessions"]):
            Session.objects.create(series=series, starts_at=d["first_session"] + timedelta(days=d["every_days"] * i), minutes=d["minutes"])
        record(request.user, "group_series_created", organisation=organisation, target=series)
        messages.success(request, _("Gruppen er opprettet. Sett opp ledere for samlingene."))
        return redirect("groups:series_admin", org=org, pk=series.pk)
    return render(request, "groups/series_form.html", {"org": organisation, "form": form})


@staff(*COORDINATORS, org_kwarg="org")
def series_admin(request, org, pk):
    organisation = _org(org)
    series = get_object_or_404(Series, pk=pk, service__organisation=organisation)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leaders":
            session = get_object_or_404(Session, pk=request.POST.get("session"), series=series)
            ids = [int(i) for i in request.POST.getlist("leaders") if str(i).isdigit()]
            actions.set_leaders(session, list(_org_members(organisation).filter(pk__in=ids)), request.user)
            messages.success(request, _("Ledere er lagret."))
        elif action == "approve":
            p = get_object_or_404(Participant, pk=request.POST.get("participant"), series=series)
            actions.approve(p, request.user)
        elif action == "remove":
            p = get_object_or_404(Participant, pk=request.POST.get("participant"), series=series)
            actions.remove(p, request.user)
        elif action == "end_series":
            actions.end_series(series, request.user)
            messages.success(request, _("Gruppen er avsluttet. Kontaktopplysninger er slettet."))
        return redirect("groups:series_admin", org=org, pk=series.pk)
    sessions = series.sessions.prefetch_related("leaders")
    return render(request, "groups/series_admin.html", {
        "org": organisation, "series": series, "sessions": sessions, "members": _org_members(organisation),
        "participants": series.participants.all(), "written": actions.written_results(series),
    })


@staff(*COORDINATORS, org_kwarg="org")
def settings_view(request, org, slug):
    organisation = _org(org)
    service = get_object_or_404(Service, slug=slug, organisation=organisation)
    instance = GroupSettings.objects.filter(service=service).first() or GroupSettings(service=service)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(request.user, "group_settings_changed", organisation=organisation, target=service)
        messages.success(request, _("Innstillingene er lagret."))
        return redirect("groups:coordinator", org=org)
    return render(request, "groups/settings.html", {"org": organisation, "service": service, "form": form})


# --- staff: the leader --------------------------------------------------------------------------------


@staff(*LEADERS)
def my_sessions(request):
    sessions = (
        Session.objects.filter(leaders=request.user).exclude(state=Session.CANCELLED)
        .select_related("series__service").prefetch_related("leaders", "topics").order_by("state", "starts_at")
    )
    now = timezone.now()
    coming = [s for s in sessions if s.state != Session.ENDED and s.starts_at >= now - timedelta(hours=12)]
    past = [s for s in sessions if s.state == Session.ENDED][-10:]
    return render(request, "groups/my_sessions.html", {"coming": coming, "past": past})


def _led_session(request, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("series__service__organisation"), pk=pk)
    if not actions.is_leader(session, request.user):
        raise Http404
    return session


@staff(*LEADERS)
def lead(request, pk):
    session = _led_session(request, pk)
    series = session.series
    participants = list(series.participants.filter(state__in=[Participant.APPROVED, Participant.APPLIED, Participant.WAITLIST]))
    seats = {s.participant_id: s for s in session.seats.all()}
    show_contacts = request.GET.get("kontakt") == "1"
    if show_contacts:
        record(request.user, "group_contact_details_read", organisation=series.service.organisation, target=series, session=session.pk)
    call_sheet = [{"p": p, "seat": seats.get(p.pk)} for p in participants]
    missing = actions.missing_leaders(session)
    return render(request, "groups/lead.html", {
        "session": session, "series": series, "call_sheet": call_sheet, "show_contacts": show_contacts, "missing": missing,
        "topics": session.topics.all(), "topic_form": TopicForm(), "results": actions.results(session),
        "held": session.messages.filter(held=True).order_by("seq"), "ws_path": f"/ws/grupper/leder/{session.pk}/",
        "phrases": support_phrases(), "sides": session.side_chats.filter(closed_at__isnull=True).select_related("participant"),
        "lines": actions.history(session.pk, 0, staff=True),
        "texts": {"leader": _("leder"), "held": _("Holdt tilbake (krise)"), "hidden": _("Skjult"), "alert": _("Krisevarsel: en melding er holdt tilbake."),
                  "possible": _("Mulig krise: meldingen ble vist i rommet. Følg med på deltakeren."),
                  "side": _("Privat samtale"), "release": _("Slipp gjennom"), "hide": _("Skjul"), "mute": _("Demp"), "unmute": _("Opphev demping"),
                  "remove": _("Fjern"), "error": _("Handlingen gikk ikke."), "ended": _("Samlingen er avsluttet."),
                  "screening": _("Krisevarsleren henger etter: {n} meldinger er bare sjekket mot ordlisten, ikke mot lignende krisetekster.")},
    })


@staff(*LEADERS)
@require_POST
def lead_action(request, pk):
    session = _led_session(request, pk)
    action = request.POST.get("action")
    try:
        if action == "start":
            actions.start(session, request.user)
        elif action == "end":
            actions.end(session, request.user)
        elif action in ("pause", "resume"):
            actions.pause(session, request.user, action == "pause")
        elif action == "topic":
            form = TopicForm(request.POST)
            if form.is_valid():
                actions.propose_topic(session, request.user, form.cleaned_data["text"])
            else:
                messages.error(request, _("Skriv et tema."))
        elif action == "notice":
            actions.post_notice(session, request.user, request.POST.get("text", ""))
            messages.success(request, _("Beskjeden er lagt ut for deltakerne."))
        elif action == "confirm_topic":
            actions.confirm_topic(session, request.user, get_object_or_404(Topic, pk=request.POST.get("topic"), session=session))
        elif action == "attendance":
            present = {int(i) for i in request.POST.getlist("present") if str(i).isdigit()}
            for p in session.series.participants.filter(state=Participant.APPROVED):
                actions.mark_attendance(session, request.user, p.pk, p.pk in present)
            messages.success(request, _("Oppmøte er lagret."))
        elif action in ("mute", "unmute"):
            actions.mute(session, request.user, int(request.POST.get("participant", 0) or 0), action == "mute")
        elif action == "remove":
            p = get_object_or_404(Participant, pk=request.POST.get("participant"), series=session.series)
            actions.remove(p, request.user, session)
        elif action == "hide":
            actions.hide(session, request.user, int(request.POST.get("seq", 0) or 0))
        elif action == "release":
            actions.release(session, request.user, int(request.POST.get("seq", 0) or 0))
    except actions.MissingLeaders:
        messages.error(request, _("Samlingen mangler leder og kan ikke starte."))
    except actions.NotAllowed:
        messages.error(request, _("Det går ikke nå."))
    except ValueError:
        messages.error(request, _("Ugyldig verdi."))
    return redirect("groups:lead", pk=session.pk)
