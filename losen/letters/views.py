"""Pages of "Skriv til oss": the help seeker's (no sign-in, no cookie, work without JavaScript)
and the service inbox for staff.

The pickup code travels only in POST bodies, never in a URL, and is never logged. Wrong and
unknown codes get the same neutral answer and count towards a per-address limit kept by the
HMAC rate limiter, which stores nothing."""

from urllib.parse import urlparse

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.audit.models import record
from losen.core import conversions
from losen.core.access import public, staff
from losen.core.ratelimit import RateLimiter, client_of
from losen.directory import catalogue, presenting as dir_presenting
from losen.letters import actions, codes, presenting, rules
from losen.letters.forms import (
    LANGUAGE_NAMES,
    QUESTION_TEXT,
    CloseForm,
    CodeForm,
    FeedbackForm,
    LanguagesForm,
    ReplyForm,
    SettingsForm,
    StaffReplyForm,
    TransferForm,
    WriteForm,
    band_label,
)
from losen.letters.models import SAMI, Letter, LetterService, Thread
from losen.navigator.support import RiskForm, support_phrases

RESPONDERS = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR)
LEADERS = (roles.SHIFT_LEADER, roles.COORDINATOR)
INBOX_PAGE = 50

# Wrong codes per address: 10 in 10 minutes, then a pause. Counts failures only.
code_limiter = RateLimiter("letters-code", limit=10, window_seconds=600)
# New messages per address: a flood stops here; a person writing a few times a day never meets it.
send_limiter = RateLimiter("letters-send", limit=10, window_seconds=3600)


class Limited(Exception):
    def __init__(self, wait):
        self.wait = wait


def lookup(request, code: str) -> Thread | None:
    client = client_of(request)
    wait = code_limiter.wait(client)
    if wait:
        raise Limited(wait)
    thread = actions.find(code)
    if thread is None:
        code_limiter.hit(client)
    return thread


def _same_origin(request):
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return urlparse(origin).netloc == request.get_host()


def _name(ls: LetterService) -> str:
    return dir_presenting.text(ls.service.document.get("name")) or ls.service.slug


# --- help seeker ---------------------------------------------------------------------------------


@public
def index(request):
    rows = [{"slug": ls.slug, "name": _name(ls), "hours": actions.answer_hours(ls)} for ls in actions.open_services()]
    return render(request, "letters/index.html", {"rows": rows})


@public
@csrf_exempt  # help seekers get no cookie; posts from other sites are refused by their Origin
def write(request, slug):
    ls = actions.letter_service(slug)
    if ls is None:
        raise Http404
    hours = actions.answer_hours(ls)
    form = WriteForm(ls, request.POST if request.method == "POST" else None)
    context = {"ls": ls, "name": _name(ls), "hours": hours, "form": form}
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
        if form.is_valid() and send_limiter.hit(client_of(request)):
            context["limited"] = True
            return render(request, "letters/write.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            answers = {k: data.get(k) for k in actions.BANDS if data.get(k)}
            sent = actions.submit(ls, data["text"], data.get("language") or None, answers)
            context.update(
                sent=sent, code=sent.code, answer_by=presenting.deadline_words(sent.thread.answer_by),
                answer_by_iso=sent.thread.answer_by.isoformat(), language_name=LANGUAGE_NAMES.get(sent.thread.language),
                emergency=catalogue.emergency() if sent.crisis.crisis else [],
                always_open=presenting.crisis_lines() if sent.crisis.crisis else [],
            )
            return render(request, "letters/sent.html", context)
        return render(request, "letters/write.html", context, status=400)
    return render(request, "letters/write.html", context)


def _thread_context(thread: Thread, code: str, reply_form=None) -> dict:
    now = timezone.now()
    ls = thread.service
    lines = [
        {"from": "you" if m.sender == Letter.VISITOR else "service", "text": m.text, "redacted": m.redacted, "at": m.sent_at or m.created_at}
        for m in actions.visible_letters(thread)
    ]
    return {
        "thread": thread,
        "code": code,
        "name": _name(ls),
        "lines": lines,
        "answer_by": presenting.deadline_words(thread.answer_by),
        "overdue": thread.status == Thread.WAITING and thread.answer_by < now,
        "transferred_from": dir_presenting.text(thread.transferred_from.document.get("name")) if thread.transferred_from else None,
        "reply_form": reply_form or ReplyForm(),
        "feedback_form": FeedbackForm() if ls.feedback_enabled and thread.last_answer_at and not thread.feedback_given else None,
        "retention_days": ls.read_retention_days,
        "hours": actions.answer_hours(ls),
        "case_prompt": conversions.prompt("message", thread.pk),
    }


def _limited(request, wait):
    form = CodeForm()
    response = render(request, "letters/pickup.html", {"form": form, "limited": True}, status=429)
    response["Retry-After"] = str(int(wait) + 1)
    return response


def _not_found(request, form):
    return render(request, "letters/pickup.html", {"form": form, "not_found": True}, status=404)


@public
@csrf_exempt
def pickup(request):
    """GET: the code form. POST: the thread for that code (the code is never in a URL)."""
    if request.method != "POST":
        return render(request, "letters/pickup.html", {"form": CodeForm()})
    if not _same_origin(request):
        return HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
    form = CodeForm(request.POST)
    if not form.is_valid():
        return render(request, "letters/pickup.html", {"form": form}, status=400)
    code = codes.normalise(form.cleaned_data["code"])
    try:
        thread = lookup(request, code)
    except Limited as exc:
        return _limited(request, exc.wait)
    if thread is None:
        return _not_found(request, CodeForm())
    actions.mark_read(thread)
    return render(request, "letters/thread.html", _thread_context(thread, code))


def _code_action(request):
    if not _same_origin(request):
        return None, HttpResponseForbidden(_("Skjemaet må sendes fra denne siden."))
    code = codes.normalise(request.POST.get("code", ""))
    try:
        thread = lookup(request, code)
    except Limited as exc:
        return None, _limited(request, exc.wait)
    if thread is None:
        return None, _not_found(request, CodeForm())
    return (thread, code), None


@public
@csrf_exempt
@require_POST
def reply(request):
    found, response = _code_action(request)
    if response:
        return response
    thread, code = found
    form = ReplyForm(request.POST)
    if form.is_valid():
        actions.visitor_reply(thread, form.cleaned_data["text"])
        thread.refresh_from_db()
        context = _thread_context(thread, code)
        context["replied"] = True
        return render(request, "letters/thread.html", context)
    return render(request, "letters/thread.html", _thread_context(thread, code, reply_form=form), status=400)


@public
@csrf_exempt
@require_POST
def delete(request):
    found, response = _code_action(request)
    if response:
        return response
    thread, _code = found
    if request.POST.get("confirm") != "yes":
        return render(request, "letters/confirm_delete.html", {"code": _code, "name": _name(thread.service)})
    actions.visitor_delete(thread)
    return render(request, "letters/deleted.html", {})


@public
@csrf_exempt
@require_POST
def feedback(request):
    found, response = _code_action(request)
    if response:
        return response
    thread, code = found
    form = FeedbackForm(request.POST)
    if form.is_valid():
        actions.feedback(thread, form.cleaned_data)
    thread.refresh_from_db()
    context = _thread_context(thread, code)
    context["thanks"] = True
    return render(request, "letters/thread.html", context)


# --- staff: the inbox ----------------------------------------------------------------------------


def _org(slug):
    return get_object_or_404(Organisation, slug=slug)


def _my_roles(request, organisation):
    return {m.role for m in request.staff.memberships if m.organisation_id == organisation.pk}


ROW_FIELDS = ("id", "service_id", "risk", "language", "answer_by", "claimed_by_id", "claimed_by__username", "claimed_until", "escalated_at", "flagged_at")


def inbox_threads(service_ids, languages, limit=INBOX_PAGE) -> list[dict]:
    """The first `limit` waiting threads in the order of `rules.order` (risk first, then Sami
    threads in the responder's languages, then the nearest deadline), as plain rows.

    Each group is read in its order straight off a partial index over waiting threads
    (`letters_waiting_order`, `letters_waiting_service`, `letters_waiting_sami`) and stops at
    `limit` rows, so the page costs the same with 50 or 10,000 threads waiting. Without a Sami
    language that is one query; with one, at most three (usually one: the groups are read in
    order and reading stops when the page is full)."""
    mine = [code for code in languages if code in SAMI]
    service_ids = list(service_ids)
    base = Thread.objects.filter(status=Thread.WAITING)
    base = base.filter(service_id=service_ids[0]) if len(service_ids) == 1 else base.filter(service_id__in=service_ids)
    if mine:
        groups = [
            base.filter(risk=True).order_by("answer_by", "id"),
            base.filter(risk=False, language__in=mine).order_by("answer_by", "id"),
            base.filter(risk=False).exclude(language__in=mine).order_by("answer_by", "id"),
        ]
    else:
        groups = [base.order_by("-risk", "answer_by", "id")]
    rows = []
    for group in groups:
        rows += group.values(*ROW_FIELDS)[: limit - len(rows)]
        if len(rows) >= limit:
            break
    # the groups come in the rule module's order already; sorting by it keeps that the one truth
    order = {item.id: n for n, item in enumerate(rules.order([rules.Item(r["id"], r["risk"], r["language"], r["answer_by"]) for r in rows], languages))}
    return sorted(rows, key=lambda r: order[r["id"]])


def _organisation(request, slug):
    """The organisation, from the signed-in person's memberships when they are in it (no query)."""
    for m in request.staff.memberships:
        if m.organisation_id and m.organisation.slug == slug:
            return m.organisation
    return _org(slug)


def _inbox_context(request, org) -> dict:
    """Everything the inbox shows, in a fixed handful of queries whatever the queue's length:
    the services, the responder's settings, the counts per service (an index-only scan), the
    first page of the queue, the answered count; pending replies for approvers and escalations
    for leaders. Names and answer times come from the in-memory directory catalogue."""
    organisation = _organisation(request, org)
    now = timezone.now()
    entries = {e.slug: e for e in catalogue.entries()}
    language = translation.get_language() or "nb"
    services = list(
        LetterService.objects.filter(service__organisation=organisation, enabled=True).order_by("service__slug").values("id", "service__slug", "second_reader")
    )
    chosen = request.GET.get("tjeneste") or ""
    if chosen not in {s["service__slug"] for s in services}:
        chosen = ""
    shown = [s for s in services if s["service__slug"] == chosen] or services
    responder = actions.responder_settings(request.user, organisation)
    languages = responder.languages
    counts = {
        row["service_id"]: row
        for row in Thread.objects.filter(service_id__in=[s["id"] for s in services], status=Thread.WAITING)
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"), risk=Count("id", filter=Q(risk=True)), overdue=Count("id", filter=Q(answer_by__lt=now)))
    }
    names, tabs = {}, []
    for s in services:
        entry = entries.get(s["service__slug"])
        names[s["id"]] = (entry.name(language) if entry else None) or s["service__slug"]
        c = counts.get(s["id"], {})
        tabs.append(
            {
                "slug": s["service__slug"], "name": names[s["id"]], "hours": actions.answer_hours_of(entry), "second_reader": s["second_reader"],
                "n": c.get("n", 0), "risk": c.get("risk", 0), "overdue": c.get("overdue", 0),
            }
        )
    thread_url = reverse("letters:staff_thread", kwargs={"org": organisation.slug, "pk": 0})[: -len("0/")]
    yours, label, clock = _("Deg"), _("Melding %(n)s"), presenting.Clock(now)
    rows = []
    for t in inbox_threads([s["id"] for s in shown], languages) if services else []:
        held = t["claimed_by_id"] is not None and t["claimed_until"] is not None and t["claimed_until"] > now
        if not held:
            who = ""
        elif t["claimed_by_id"] == request.user.pk:
            who = yours
        else:
            who = _("%(who)s (låst til %(until)s)") % {"who": t["claimed_by__username"], "until": timezone.localtime(t["claimed_until"]).strftime("%H.%M")}
        rows.append(
            {
                "id": t["id"], "url": f"{thread_url}{t['id']}/", "label": label % {"n": t["id"]}, "service": names[t["service_id"]],
                "risk": t["risk"], "escalated": t["escalated_at"] is not None, "flagged": t["flagged_at"] is not None,
                "countdown": clock.countdown(t["answer_by"]), "deadline": clock.words(t["answer_by"]), "who": who,
                "language": LANGUAGE_NAMES.get(t["language"], t["language"]), "sami_match": t["language"] in SAMI and t["language"] in languages,
            }
        )
    my_roles = _my_roles(request, organisation)
    leader = bool(my_roles & set(LEADERS))
    approver = leader or responder.second_reader
    total = sum(t["n"] for t in tabs)
    shown_total = sum(t["n"] for t in tabs if not chosen or t["slug"] == chosen)
    query = f"?tjeneste={chosen}" if chosen else ""
    return {
        "organisation": organisation, "tabs": tabs, "chosen": chosen, "rows": rows, "total": total,
        "shown_total": shown_total, "rest": max(0, shown_total - len(rows)), "page_size": INBOX_PAGE,
        "languages": [LANGUAGE_NAMES[c] for c in languages], "leader": leader, "approver": approver,
        "pending": actions.pending(organisation) if approver else [],
        "escalated": Thread.objects.filter(service_id__in=[s["id"] for s in services], escalated_at__isnull=False).exclude(status=Thread.CLOSED).select_related("service__service")[:20] if leader else [],
        "answered": Thread.objects.filter(service_id__in=[s["id"] for s in shown], status=Thread.ANSWERED).count() if services else 0,
        "texts": {"left": clock.left, "over": clock.over, "span": clock.span},
        "page_url": reverse("letters:inbox", kwargs={"org": organisation.slug}) + query,
        "live_url": reverse("letters:inbox_live", kwargs={"org": organisation.slug}) + query,
        "refreshed": timezone.localtime(now).strftime("%H.%M"),
    }


@staff(*RESPONDERS, org_kwarg="org")
def inbox(request, org):
    return render(request, "letters/inbox.html", _inbox_context(request, org))


@staff(*RESPONDERS, org_kwarg="org")
def inbox_live(request, org):
    """The inbox's list, counts and countdowns as an HTMX fragment, refreshed every 30 seconds.
    Without JavaScript the page has a plain reload link instead."""
    return render(request, "letters/_inbox_live.html", _inbox_context(request, org))


def _staff_thread(request, org, pk):
    organisation = _org(org)
    thread = get_object_or_404(Thread.objects.select_related("service__service", "claimed_by", "transferred_from"), pk=pk, service__service__organisation=organisation)
    return organisation, thread


def _back(org, pk):
    return redirect("letters:staff_thread", org=org, pk=pk)


@staff(*RESPONDERS, org_kwarg="org")
def staff_thread(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    now = timezone.now()
    record(request.user, "letters_thread_opened", organisation=organisation, target=thread)
    held = thread.claimed_by_id is not None and thread.claimed_until is not None and thread.claimed_until > now
    mine = held and thread.claimed_by_id == request.user.pk
    my_roles = _my_roles(request, organisation)
    lines = []
    for m in thread.letters.select_related("author", "approved_by").order_by("created_at", "id"):
        lines.append({"letter": m, "text": m.text})
    context = {
        "organisation": organisation, "thread": thread, "name": _name(thread.service), "lines": lines,
        "held": held, "mine": mine, "held_by": thread.claimed_by if held else None,
        "countdown": presenting.countdown(thread.answer_by, now), "deadline": presenting.deadline_words(thread.answer_by),
        "answers": [(QUESTION_TEXT[k], band_label(k, v)) for k, v in thread.answers.items() if k in QUESTION_TEXT],
        "language": LANGUAGE_NAMES.get(thread.language, thread.language),
        "reply_form": StaffReplyForm(), "phrases": support_phrases(),
        "transfer_form": TransferForm(actions.transfer_targets(thread)) if thread.status != Thread.CLOSED else None,
        "close_form": CloseForm() if thread.status != Thread.CLOSED else None,
        "risk_form": RiskForm(),
        "leader": bool(my_roles & set(LEADERS)), "coordinator": roles.COORDINATOR in my_roles,
        "approver": actions.may_approve(request.user, organisation),
        "transferred_from": dir_presenting.text(thread.transferred_from.document.get("name")) if thread.transferred_from else None,
        "texts": {"left": _("%(span)s igjen"), "over": _("over fristen med %(span)s"), "span": _("%(h)s t %(m)s min")},
        "case_offer": conversions.status("message", thread.pk, thread.service.service.slug, organisation),
    }
    return render(request, "letters/staff_thread.html", context)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def offer_case(request, org, pk):
    """"Vil du ha en fast samtalepartner?": the responder offers a follow-up case
    (`losen.core.conversions`); the person answers when they next open their messages."""
    organisation, thread = _staff_thread(request, org, pk)
    if conversions.offer("message", thread.pk, thread.service.service.slug, organisation, request.user):
        messages.success(request, _("Personen får spørsmålet neste gang hen åpner meldingene sine."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def claim(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    if not actions.claim(thread, request.user):
        messages.error(request, _("En kollega jobber med denne meldingen nå."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def release(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    actions.release(thread, request.user)
    return redirect("letters:inbox", org=org)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def staff_reply(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv et svar på høyst 5000 tegn."))
        return _back(org, pk)
    try:
        letter = actions.reply(thread, request.user, form.cleaned_data["text"])
    except actions.NotAllowed:
        messages.error(request, _("Ta meldingen først: da er den låst til deg i 30 minutter."))
        return _back(org, pk)
    if letter.state == Letter.PENDING:
        messages.success(request, _("Svaret venter på godkjenning fra vaktleder eller en kollega som er andreleser."))
    else:
        messages.success(request, _("Svaret er sendt."))
    return redirect("letters:inbox", org=org)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def approve(request, org, pk, message_id):
    organisation, thread = _staff_thread(request, org, pk)
    letter = get_object_or_404(Letter, pk=message_id, thread=thread, state=Letter.PENDING)
    try:
        actions.approve(letter, request.user, request.POST.get("answer") != "return", request.POST.get("comment", ""))
    except actions.NotAllowed:
        messages.error(request, _("En annen enn den som skrev svaret, med rollen vaktleder eller andreleser, må godkjenne."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def escalate(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    actions.escalate(thread, request.user)
    messages.success(request, _("Vaktlederen er varslet."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def transfer(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    targets = actions.transfer_targets(thread)
    form = TransferForm(targets, request.POST)
    if form.is_valid():
        target = next(ls for ls in targets if str(ls.pk) == form.cleaned_data["target"])
        actions.transfer(thread, request.user, target, form.cleaned_data["summary"])
        messages.success(request, _("Meldingen er overført til %(name)s.") % {"name": _name(target)})
        return redirect("letters:inbox", org=org)
    messages.error(request, _("Velg en tjeneste å overføre til."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def close(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        actions.close(thread, request.user, form.cleaned_data["topics"], form.cleaned_data["referrals"])
        messages.success(request, _("Samtalen er avsluttet og registrert."))
        return redirect("letters:inbox", org=org)
    messages.error(request, _("Noe i skjemaet er ikke gyldig."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def risk(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    form = RiskForm(request.POST)
    if form.is_valid():
        actions.mark_risk(thread, request.user, form.cleaned_data)
        messages.success(request, _("Risikovurderingen er lagret."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def redact(request, org, pk, message_id):
    organisation, thread = _staff_thread(request, org, pk)
    letter = get_object_or_404(Letter, pk=message_id, thread=thread)
    actions.redact(letter, request.user)
    messages.success(request, _("Teksten er fjernet."))
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
@require_POST
def avert_raise(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    actions.avert_raise(thread, request.user)
    messages.success(request, _("Avvergingsplikt er meldt. Samtalen slettes ikke før en koordinator frigir den. Vaktlederen må bekrefte."))
    return _back(org, pk)


@staff(roles.SHIFT_LEADER, roles.COORDINATOR, org_kwarg="org")
@require_POST
def avert_confirm(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    actions.avert_confirm(thread, request.user, request.POST.get("answer") != "reject")
    return _back(org, pk)


@staff(roles.COORDINATOR, org_kwarg="org")
@require_POST
def avert_release(request, org, pk):
    organisation, thread = _staff_thread(request, org, pk)
    actions.avert_release(thread, request.user)
    return _back(org, pk)


@staff(*RESPONDERS, org_kwarg="org")
def languages(request, org):
    organisation = _org(org)
    current = actions.responder_settings(request.user, organisation)
    form = LanguagesForm(request.POST or None, initial={"languages": current.languages})
    if request.method == "POST" and form.is_valid():
        actions.set_responder(request.user, organisation, form.cleaned_data["languages"])
        messages.success(request, _("Lagret."))
        return redirect("letters:inbox", org=org)
    return render(request, "letters/languages.html", {"organisation": organisation, "form": form})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def settings_view(request, org):
    from losen.directory.models import Service

    organisation = _org(org)
    forms_ = []
    for service in Service.objects.filter(organisation=organisation).order_by("slug"):
        if not any(c.get("kind") == "message" for c in service.document.get("channels") or []):
            continue
        ls, _c = LetterService.objects.get_or_create(service=service)
        data = request.POST if request.method == "POST" and request.POST.get("service") == str(ls.pk) else None
        form = SettingsForm(data, instance=ls, prefix=f"s{ls.pk}")
        if data is not None and form.is_valid():
            form.save()
            record(request.user, "letters_settings_changed", organisation=organisation, target=ls, fields=sorted(form.changed_data))
            messages.success(request, _("Lagret."))
            return redirect("letters:settings", org=org)
        forms_.append({"ls": ls, "form": form, "name": _name(ls), "hours": actions.answer_hours(ls)})
    return render(request, "letters/settings.html", {"organisation": organisation, "forms": forms_})
