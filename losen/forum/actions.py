"""The only writers of the forum's models. Every moderation action is audit-logged."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from losen.accounts import roles
from losen.audit.models import record
from losen.core import pickup
from losen.forum import rules
from losen.forum.models import Forum, Post, Section, Thread

log = logging.getLogger("losen.forum")

MAX_TEXT = 6000
MODERATOR_ROLES = (roles.SHIFT_LEADER, roles.COORDINATOR, roles.SERVICE_ADMIN)


class NotAllowed(Exception):
    pass


def crisis(text: str):
    """The navigator's crisis detector (its public function); None if it fails."""
    try:
        from losen.navigator.crisis import detect

        return detect(text)
    except Exception:
        log.exception("crisis detector failed")
        return None


def may_moderate(user, forum: Forum) -> bool:
    """Shift leaders, coordinators and service admins of the forum's organisation, and volunteers
    given the forum permission (`Forum.moderators`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    org_id = forum.service.organisation_id
    if user.memberships.filter(organisation_id=org_id, role__in=MODERATOR_ROLES).exists():
        return True
    return forum.moderators.filter(pk=user.pk).exists() and user.memberships.filter(organisation_id=org_id).exists()


def create_forum(service, slug, title, description="", moderation=None, sections=()):
    age_max = ((service.document or {}).get("target") or {}).get("age_max")
    forum, _ = Forum.objects.get_or_create(
        slug=slug, defaults={"service": service, "title": title, "description": description, "moderation": moderation or rules.default_moderation(age_max)}
    )
    for i, (s_slug, s_title) in enumerate(sections):
        Section.objects.get_or_create(forum=forum, slug=s_slug, defaults={"title": s_title, "position": i})
    return forum


SEMANTIC_ONLY = {"similar_to_crisis_texts"}


def _risk(text):
    """(hold, flag, reasons). Crisis language holds the post; a hit only by the detector's
    similarity layer (which also fires on short everyday lines) flags it for the moderators,
    first in their queue, without holding it."""
    found = crisis(text)
    if found is None or not found.crisis:
        return False, False, []
    reasons = [str(r) for r in (found.reasons or [])][:10]
    return bool(set(reasons) - SEMANTIC_ONLY), True, reasons


@transaction.atomic
def write(section: Section, nickname: str, text: str, *, title: str = "", thread: Thread | None = None, code: str = "", moderator=None):
    """Start a thread (with `title`) or reply in `thread`. Returns (post, code): the writer's
    pickup code (a new one unless they gave theirs). A post the crisis detector flags is held,
    whatever the moderation mode."""
    forum = section.forum
    now = timezone.now()
    if thread is not None and moderator is None and Thread.objects.filter(pk=thread.pk, locked=True).exists():
        raise NotAllowed("locked")
    hold, risk, reasons = _risk(f"{title}\n{text}") if moderator is None else (False, False, [])
    state = rules.initial_state(forum.moderation, hold, by_moderator=moderator is not None)
    if moderator is None:
        code = code or pickup.new_code()
    if thread is None:
        thread = Thread.objects.create(section=section, title=title.strip()[:160], created_at=now, last_post_at=now)
        first = True
    else:
        first = False
        if state == Post.PUBLISHED:
            Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
    post = Post.objects.create(
        thread=thread, nickname=nickname.strip()[:40], text=text.strip()[:MAX_TEXT], state=state, first=first, by_moderator=moderator is not None,
        code_digest=pickup.digest(code) if code else "", risk=risk, risk_reasons=reasons, created_at=now,
    )
    if moderator is not None:
        record(moderator, "forum_moderator_post", organisation=forum.service.organisation, target=post)
    return post, code


def visible_posts(thread: Thread):
    return thread.posts.filter(state=Post.PUBLISHED)


def visible_threads(section: Section):
    return section.threads.filter(posts__first=True, posts__state=Post.PUBLISHED).distinct()


def my_posts(code: str):
    return Post.objects.filter(code_digest=pickup.digest(code)).exclude(code_digest="").select_related("thread__section__forum").order_by("-created_at")


@transaction.atomic
def delete_own(code: str, post_id: int) -> bool:
    """The writer deletes their own post with the code. Deleting the post that opened a thread
    deletes the thread with the replies to it (they answered that post)."""
    post = my_posts(code).filter(pk=post_id).first()
    if post is None:
        return False
    if post.first:
        post.thread.delete()
    else:
        post.delete()
    return True


def report(post: Post) -> None:
    if post.state == Post.PUBLISHED:
        Post.objects.filter(pk=post.pk).update(reports=post.reports + 1)


def queue(forum: Forum) -> list[Post]:
    posts = list(
        Post.objects.filter(thread__section__forum=forum)
        .filter(state__in=[Post.PENDING, Post.HELD]).select_related("thread__section")
        | Post.objects.filter(thread__section__forum=forum, state=Post.PUBLISHED).filter(Q(reports__gt=0) | Q(risk=True, reviewed_at__isnull=True)).select_related("thread__section")
    )
    order = rules.queue_order([{"id": p.pk, "risk": p.risk, "state": p.state, "reports": p.reports, "created_at": p.created_at} for p in posts])
    by_id = {p.pk: p for p in posts}
    return [by_id[o["id"]] for o in order]


def _moderate(post: Post, moderator, action: str, **detail):
    forum = post.thread.section.forum
    if not may_moderate(moderator, forum):
        raise NotAllowed("not_moderator")
    record(moderator, f"forum_{action}", organisation=forum.service.organisation, target=post, **detail)


def approve(post: Post, moderator) -> None:
    _moderate(post, moderator, "approved", was=post.state)
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(state=Post.PUBLISHED, reviewed_at=now, reports=0)
    Thread.objects.filter(pk=post.thread_id).update(last_post_at=now)


def reject(post: Post, moderator, reason: str) -> None:
    reason = (reason or "").strip()[:300]
    if not reason:
        raise ValueError("reason")
    _moderate(post, moderator, "rejected", was=post.state)
    Post.objects.filter(pk=post.pk).update(state=Post.REJECTED, reject_reason=reason, reviewed_at=timezone.now())


def hide(post: Post, moderator, reason: str = "") -> None:
    _moderate(post, moderator, "hidden", was=post.state)
    Post.objects.filter(pk=post.pk).update(state=Post.HIDDEN, reject_reason=(reason or "").strip()[:300], reviewed_at=timezone.now())


def lock(thread: Thread, moderator, locked: bool = True) -> None:
    forum = thread.section.forum
    if not may_moderate(moderator, forum):
        raise NotAllowed("not_moderator")
    Thread.objects.filter(pk=thread.pk).update(locked=locked)
    record(moderator, "forum_thread_locked" if locked else "forum_thread_unlocked", organisation=forum.service.organisation, target=thread)


def alerts(forum_ids) -> dict:
    """Counts for moderators' notices: held crisis posts and posts waiting."""
    qs = Post.objects.filter(thread__section__forum_id__in=list(forum_ids))
    return {"held": qs.filter(state=Post.HELD).count(), "waiting": qs.filter(state=Post.PENDING).count() + qs.filter(state=Post.PUBLISHED, reports__gt=0).count()}


def purge() -> int:
    """The scheduler's job: posts older than their forum's retention are deleted, with empty threads."""
    deleted = 0
    now = timezone.now()
    for forum in Forum.objects.all():
        cutoff = now - timedelta(days=forum.retention_days)
        n, _ = Post.objects.filter(thread__section__forum=forum, created_at__lt=cutoff).delete()
        deleted += n
        Thread.objects.filter(section__forum=forum, posts__isnull=True).delete()
    return deleted
