"""Chat pages: the help seeker's (no sign-in, no JavaScript needed) and the staff console.

Help-seeker pages set no cookie except the signed daily-limit count and use no CSRF cookie:
a chat is reached only through its unguessable token, and the start form refuses posts from
other sites by their Origin header.
"""

import uuid
from urllib.parse import urlparse

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.accounts.models import Organisation, User
from losen.audit.models import record
from losen.chat import actions, engine, limits
from losen.chat import lines as system_lines
from losen.chat.forms import (
    QUESTION_TEXT,
    FeedbackForm,
    MessageForm,
    SettingsForm,
    StartForm,
    TransferForm,
    WrapUpForm,
    band_label,
)
from losen.chat.models import ChatService, Conversation, DutyRequest, DutyToAvert, Escalation, Message, Transfer
from losen.core import conversions
from losen.core.access import public, staff
from losen.directory import presenting
from losen.navigator.support import RiskForm, support_phrases

RESPONDERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR)
LEADERS = (roles.SHIFT_LEADER, roles.COORDINATOR)

def _lines(conv, staff_view=False):
    rows = conv.messages.order_by("seq")
    if not staff_view:
        rows = rows.exclude(kind=Message.NOTE)
    lines = []
    for m in rows:
        lines.append(
            {
                "pk": m.pk,
                "seq": m.seq,
                "sender": m.sender,
                "kind": m.kind,
                "text": (system_lines.staff_line(m.text) if staff_view else system_lines.visitor_line(m.text)) if m.kind == Message.EVENT else m.text,
                "redacted": m.redacted,
                "at": m.created_at,
                "author": m.author_id,
            }
        )
    return lines


def releases_db(view):
    """Under ASGI every request runs in a thread of its own, and a persistent connection
    (CONN_MAX_AGE) opened there is never reused but stays open: with many help seekers that
    exhausts PostgreSQL's connections. Close it when the request is done (not inside a test's
    transaction). The real fix is in settings: CONN_MAX_AGE=0 with a connection pool."""
    from functools import wraps

    from django.db import connection

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        finally:
            if not connection.in_atomic_block:
                connection.close()

    return wrapper


def _same_origin(request):
    """No Origin (an old browser) passes; "null" (a sandboxed frame, a data: page, a
    redirect chain from elsewhere) is refused like a foreign origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin.strip() in ("", "null"):
        return False
    return urlparse(origin).netloc == request.get_host()


# --- help seeker -------------------------------------------------------------------------------


@public
@releases_db
def index(request):
    now = timezone.now()
    rows = []
    for cs in ChatService.objects.filter(enabled=True).select_related("service"):
        o = engine.opening(cs, now)
        rows.append({"slug": cs.slug, "name": presenting.text(cs.service.document.get("name")), "open": o.open, "opens_at": presenting.when(o.opens_at, now) if o.opens_at else None})
    return render(request, "chat/index.html", {"rows": rows})


@public
@csrf_exempt
@releases_db
def start(request, slug):
    cs = engine.chat_service(slug)
    if cs is None:
        raise Http404
    now = timezone.now()
    o = engine.opening(cs, now)
    name = presenting.text(cs.service.document.get("name"))
    context = {"cs": cs, "name": name, "opening": o, "opens_at": presenting.when(o.opens_at, now) if o.opens_at else None}
    if not o.open:
        context["alternatives"] = engine.alternatives(cs, now)
        return render(request, "chat/closed.html", context)
    if limits.reached(request, cs.slug, cs.daily_limit):
        context["alternatives"] = engine.alternatives(cs, now)
        return render(request, "chat/limit.html", context)
    form = StartForm(cs, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
        if form.is_valid():
            address = request.META.get("REMOTE_ADDR") if cs.sealed_connection_retention else None
            conv = actions.start(cs, form.cleaned_data, get_language() or "nb", form.cleaned_data.get("opening", ""), address=address)
            response = redirect("chat:conversation", token=conv.token)
            limits.count(request, response, cs.slug)
            return response
    context["form"] = form
    return render(request, "chat/start.html", context)


def _visitor_conv(token):
    conv = Conversation.objects.select_related("service__service").filter(token=token).first()
    if conv is None:
        raise Http404
    return conv


def _client_texts():
    """Strings the page's script needs, in the visitor's language (the script uses textContent)."""
    return {
        "events": system_lines.visitor_lines(),
        "position": _("Du er nummer %(n)s i køen."),
        "unknown": _("Vi kan ikke si hvor lenge du må vente akkurat nå."),
        "soon": _("Noen kan svare deg om under ett minutt."),
        "range": _("Anslått ventetid: %(low)s–%(high)s minutter."),
        "more_than": _("Anslått ventetid: mer enn %(low)s minutter."),
        "sent": _("sendt"),
        "delivered": _("levert"),
        "sending": _("sender …"),
        "redacted": _("(meldingen er fjernet)"),
        "leader": _("Vaktleder"),
        "offline": _("Forbindelsen er brutt. Vi prøver igjen …"),
    }


@public
@releases_db
def conversation(request, token):
    return _conversation_page(request, _visitor_conv(token))


def _conversation_page(request, conv, form=None, status=200):
    if conv.state == Conversation.QUEUED:
        actions.touch([conv.pk])
    name = presenting.text(conv.service.service.document.get("name"))
    context = {"conv": conv, "name": name, "ws_path": f"/ws/chat/{conv.token}/", "feedback_form": None, "texts": _client_texts()}
    if conv.state == Conversation.QUEUED:
        snapshot = engine.queue_snapshot(conv.service_id)
        context["place"] = snapshot["positions"].get(conv.pk)
        context["alternatives"] = engine.alternatives(conv.service)
    if conv.state in (Conversation.QUEUED, Conversation.ACTIVE, Conversation.TRANSFERRED):
        context["lines"] = _lines(conv)
        context["form"] = form or MessageForm(initial={"client_id": uuid.uuid4().hex})
        context["last_seq"] = conv.last_seq
        context["pending_transfer"] = conv.transfer_set.filter(state=Transfer.AWAITING_CONSENT).first()
        context["case_prompt"] = conversions.prompt("chat", conv.pk)
    if conv.state == Conversation.ENDED and conv.service.feedback_enabled:
        context["feedback_given"] = bool(conv.contact and conv.contact.feedback)
        context["feedback_form"] = FeedbackForm()
    return render(request, "chat/conversation.html", context, status=status)


@public
@csrf_exempt
@require_POST
@releases_db
def send(request, token):
    conv = _visitor_conv(token)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            m, created = actions.store_message(conv.pk, Message.VISITOR, form.cleaned_data["text"], form.cleaned_data["client_id"])
        except engine.ChatClosed:
            return redirect("chat:conversation", token=token)
        if created:
            engine.publish(engine.conv_group(conv.pk), engine.message_event(m))
            if not conv.risk and conv.state == Conversation.QUEUED:
                actions.check_risk(conv.pk, form.cleaned_data["text"])
    elif conv.is_open and form.data.get("text", "").strip():
        # too long (or otherwise refused): say so and keep what was typed
        return _conversation_page(request, conv, form=form, status=400)
    return redirect(reverse("chat:conversation", kwargs={"token": token}) + "#skriv")


@public
@csrf_exempt
@require_POST
@releases_db
def leave(request, token):
    """Ending (or leaving the queue) is asked once more: a slip of the finger must not end a
    conversation someone needed."""
    conv = _visitor_conv(token)
    if request.POST.get("confirm") != "yes" and conv.is_open:
        return render(request, "chat/leave.html", {"conv": conv, "name": presenting.text(conv.service.service.document.get("name"))})
    actions.end(conv, "visitor")
    return redirect("chat:conversation", token=token)


@public
@csrf_exempt
@require_POST
@releases_db
def consent(request, token):
    conv = _visitor_conv(token)
    try:
        transfer_id = int(request.POST.get("transfer", ""))
    except ValueError:
        return HttpResponseBadRequest()
    actions.visitor_consent(conv, transfer_id, request.POST.get("answer") == "yes")
    return redirect("chat:conversation", token=token)


@public
@csrf_exempt
@require_POST
@releases_db
def feedback(request, token):
    conv = _visitor_conv(token)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        actions.feedback(conv, form.cleaned_data)
    return render(request, "chat/thanks.html", {"conv": conv})


# --- staff console -----------------------------------------------------------------------------


def _org(org):
    return get_object_or_404(Organisation, slug=org)


def _my_roles(request, organisation):
    return {m.role for m in request.staff.memberships if m.organisation_id == organisation.pk}


def _panel_context(request, organisation):
    user = request.user
    duty = engine.current_duty(user, organisation)
    services = engine.services_of(organisation)
    queues = []
    for cs in services:
        snap = engine.queue_snapshot(cs.pk)
        queues.append({"name": cs.service.name(), "size": snap["size"], "longest_minutes": snap["longest_seconds"] // 60, "on_duty": snap["on_duty"], "free": snap["free"]})
    mine = Conversation.objects.filter(responder=user, state__in=Conversation.LIVE_STATES).select_related("service__service")
    my_roles = _my_roles(request, organisation)
    leader = bool(my_roles & set(LEADERS))
    escalations = []
    if leader:
        escalations = Escalation.objects.filter(organisation=organisation).exclude(state=Escalation.CLOSED).select_related("raised_by", "conversation")[:20]
    wrapups = Conversation.objects.filter(responder=user, state=Conversation.ENDED, contact__wrap_up="").select_related("service__service")[:10]
    return {
        "organisation": organisation,
        "duty": duty,
        "duty_services": set(duty.services.values_list("pk", flat=True)) if duty else set(),
        "services": services,
        "queues": queues,
        "colleagues": engine.colleagues(organisation),
        "mine": mine,
        "wrapups": wrapups,
        "offers": engine.offers_for(user, organisation),
        "leader": leader,
        "escalations": escalations,
        "coordinator": roles.COORDINATOR in my_roles,
        "shift_leader_role": roles.SHIFT_LEADER in my_roles,
        "duty_requests": list(DutyRequest.objects.filter(organisation=organisation, state=DutyRequest.WAITING).select_related("user"))
        if duty is not None and duty.leader
        else [],
        "my_request": DutyRequest.objects.filter(user=user, organisation=organisation, state=DutyRequest.WAITING).exists(),
        "leader_missing": duty is not None and actions.leader_missing(user, organisation),
        "avert_waiting": DutyToAvert.objects.filter(organisation=organisation, state__in=DutyToAvert.HOLDING).count() if leader else 0,
    }


@staff(*RESPONDERS, org_kwarg="org")
def console(request, org):
    organisation = _org(org)
    context = _panel_context(request, organisation)
    context["refused"] = request.session.pop("losen_chat_duty_refused", None)
    context["ws_path"] = f"/ws/chat/vakt/{organisation.slug}/"
    return render(request, "chat/console.html", context)


@staff(*RESPONDERS, org_kwarg="org")
def panel(request, org):
    return render(request, "chat/_panel.html", _panel_context(request, _org(org)))


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def duty(request, org):
    organisation = _org(org)
    if request.POST.get("action") == "off":
        actions.go_off_duty(request.user, organisation)
        try:  # the rota's check-in after a shift, when it is there
            return redirect(reverse("rota:checkin"))
        except NoReverseMatch:
            return redirect("chat:console", org=org)
    chosen = set(request.POST.getlist("services"))
    services = [cs for cs in engine.services_of(organisation) if str(cs.pk) in chosen] or engine.services_of(organisation)
    my_roles = _my_roles(request, organisation)
    default = "leader" if roles.SHIFT_LEADER in my_roles else "responder"
    leader = request.POST.get("as", default) == "leader" and bool(my_roles & set(LEADERS))
    decision, _duty, waiting = actions.ask_for_duty(request.user, organisation, services, leader=leader)
    if waiting is not None:
        messages.info(request, _("Du har ingen vakt i vaktplanen nå. Vaktlederen på vakt må godkjenne at du går på vakt; du får beskjed her."))
    elif _duty is None:
        request.session["losen_chat_duty_refused"] = {"reasons": [str(r) for r in decision.reasons], "missing": [str(m) for m in decision.missing_training]}
        messages.error(request, _("Du kan ikke gå på vakt nå."))
    return redirect("chat:console", org=org)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def duty_request(request, org, pk):
    """A shift leader on duty approves or refuses someone's request to go on duty."""
    organisation = _org(org)
    duty_now = engine.current_duty(request.user, organisation)
    if duty_now is None or not duty_now.leader:
        raise Http404
    waiting = get_object_or_404(DutyRequest, pk=pk, organisation=organisation, state=DutyRequest.WAITING)
    actions.decide_duty_request(waiting, request.user, request.POST.get("answer") == "approve")
    return redirect("chat:console", org=org)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def take_next(request, org):
    organisation = _org(org)
    try:
        conv = actions.take_next(request.user, organisation)
    except engine.NotAllowed as refused:
        if str(refused) == "leader required":
            messages.error(request, _("Tjenesten krever at en vaktleder er på vakt. Ingen er det nå, så du kan ikke ta samtaler."))
        else:
            messages.error(request, _("Du må være på vakt for å ta samtaler."))
        return redirect("chat:console", org=org)
    if conv is None:
        messages.info(request, _("Ingen i køen, eller du har ikke ledig plass."))
        return redirect("chat:console", org=org)
    return redirect("chat:staff_conversation", org=org, pk=conv.pk)


def _staff_conv(request, org, pk, leader_ok=True):
    organisation = _org(org)
    conv = get_object_or_404(Conversation.objects.select_related("service__service", "responder"), pk=pk, service__service__organisation=organisation)
    is_leader = bool(_my_roles(request, organisation) & set(LEADERS))
    if conv.responder_id != request.user.pk and not (leader_ok and is_leader):
        # a chat transferred to another organisation is not readable from here either
        raise Http404
    return organisation, conv, is_leader


def _moved(request, org, pk):
    """The chat was transferred away from this responder: say where it went, show nothing of it."""
    organisation = _org(org)
    t = (
        Transfer.objects.filter(conversation_id=pk, from_user=request.user, state=Transfer.ACCEPTED, from_service__service__organisation=organisation)
        .select_related("to_service__service", "to_user")
        .order_by("-decided_at")
        .first()
    )
    if t is None:
        raise Http404
    return render(request, "chat/moved.html", {"organisation": organisation, "transfer": t, "pk": pk})


def state_labels() -> dict:
    return {code: str(label) for code, label in Conversation.STATES}


@staff(*RESPONDERS, org_kwarg="org")
def staff_conversation(request, org, pk):
    try:
        organisation, conv, is_leader = _staff_conv(request, org, pk)
    except Http404:
        return _moved(request, org, pk)
    record(request.user, "chat_transcript_opened", organisation=organisation, target=conv, role="responder" if conv.responder_id == request.user.pk else "leader")
    answers = [(QUESTION_TEXT[k], band_label(k, v)) for k, v in conv.answers.items()]
    rec = conv.contact
    context = {
        "organisation": organisation,
        "conv": conv,
        "mine": conv.responder_id == request.user.pk,
        "is_leader": is_leader,
        "answers": answers,
        "lines": _lines(conv, staff_view=True),
        "form": MessageForm(initial={"client_id": uuid.uuid4().hex}),
        "risk_form": RiskForm(initial=conv.risk_check or None),
        "phrases": support_phrases(),
        "transfers": conv.transfer_set.select_related("to_service__service", "to_user", "from_user")[:5],
        "incoming": conv.transfer_set.filter(state=Transfer.ACCEPTED, decided_by=request.user).first(),
        "transfer_form": TransferForm(engine.transfer_targets(conv, request.user)) if conv.state == Conversation.ACTIVE else None,
        "wrapup_form": WrapUpForm(initial={"topics": rec.topics, "referrals": rec.referrals, "outcome": rec.wrap_up} if rec and rec.wrap_up else None),
        "record": rec,
        "duties": conv.duty_set.all(),
        "escalation": conv.escalation_set.filter(kind=Escalation.ESCALATION).exclude(state=Escalation.CLOSED).first(),
        "joined": conv.escalation_set.filter(state=Escalation.JOINED, leader=request.user).exists(),
        "sealed": conv.service.sealed_connection_retention,
        "ws_path": f"/ws/chat/vakt/{organisation.slug}/",
        "last_seq": conv.last_seq,
        "leader_on_duty": engine.leader_on_duty(organisation),
        "case_offer": conversions.status("chat", conv.pk, conv.service.slug, organisation) if conv.responder_id == request.user.pk and conv.is_open else None,
        "console_texts": {
            "states": state_labels(),
            "closed": _("Samtalen er avsluttet. Du kan ikke skrive mer i den."),
            "moved": _("Samtalen er satt over til %(to)s. Du har ikke lenger tilgang til den."),
            "not_sent": _("Meldingen ble ikke sendt: samtalen er ikke åpen for deg."),
        },
    }
    return render(request, "chat/staff_conversation.html", context)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def staff_send(request, org, pk):
    try:
        organisation, conv, is_leader = _staff_conv(request, org, pk)
    except Http404:
        messages.error(request, _("Meldingen ble ikke sendt: samtalen er ikke åpen for deg."))
        return _moved(request, org, pk)
    form = MessageForm(request.POST)
    note = request.POST.get("note") == "1"
    if form.is_valid():
        try:
            m, created = actions.staff_store(request.user, organisation, _my_roles(request, organisation), conv.pk, form.cleaned_data["text"], form.cleaned_data["client_id"], note)
        except (engine.NotAllowed, engine.ChatClosed):
            messages.error(request, _("Meldingen ble ikke sendt: samtalen er ikke åpen for deg."))
        else:
            if created:
                engine.publish(engine.conv_group(conv.pk), engine.message_event(m), audience="staff" if note else "all")
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def offer_case(request, org, pk):
    """"Vil du ha en fast samtalepartner?": the responder offers a follow-up case
    (`losen.core.conversions`); the person answers in their own view."""
    organisation, conv, _l = _staff_conv(request, org, pk, leader_ok=False)
    if conv.is_open and conversions.offer("chat", conv.pk, conv.service.slug, organisation, request.user):
        actions.system_event(conv.pk, "case_offer")
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def end_chat(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk, leader_ok=False)
    actions.end(conv, "responder")
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def wrap_up(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk, leader_ok=False)
    form = WrapUpForm(request.POST)
    if form.is_valid():
        if conv.is_open:
            actions.end(conv, "responder")
        actions.wrap_up(conv, request.user, form.cleaned_data["topics"], form.cleaned_data["referrals"], form.cleaned_data["outcome"])
        messages.success(request, _("Samtalen er avsluttet og registrert."))
        return redirect("chat:console", org=org)
    messages.error(request, _("Velg et utfall."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def escalate(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk, leader_ok=False)
    kind = Escalation.DEBRIEF if request.POST.get("kind") == "debrief" else Escalation.ESCALATION
    actions.escalate(conv, request.user, kind)
    if not engine.leader_on_duty(organisation):
        messages.warning(request, _("Ingen vaktleder er på vakt nå. Forespørselen venter, og den første vaktlederen som kommer på vakt, ser den."))
    else:
        messages.success(request, _("Vaktlederen er varslet.") if kind == Escalation.ESCALATION else _("Ønsket om debrief er sendt til vaktlederen."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*LEADERS, org_kwarg="org")
@require_POST
def join(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk)
    if not conv.escalation_set.filter(kind=Escalation.ESCALATION).exclude(state=Escalation.CLOSED).exists():
        actions.escalate(conv, request.user)
    actions.leader_join(conv, request.user)
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def risk(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk)
    form = RiskForm(request.POST)
    if form.is_valid():
        actions.save_risk_check(conv, request.user, form.cleaned_data)
        messages.success(request, _("Risikovurderingen er lagret."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def transfer(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk, leader_ok=False)
    form = TransferForm(engine.transfer_targets(conv, request.user), request.POST)
    if form.is_valid():
        kind, _sep, ident = form.cleaned_data["target"].partition(":")
        try:
            if kind == "user":
                actions.propose_transfer(conv, request.user, form.cleaned_data["summary"], to_user=User.objects.get(pk=ident))
            else:
                actions.propose_transfer(conv, request.user, form.cleaned_data["summary"], to_service=ChatService.objects.get(pk=ident))
            messages.success(request, _("Personen blir spurt om det er greit å bli satt over."))
        except engine.NotAllowed:
            messages.error(request, _("Overføringen kan ikke startes nå."))
    else:
        messages.error(request, _("Velg hvem du vil sette over til, og skriv en kort overlevering."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def transfer_answer(request, org, pk):
    organisation = _org(org)
    offer = next((t for t in engine.offers_for(request.user, organisation) if t.pk == pk), None)
    if offer is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        done = actions.answer_transfer(offer, request.user, accept)
    except engine.NotAllowed:
        messages.error(request, _("Du har ikke ledig plass til en samtale til."))
        return redirect("chat:console", org=org)
    if accept and done:
        return redirect("chat:staff_conversation", org=org, pk=offer.conversation_id)
    return redirect("chat:console", org=org)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def redact(request, org, pk, message_id):
    organisation, conv, _l = _staff_conv(request, org, pk)
    message = get_object_or_404(Message, pk=message_id, conversation=conv)
    actions.redact(message.pk, request.user)
    messages.success(request, _("Meldingen er fjernet."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def raise_avert(request, org, pk):
    organisation, conv, _l = _staff_conv(request, org, pk)
    if not conv.duty_set.filter(state__in=DutyToAvert.HOLDING).exists():
        actions.raise_duty(conv, request.user)
    messages.success(request, _("Avvergingsplikt er meldt. Samtalen slettes ikke før en koordinator frigir den. Vaktlederen må bekrefte."))
    return redirect("chat:staff_conversation", org=org, pk=pk)


# --- shift leader and coordinator --------------------------------------------------------------


@staff(*LEADERS, org_kwarg="org")
def queue_view(request, org):
    organisation = _org(org)
    services = engine.services_of(organisation)
    rows = []
    now = timezone.now()
    for cs in services:
        snap = engine.queue_snapshot(cs.pk)
        convs = {c.pk: c for c in Conversation.objects.filter(pk__in=list(snap["positions"]))}
        for cid, place in sorted(snap["positions"].items(), key=lambda kv: kv[1]["position"]):
            c = convs.get(cid)
            if c is None:
                continue
            rows.append({"service": cs.service.name(), "conv": c, "position": place["position"], "waited": int((now - c.queued_at).total_seconds()) // 60})
    record(request.user, "chat_queue_viewed", organisation=organisation)
    return render(request, "chat/queue.html", {"organisation": organisation, "rows": rows})


@staff(*LEADERS, org_kwarg="org")
@require_POST
def reorder(request, org, pk):
    organisation = _org(org)
    conv = get_object_or_404(Conversation, pk=pk, service__service__organisation=organisation, state=Conversation.QUEUED)
    reason = (request.POST.get("reason") or "").strip()[:200]
    if not reason:
        messages.error(request, _("Skriv en begrunnelse for å flytte samtalen."))
        return redirect("chat:queue", org=org)
    actions.reorder(conv, request.user, request.POST.get("to") != "normal", reason)
    return redirect("chat:queue", org=org)


@staff(*LEADERS, org_kwarg="org")
def avert_list(request, org):
    organisation = _org(org)
    duties = DutyToAvert.objects.filter(organisation=organisation).select_related("raised_by", "confirmed_by", "released_by", "open_requested_by", "open_approved_by", "conversation__service")[:100]
    my_roles = _my_roles(request, organisation)
    record(request.user, "duty_to_avert_list_viewed", organisation=organisation)
    opened = request.session.pop("losen_chat_opened_address", None)
    return render(
        request,
        "chat/avert.html",
        {"organisation": organisation, "duties": duties, "leader": roles.SHIFT_LEADER in my_roles, "coordinator": roles.COORDINATOR in my_roles, "opened": opened},
    )


def _duty(organisation, pk):
    return get_object_or_404(DutyToAvert, pk=pk, organisation=organisation)


@staff(roles.SHIFT_LEADER, org_kwarg="org")
@require_POST
def avert_confirm(request, org, pk):
    organisation = _org(org)
    actions.confirm_duty(_duty(organisation, pk), request.user, request.POST.get("answer") != "reject")
    return redirect("chat:avert", org=org)


@staff(roles.COORDINATOR, org_kwarg="org")
@require_POST
def avert_release(request, org, pk):
    organisation = _org(org)
    actions.release_duty(_duty(organisation, pk), request.user)
    return redirect("chat:avert", org=org)


@staff(roles.SHIFT_LEADER, org_kwarg="org")
@require_POST
def avert_open_request(request, org, pk):
    organisation = _org(org)
    actions.request_open_sealed(_duty(organisation, pk), request.user)
    return redirect("chat:avert", org=org)


@staff(roles.COORDINATOR, org_kwarg="org")
@require_POST
def avert_open_approve(request, org, pk):
    organisation = _org(org)
    try:
        address = actions.approve_open_sealed(_duty(organisation, pk), request.user)
    except engine.NotAllowed:
        messages.error(request, _("To ulike personer må delta: vaktleder ber om åpning, koordinator godkjenner."))
        return redirect("chat:avert", org=org)
    # shown once on the next page, never stored in the clear
    return render(request, "chat/avert_opened.html", {"organisation": organisation, "address": address})


# --- settings and statistics --------------------------------------------------------------------


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def settings_view(request, org):
    from losen.directory.models import Service

    organisation = _org(org)
    forms_ = []
    for service in Service.objects.filter(organisation=organisation).order_by("slug"):
        if not any(c.get("kind") == "chat" for c in service.document.get("channels") or []):
            continue
        cs, _c = ChatService.objects.get_or_create(service=service, defaults={"questions": ["age", "gender", "before"]})
        data = request.POST if request.method == "POST" and request.POST.get("service") == str(cs.pk) else None
        form = SettingsForm(data, instance=cs, prefix=f"s{cs.pk}")
        if data is not None and form.is_valid():
            form.save()
            record(request.user, "chat_settings_changed", organisation=organisation, target=cs, fields=sorted(form.changed_data))
            messages.success(request, _("Lagret."))
            return redirect("chat:settings", org=org)
        forms_.append((cs, form))
    return render(request, "chat/settings.html", {"organisation": organisation, "forms": forms_})


@staff(roles.STATISTICS_READER, roles.COORDINATOR, roles.SERVICE_ADMIN, org_kwarg="org")
def stats(request, org):
    from django.db.models import Avg, Count, Q

    organisation = _org(org)
    from losen.stats.models import Contact

    rows = (
        Contact.objects.filter(organisation=organisation, channel=Contact.Channel.CHAT)
        .values("service__slug")
        .annotate(
            total=Count("id"),
            answered=Count("id", filter=Q(outcome__in=[Contact.Outcome.ANSWERED, Contact.Outcome.ABANDONED_ANSWERED])),
            abandoned=Count("id", filter=Q(outcome=Contact.Outcome.ABANDONED_QUEUE)),
            avg_wait=Avg("wait_seconds"),
            first_time=Count("id", filter=Q(first_contact=True)),
            risk=Count("id", filter=Q(risk=Contact.Risk.ACUTE)),
        )
        .order_by("service__slug")
    )
    return render(request, "chat/stats.html", {"organisation": organisation, "rows": rows})
