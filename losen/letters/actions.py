"""The only writers of the message service. Views, the API and the jobs call these.

Nothing here logs a text, a pickup code or anything about the help seeker. Staff actions are
audited with `losen.audit`; the anonymous record is `losen.stats` (channel "message")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from losen.accounts import roles
from losen.audit.models import record
from losen.letters import codes, rules
from losen.letters.models import LANGUAGES, QUESTIONS, Letter, LetterService, Responder, Thread
from losen.stats import actions as stats
from losen.stats.models import Contact

log = logging.getLogger("losen.letters")

LEADERS = (roles.SHIFT_LEADER, roles.COORDINATOR)
BANDS = {
    "age": ["under-13", "13-15", "16-18", "19-25", "26-35", "36-50", "51-66", "67+"],
    "before": ["yes", "no"],
}


class NotAllowed(Exception):
    """The thread is not open for this, or not for this person."""


# --- services and answer times --------------------------------------------------------------


def answer_hours(ls: LetterService) -> int | None:
    """The promised answer time of the service's message channel in the directory."""
    from losen.directory import catalogue

    return answer_hours_of(catalogue.get(ls.service.slug))


def answer_hours_of(entry) -> int | None:
    """The promised answer time of a directory catalogue entry's message channel."""
    if entry is None:
        return None
    for channel in entry.channels_of("message"):
        hours = channel.doc.get("answer_time_hours")
        if isinstance(hours, int) and hours > 0:
            return hours
    return None


def letter_service(slug: str) -> LetterService | None:
    """The service if it takes messages on Losen now: switched on, with a known answer time."""
    ls = LetterService.objects.select_related("service", "service__organisation").filter(service__slug=slug, enabled=True).first()
    if ls is None or answer_hours(ls) is None:
        return None
    return ls


def open_services() -> list[LetterService]:
    return [ls for ls in LetterService.objects.filter(enabled=True).select_related("service", "service__organisation") if answer_hours(ls)]


def clean_answers(ls: LetterService, raw: dict | None) -> dict:
    asked = set(ls.questions or []) & set(QUESTIONS)
    raw = raw if isinstance(raw, dict) else {}
    return {k: raw[k] for k in BANDS if k in asked and raw.get(k) in BANDS[k]}


def detect_language(text: str) -> str:
    """The navigator's language detector; bokmål when it cannot tell."""
    try:
        from losen.navigator.understanding import detect_language as detect

        found = detect(text)
    except Exception:  # never let detection stop a message
        log.exception("language detection failed")
        return "nb"
    return found if found in LANGUAGES else "nb"


@dataclass
class Crisis:
    crisis: bool
    reasons: list
    kind: str | None


def crisis(text: str) -> Crisis:
    """The navigator's crisis detector. If it fails the message still goes in, flagged as risk:
    nobody reads it for hours, so we err on the side of safety."""
    try:
        from losen.navigator.crisis import detect

        found = detect(text)
        return Crisis(bool(found.crisis), list(found.reasons), found.kind)
    except Exception:
        log.exception("crisis detector failed; message flagged as risk")
        return Crisis(True, ["detector_unavailable"], None)


# --- the help seeker ----------------------------------------------------------------------------


@dataclass
class Sent:
    thread: Thread
    code: str
    crisis: Crisis


def submit(ls: LetterService, text: str, language: str | None = None, answers: dict | None = None, now: datetime | None = None) -> Sent:
    text = (text or "").strip()
    if not text:
        raise ValueError("empty")
    if len(text) > rules.MAX_TEXT:
        raise ValueError("too long")
    hours = answer_hours(ls)
    if hours is None:
        raise NotAllowed("no answer time")
    now = now or timezone.now()
    answers = clean_answers(ls, answers)
    language = language if language in LANGUAGES else detect_language(text)
    found = crisis(text)
    deadline = rules.answer_by(now, hours)
    before = answers.get("before")
    for _attempt in range(5):
        code = codes.new_code()
        try:
            with transaction.atomic():
                thread = Thread.objects.create(
                    code_hmac=codes.digest(code), service=ls, language=language, risk=found.crisis, risk_reasons=found.reasons,
                    answers=answers, received_at=now, waiting_since=now, answer_by=deadline, last_message_at=now,
                )
                Letter.objects.create(thread=thread, sender=Letter.VISITOR, text=text, created_at=now, sent_at=now)
                contact = stats.record_contact(
                    organisation=ls.service.organisation, channel=Contact.Channel.MESSAGE, received_at=now, service=ls.service,
                    first_contact=None if before is None else before == "no", age_band=answers.get("age", ""),
                    risk=Contact.Risk.POSSIBLE if found.crisis else Contact.Risk.NONE,
                )
                Thread.objects.filter(pk=thread.pk).update(contact_id=contact.pk)
                thread.contact_id = contact.pk
            return Sent(thread, code, found)
        except IntegrityError:  # the same code twice: astronomically rare; draw again
            continue
    raise RuntimeError("could not draw a unique pickup code")


def find(code: str) -> Thread | None:
    if not codes.plausible(code):
        return None
    return Thread.objects.select_related("service__service__organisation", "transferred_from").filter(code_hmac=codes.digest(code)).first()


def visible_letters(thread: Thread) -> list[Letter]:
    """What the visitor sees: their own messages and the service's sent answers."""
    return list(thread.letters.filter(Q(sender=Letter.VISITOR) | Q(sender=Letter.SERVICE, state=Letter.SENT)).order_by("created_at", "id"))


def mark_read(thread: Thread, now: datetime | None = None) -> None:
    """The visitor opened the thread: if an answer is there, it has been picked up."""
    if thread.last_answer_at is None:
        return
    now = now or timezone.now()
    Thread.objects.filter(pk=thread.pk).update(answer_read_at=now)
    thread.answer_read_at = now
    if thread.contact_id:
        stats.update_contact(thread.contact_id, answer_picked_up=True)


def visitor_reply(thread: Thread, text: str, now: datetime | None = None) -> Letter:
    text = (text or "").strip()
    if not text:
        raise ValueError("empty")
    if len(text) > rules.MAX_TEXT:
        raise ValueError("too long")
    now = now or timezone.now()
    hours = answer_hours(thread.service) or 24
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        letter = Letter.objects.create(thread=thread, sender=Letter.VISITOR, text=text, created_at=now, sent_at=now)
        update = {"last_message_at": now}
        if thread.status != Thread.WAITING:
            update.update(status=Thread.WAITING, waiting_since=now, answer_by=rules.answer_by(now, hours), flagged_at=None)
        if not thread.risk:
            found = crisis(text)
            if found.crisis:
                update.update(risk=True, risk_reasons=found.reasons)
                if thread.contact_id:
                    stats.update_contact(thread.contact_id, risk=Contact.Risk.POSSIBLE)
        Thread.objects.filter(pk=thread.pk).update(**update)
    return letter


def visitor_delete(thread: Thread) -> None:
    """"Slett samtalen": everything goes at once. A thread held under the duty to avert is made
    unreachable by the code at once and deleted when a coordinator releases it."""
    with transaction.atomic():
        if thread.avert in Thread.AVERT_HOLDING:
            Thread.objects.filter(pk=thread.pk).update(code_hmac="deleted-" + codes.new_code(8), status=Thread.CLOSED)
            return
        Thread.objects.filter(pk=thread.pk).delete()


FEEDBACK = {"helped": ["yes", "partly", "no"], "again": ["yes", "maybe", "no"]}


def feedback(thread: Thread, raw: dict) -> bool:
    if not thread.service.feedback_enabled or thread.last_answer_at is None or thread.feedback_given:
        return False
    answers = {k: raw.get(k) for k in FEEDBACK if raw.get(k) in FEEDBACK[k]}
    if not answers:
        return False
    Thread.objects.filter(pk=thread.pk).update(feedback_given=True)
    if thread.contact_id:
        stats.update_contact(thread.contact_id, feedback=answers)
    return True


# --- staff: who may do what -------------------------------------------------------------------


def roles_in(user, organisation) -> set[str]:
    return set(user.memberships.filter(organisation=organisation).values_list("role", flat=True))


def responder_settings(user, organisation) -> Responder:
    return Responder.objects.filter(user=user, organisation=organisation).first() or Responder(user=user, organisation=organisation)


def may_approve(user, organisation) -> bool:
    return bool(roles_in(user, organisation) & set(LEADERS)) or responder_settings(user, organisation).second_reader


def set_responder(user, organisation, languages, second_reader=None, by=None) -> Responder:
    r, _ = Responder.objects.get_or_create(user=user, organisation=organisation)
    r.languages = [code for code in LANGUAGES if code in set(languages)]
    if second_reader is not None:
        r.second_reader = bool(second_reader)
    r.save()
    record(by or user, "letters_responder_settings", organisation=organisation, target=r, languages=r.languages, second_reader=r.second_reader)
    return r


# --- staff: claim, answer, approve --------------------------------------------------------------


def claim(thread: Thread, user, now: datetime | None = None) -> bool:
    """Lock the thread to `user` for 30 minutes (or renew the lock). False if a colleague holds it."""
    now = now or timezone.now()
    until = now + timedelta(minutes=rules.CLAIM_MINUTES)
    free = Q(claimed_by__isnull=True) | Q(claimed_until__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=user)
    done = Thread.objects.filter(free, pk=thread.pk).exclude(status=Thread.CLOSED).update(claimed_by=user, claimed_until=until)
    if done:
        record(user, "letters_thread_claimed", organisation=thread.service.service.organisation, target=thread)
    return bool(done)


def release(thread: Thread, user) -> None:
    Thread.objects.filter(pk=thread.pk, claimed_by=user).update(claimed_by=None, claimed_until=None)
    record(user, "letters_thread_released", organisation=thread.service.service.organisation, target=thread)


def _holds(thread: Thread, user, now) -> bool:
    return thread.claimed_by_id == user.pk and thread.claimed_until is not None and thread.claimed_until > now


def reply(thread: Thread, user, text: str, now: datetime | None = None) -> Letter:
    """A responder's answer. Sent at once, or held for the second reader when the service asks."""
    text = (text or "").strip()
    if not text:
        raise ValueError("empty")
    if len(text) > rules.MAX_TEXT:
        raise ValueError("too long")
    now = now or timezone.now()
    thread.refresh_from_db()
    if thread.status == Thread.CLOSED or not _holds(thread, user, now):
        raise NotAllowed("claim the thread first")
    organisation = thread.service.service.organisation
    if thread.service.second_reader:
        letter = Letter.objects.create(thread=thread, sender=Letter.SERVICE, state=Letter.PENDING, author=user, text=text, created_at=now)
        record(user, "letters_reply_for_approval", organisation=organisation, target=thread, letter=letter.pk)
        return letter
    with transaction.atomic():
        letter = Letter.objects.create(thread=thread, sender=Letter.SERVICE, author=user, text=text, created_at=now, sent_at=now)
        _answered(thread, now)
    record(user, "letters_reply_sent", organisation=organisation, target=thread, letter=letter.pk)
    return letter


def _answered(thread: Thread, now: datetime) -> None:
    first = thread.first_answer_at is None
    Thread.objects.filter(pk=thread.pk).update(
        status=Thread.ANSWERED, last_answer_at=now, last_message_at=now, first_answer_at=thread.first_answer_at or now,
        claimed_by=None, claimed_until=None, flagged_at=None,
    )
    if first and thread.contact_id:
        met = rules.deadline_met(thread.answer_by, now) and thread.breached_at is None
        stats.update_contact(
            thread.contact_id, outcome=Contact.Outcome.ANSWERED, wait_seconds=int((now - thread.received_at).total_seconds()),
            deadline_met=met, answer_picked_up=False,
        )
    elif thread.contact_id and thread.breached_at is None and not rules.deadline_met(thread.answer_by, now):
        stats.update_contact(thread.contact_id, deadline_met=False)


def pending(organisation) -> list[Letter]:
    return list(
        Letter.objects.filter(state=Letter.PENDING, thread__service__service__organisation=organisation)
        .select_related("thread__service__service", "author")
        .order_by("created_at")
    )


def approve(letter: Letter, user, yes: bool, comment: str = "", now: datetime | None = None) -> bool:
    """The second reader approves (the answer goes out) or sends it back with a comment."""
    now = now or timezone.now()
    thread = letter.thread
    organisation = thread.service.service.organisation
    if letter.author_id == user.pk or not may_approve(user, organisation):
        raise NotAllowed("a different person with the second-reader setting must approve")
    with transaction.atomic():
        if yes:
            done = Letter.objects.filter(pk=letter.pk, state=Letter.PENDING).update(state=Letter.SENT, approved_by=user, sent_at=now)
            if done:
                thread.refresh_from_db()
                _answered(thread, now)
        else:
            done = Letter.objects.filter(pk=letter.pk, state=Letter.PENDING).update(state=Letter.RETURNED, approved_by=user)
            if done and comment.strip():
                Letter.objects.create(thread=thread, sender=Letter.NOTE, author=user, text=comment.strip()[: rules.MAX_TEXT], created_at=now)
    if done:
        record(user, "letters_reply_approved" if yes else "letters_reply_returned", organisation=organisation, target=thread, letter=letter.pk)
    return bool(done)


# --- staff: escalate, transfer, close -----------------------------------------------------------


def escalate(thread: Thread, user, now: datetime | None = None) -> None:
    now = now or timezone.now()
    Thread.objects.filter(pk=thread.pk, escalated_at__isnull=True).update(escalated_at=now)
    if thread.contact_id:
        from django.db.models import F

        Contact.objects.filter(pk=thread.contact_id).update(escalations=F("escalations") + 1)
    record(user, "letters_escalated", organisation=thread.service.service.organisation, target=thread)


def transfer_targets(thread: Thread) -> list[LetterService]:
    return [ls for ls in open_services() if ls.pk != thread.service_id]


def transfer(thread: Thread, user, target: LetterService, summary: str = "", now: datetime | None = None) -> Thread:
    """Move the thread to another service on Losen that takes messages. The visitor sees
    "overført til …" and that service's answer time; the receiving service gets the summary."""
    now = now or timezone.now()
    hours = answer_hours(target)
    if hours is None or not target.enabled or target.pk == thread.service_id:
        raise NotAllowed("that service does not take messages on Losen")
    source = thread.service
    with transaction.atomic():
        if summary.strip():
            Letter.objects.create(thread=thread, sender=Letter.NOTE, author=user, text=summary.strip()[: rules.MAX_TEXT], created_at=now)
        Letter.objects.filter(thread=thread, state=Letter.PENDING).update(state=Letter.RETURNED)
        update = dict(
            service=target, transferred_from=source.service, transferred_at=now, claimed_by=None, claimed_until=None,
            escalated_at=None, flagged_at=None,
        )
        if thread.status == Thread.WAITING:
            update["answer_by"] = rules.answer_by(now, hours)
        Thread.objects.filter(pk=thread.pk).update(**update)
        if thread.contact_id:
            contact = Contact.objects.get(pk=thread.contact_id)
            stats.update_contact(thread.contact_id, transfers=contact.transfers + 1, transferred_to=[*contact.transferred_to, target.service.slug])
    record(user, "letters_transferred", organisation=source.service.organisation, target=thread, to_service=target.service.slug)
    thread.refresh_from_db()
    return thread


def close(thread: Thread, user, topics=(), referrals=(), now: datetime | None = None) -> None:
    from losen.directory import taxonomy
    from losen.directory.models import Service

    topics = [t for t in topics if t in taxonomy.CODES]
    referrals = list(Service.objects.filter(slug__in=list(referrals)).values_list("slug", flat=True))
    Thread.objects.filter(pk=thread.pk).update(status=Thread.CLOSED, claimed_by=None, claimed_until=None, flagged_at=None)
    if thread.contact_id:
        fields = {"topics": topics, "referrals": referrals}
        if thread.first_answer_at is None:
            fields["outcome"] = Contact.Outcome.CLOSED
        stats.update_contact(thread.contact_id, **fields)
    record(user, "letters_closed", organisation=thread.service.service.organisation, target=thread)


def redact(letter: Letter, user) -> None:
    """Instant redaction: the text is gone from the database at once."""
    Letter.objects.filter(pk=letter.pk).update(text="", redacted=True)
    record(user, "letters_redacted", organisation=letter.thread.service.service.organisation, target=letter.thread, letter=letter.pk)


def mark_risk(thread: Thread, user, checklist: dict) -> None:
    risky = "yes" in checklist.values()
    if risky:
        Thread.objects.filter(pk=thread.pk).update(risk=True)
        if thread.contact_id:
            stats.update_contact(thread.contact_id, risk=Contact.Risk.ACUTE)
    record(user, "letters_risk_checklist", organisation=thread.service.service.organisation, target=thread, risky=risky)


# --- duty to avert (straffeloven § 196): responder raises, shift leader confirms, coordinator releases


def avert_raise(thread: Thread, user) -> None:
    Thread.objects.filter(pk=thread.pk).exclude(avert__in=Thread.AVERT_HOLDING).update(avert=Thread.AVERT_RAISED)
    record(user, "letters_duty_to_avert_raised", organisation=thread.service.service.organisation, target=thread)


def avert_confirm(thread: Thread, user, yes: bool) -> None:
    state = Thread.AVERT_CONFIRMED if yes else Thread.AVERT_NONE
    Thread.objects.filter(pk=thread.pk, avert=Thread.AVERT_RAISED).update(avert=state)
    record(user, "letters_duty_to_avert_confirmed" if yes else "letters_duty_to_avert_rejected", organisation=thread.service.service.organisation, target=thread)


def avert_release(thread: Thread, user) -> None:
    Thread.objects.filter(pk=thread.pk, avert__in=Thread.AVERT_HOLDING).update(avert=Thread.AVERT_RELEASED)
    record(user, "letters_duty_to_avert_released", organisation=thread.service.service.organisation, target=thread)
