"""Forum pages. Visitors need no account, no cookie and no JavaScript; they write under a
nickname and come back with a pickup code. Visitor forms refuse posts from other sites by their
Origin header (no CSRF cookie for help seekers), like the chat's."""

from urllib.parse import urlparse

from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from losen.accounts import roles
from losen.core.access import public, staff
from losen.directory import catalogue
from losen.forum import actions
from losen.forum.forms import CodeForm, ForumSettingsForm, ModeratorReplyForm, PostForm, RejectForm, ThreadForm
from losen.forum.models import Forum, Post, Section, Thread

STAFF = (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)


def _same_origin(request):
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return urlparse(origin).netloc == request.get_host()


@public
def index(request):
    forums = Forum.objects.select_related("service").prefetch_related("sections")
    slug = request.GET.get("tjeneste")
    if slug:
        forums = forums.filter(service__slug=slug)
    return render(request, "forum/index.html", {"forums": forums})


@public
def forum_detail(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    sections = [{"section": s, "threads": actions.visible_threads(s)[:10]} for s in forum.sections.all()]
    return render(request, "forum/forum.html", {"forum": forum, "sections": sections})


@public
@csrf_exempt
def section_detail(request, slug, section):
    forum = get_object_or_404(Forum, slug=slug)
    sec = get_object_or_404(Section, forum=forum, slug=section)
    form = ThreadForm(request.POST or None)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden()
        if form.is_valid():
            d = form.cleaned_data
            post, code = actions.write(sec, d["nickname"], d["text"], title=d["title"], code=d["code"])
            return _written(request, post, None if d["code"] else code)
    return render(request, "forum/section.html", {"forum": forum, "section": sec, "threads": actions.visible_threads(sec), "form": form})


@public
@csrf_exempt
def thread_detail(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("section__forum"), pk=pk)
    if not thread.posts.filter(first=True, state=Post.PUBLISHED).exists():
        raise Http404
    form = PostForm(request.POST or None)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden()
        if form.is_valid():
            d = form.cleaned_data
            try:
                post, code = actions.write(thread.section, d["nickname"], d["text"], thread=thread, code=d["code"])
                return _written(request, post, None if d["code"] else code)
            except actions.NotAllowed:
                form.add_error(None, _("Tråden er låst. Du kan starte en ny tråd."))
    return render(request, "forum/thread.html", {
        "forum": thread.section.forum, "thread": thread, "posts": actions.visible_posts(thread), "form": form,
        "moderator": actions.may_moderate(request.user, thread.section.forum), "reply_form": ModeratorReplyForm(),
    })


def _written(request, post, new_code):
    forum = post.thread.section.forum
    return render(request, "forum/written.html", {"post": post, "forum": forum, "new_code": new_code, "emergency": catalogue.emergency() if post.state == Post.HELD else []})


@public
@csrf_exempt
@require_POST
def report(request, pk):
    if not _same_origin(request):
        return HttpResponseForbidden()
    post = get_object_or_404(Post, pk=pk, state=Post.PUBLISHED)
    actions.report(post)
    messages.success(request, _("Takk. En moderator ser på innlegget."))
    return redirect("forum:thread", pk=post.thread_id)


@public
@csrf_exempt
def mine(request):
    form = CodeForm(request.POST or None)
    posts = None
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponseForbidden()
        if form.is_valid():
            code = form.cleaned_data["code"]
            delete = request.POST.get("delete")
            if delete and str(delete).isdigit():
                if actions.delete_own(code, int(delete)):
                    messages.success(request, _("Innlegget er slettet."))
                else:
                    messages.error(request, _("Fant ikke innlegget."))
            posts = list(actions.my_posts(code))
            if not posts and not delete:
                form.add_error("code", _("Vi fant ingen innlegg med denne koden. Sjekk at ordene er riktige."))
                posts = None
    return render(request, "forum/mine.html", {"form": form, "posts": posts, "code": form.cleaned_data.get("code") if form.is_bound and form.is_valid() else ""})


# --- moderators ---------------------------------------------------------------------------------


def _moderated(request, slug) -> Forum:
    forum = get_object_or_404(Forum.objects.select_related("service__organisation"), slug=slug)
    if not actions.may_moderate(request.user, forum):
        raise Http404
    return forum


@staff(*STAFF)
def moderation(request, slug):
    forum = _moderated(request, slug)
    return render(request, "forum/moderation.html", {"forum": forum, "queue": actions.queue(forum), "reject_form": RejectForm(), "settings_form": ForumSettingsForm(instance=forum)})


@staff(*STAFF)
@require_POST
def moderate(request, slug, pk):
    forum = _moderated(request, slug)
    post = get_object_or_404(Post.objects.select_related("thread__section__forum"), pk=pk, thread__section__forum=forum)
    action = request.POST.get("action")
    if action == "approve":
        actions.approve(post, request.user)
        messages.success(request, _("Innlegget er godkjent."))
    elif action == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Skriv en begrunnelse. Den vises for den som skrev."))
        else:
            actions.reject(post, request.user, form.cleaned_data["reason"])
            messages.success(request, _("Innlegget er avvist."))
    elif action == "hide":
        actions.hide(post, request.user, request.POST.get("reason", ""))
        messages.success(request, _("Innlegget er skjult."))
    return redirect("forum:moderation", slug=slug)


@staff(*STAFF)
@require_POST
def thread_action(request, slug, pk):
    forum = _moderated(request, slug)
    thread = get_object_or_404(Thread, pk=pk, section__forum=forum)
    action = request.POST.get("action")
    if action in ("lock", "unlock"):
        actions.lock(thread, request.user, action == "lock")
    elif action == "reply":
        form = ModeratorReplyForm(request.POST)
        if form.is_valid():
            actions.write(thread.section, "", form.cleaned_data["text"], thread=thread, moderator=request.user)
        else:
            messages.error(request, _("Skriv et svar."))
    return redirect("forum:thread", pk=thread.pk)


@staff(roles.COORDINATOR, roles.SERVICE_ADMIN)
@require_POST
def forum_settings(request, slug):
    forum = _moderated(request, slug)
    form = ForumSettingsForm(request.POST, instance=forum)
    if form.is_valid():
        form.save()
        from losen.audit.models import record

        record(request.user, "forum_settings_changed", organisation=forum.service.organisation, target=forum, moderation=forum.moderation, retention_days=forum.retention_days)
        messages.success(request, _("Innstillingene er lagret."))
    else:
        messages.error(request, _("Sjekk innstillingene."))
    return redirect("forum:moderation", slug=slug)
