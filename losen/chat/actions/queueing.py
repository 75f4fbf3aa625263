"""A chat from start to end: the queue, taking the next chat, leaving, ending, wrap-up, feedback."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from losen.audit.models import record
from losen.chat import queue as rules
from losen.chat.actions.contacts import _contact, _seconds
from losen.chat.actions.messages import check_risk, store_message, system_event
from losen.chat.engine import (
    FAIRNESS_WINDOW,
    FEEDBACK,
    MAX_TEXT,
    NotAllowed,
    clean_answers,
    conv_group,
    current_duty,
    live_count,
    notify_queue,
    org_group,
    publish,
    seal,
    waiting_items,
)
from losen.chat.models import ChatService, Conversation, Escalation, Message, Transfer
from losen.stats.actions import record_contact
from losen.stats.models import Contact


def start(cs: ChatService, answers: dict, language: str = "nb", opening_text: str = "", address: str | None = None) -> Conversation:
    answers = clean_answers(cs, answers)
    before = answers.get("before")
    first_time = None if before is None else before == "no"
    now = timezone.now()
    with transaction.atomic():
        contact = record_contact(
            organisation=cs.service.organisation, service=cs.service, channel=Contact.Channel.CHAT, received_at=now,
            first_contact=first_time, age_band=answers.get("age", ""), gender=answers.get("gender", ""), county=answers.get("county", ""),
        )
        conv = Conversation.objects.create(
            service=cs, answers=answers, first_time=first_time, language=language[:8], queued_at=now, last_seen=now,
            sealed_address=seal(address) if cs.sealed_connection_retention else None, contact=contact,
        )
    opening_text = (opening_text or "").strip()[:MAX_TEXT]
    if opening_text and "opening" in (cs.questions or []):
        store_message(conv.pk, Message.VISITOR, opening_text, "opening")
        check_risk(conv.pk, opening_text)
    notify_queue(cs.pk)
    return Conversation.objects.get(pk=conv.pk)


def touch(conversation_ids) -> None:
    Conversation.objects.filter(pk__in=list(conversation_ids), state=Conversation.QUEUED).update(last_seen=timezone.now())


def take_next(user, organisation) -> Conversation | None:
    """Give the responder the next chat by the queue's rules, if they have a free slot."""
    duty = current_duty(user, organisation)
    if duty is None:
        raise NotAllowed("not on duty")
    if leader_missing(user, organisation):
        raise NotAllowed("leader required")
    services = list(duty.services.all())
    if not services:
        return None
    if live_count(user) >= duty.capacity:
        return None
    items = waiting_items([cs.pk for cs in services])
    since = timezone.now() - FAIRNESS_WINDOW
    served = dict(
        Conversation.objects.filter(service__in=services, answered_at__gte=since)
        .values_list("service_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "n")
    )
    weights = {cs.pk: cs.weight for cs in services}
    # Responders pressing "take next" at the same moment pick the same chat: the one who loses
    # the race takes the next one by the same rules (no new query), until the queue is empty.
    while items:
        choice = rules.pick_next(items, weights.keys(), weights, served)
        if choice is None:
            return None
        now = timezone.now()
        taken = Conversation.objects.filter(pk=choice.id, state=Conversation.QUEUED).update(
            state=Conversation.ACTIVE, responder=user, answered_at=now
        )
        if taken:
            conv = Conversation.objects.select_related("service__service__organisation").get(pk=choice.id)
            _contact(conv.contact_id, outcome=Contact.Outcome.ANSWERED, wait_seconds=_seconds(conv.queued_at, now))
            record(user, "chat_taken", organisation=organisation, target=conv)
            system_event(conv.pk, "answered", state=Conversation.ACTIVE)
            notify_queue(conv.service_id)
            return conv
        items = [i for i in items if i.id != choice.id]
    return None


def abandon(conv: Conversation, by: str = "visitor") -> bool:
    now = timezone.now()
    changed = Conversation.objects.filter(pk=conv.pk, state=Conversation.QUEUED).update(state=Conversation.ABANDONED, ended_at=now, ended_by=by)
    if changed:
        _contact(conv.contact_id, outcome=Contact.Outcome.ABANDONED_QUEUE, wait_seconds=_seconds(conv.queued_at, now))
        notify_queue(conv.service_id)
        publish(conv_group(conv.pk), {"type": "state", "state": Conversation.ABANDONED})
    return bool(changed)


def leader_missing(user, organisation) -> bool:
    """The service requires a shift leader present (rota decides) and none is."""
    from losen.rota import duty as rota

    decision = rota.check(user, organisation, "chat", timezone.now())
    return bool(decision.leader_required and not decision.leader_present)


def end(conv: Conversation, by: str) -> bool:
    if conv.state == Conversation.QUEUED:
        return abandon(conv, by)
    now = timezone.now()
    changed = Conversation.objects.filter(pk=conv.pk, state__in=Conversation.LIVE_STATES).update(state=Conversation.ENDED, ended_at=now, ended_by=by)
    if changed:
        Transfer.objects.filter(conversation=conv, state__in=Transfer.PENDING).update(state=Transfer.REFUSED, decided_at=now)
        Escalation.objects.filter(conversation=conv, kind=Escalation.ESCALATION).exclude(state=Escalation.CLOSED).update(state=Escalation.CLOSED, closed_at=now)
        conv.refresh_from_db()
        _contact(conv.contact_id, handle_seconds=_seconds(conv.answered_at, now) if conv.answered_at else None, transfers=conv.transfers, escalations=conv.escalations)
        system_event(conv.pk, f"ended_by_{by}", state=Conversation.ENDED)
        publish(org_group(conv.service.service.organisation_id), {"type": "mine"})
        _heavy_contact(conv)
    return bool(changed)


def _heavy_contact(conv: Conversation) -> None:
    """A chat with a duty-to-avert case, or a suicide-risk chat, has ended: rota and volunteers
    offer the responder a debrief (`heavy_contact_concluded`)."""
    from losen.chat.models import DutyToAvert
    from losen.rota.signals import heavy_contact_concluded

    if conv.responder_id is None:
        return
    if DutyToAvert.objects.filter(conversation=conv).exists():
        kind = "duty_to_avert"
    elif conv.risk:
        kind = "suicide_risk"
    else:
        return
    responder, organisation = conv.responder, conv.service.service.organisation
    transaction.on_commit(lambda: heavy_contact_concluded.send(sender="chat", user=responder, organisation=organisation, kind=kind))


def wrap_up(conv: Conversation, user, topics, referrals, outcome) -> None:
    from losen.directory import taxonomy
    from losen.directory.models import Service

    topics = [t for t in topics if t in taxonomy.CODES]
    referrals = list(Service.objects.filter(slug__in=list(referrals)).values_list("slug", flat=True))
    _contact(conv.contact_id, topics=topics, referrals=referrals, wrap_up=(outcome or "")[:24])
    record(user, "chat_wrapped_up", organisation=conv.service.service.organisation, target=conv)


def feedback(conv: Conversation, raw: dict) -> bool:
    if not conv.service.feedback_enabled or conv.state != Conversation.ENDED:
        return False
    answers = {k: raw.get(k) for k in FEEDBACK if raw.get(k) in FEEDBACK[k]}
    if not answers:
        return False
    if conv.contact_id is None or Contact.objects.filter(pk=conv.contact_id).exclude(feedback={}).exists():
        return False
    return bool(_contact(conv.contact_id, feedback=answers))


def reorder(conv: Conversation, user, to_front: bool, reason: str) -> None:
    """A shift leader moves a queued chat to the front (or back to normal order), with a reason."""
    ranks = Conversation.objects.filter(service=conv.service, state=Conversation.QUEUED).values_list("manual_rank", flat=True)
    rank = rules.reorder_rank(ranks, to_front)
    Conversation.objects.filter(pk=conv.pk).update(manual_rank=rank)
    record(user, "chat_queue_reordered", organisation=conv.service.service.organisation, target=conv, reason=reason, to_front=to_front)
    notify_queue(conv.service_id)


def save_risk_check(conv: Conversation, user, answers: dict) -> None:
    """The responder's suicide-risk checklist; a plan, preparations or means flags the chat."""
    from losen.chat.actions.messages import mark_risk_by_checklist

    Conversation.objects.filter(pk=conv.pk).update(risk_check=answers)
    if "yes" in answers.values():
        mark_risk_by_checklist(conv)
    record(user, "chat_risk_checklist", organisation=conv.service.service.organisation, target=conv)
