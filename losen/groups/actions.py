"""The only writers of the groups' models. Views, consumers and jobs call these.

Live events go to one channel-layer group per session (`groups.room.<id>`) with an audience:
"all", "leaders", or a participant id (their side chat, their crisis panel). Events from
synchronous code are sent with `transaction.on_commit`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import threading
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from losen.audit.models import record
from losen.core import pickup
from losen.groups import rules, screening
from losen.groups.models import (
    Evaluation,
    GroupSettings,
    Participant,
    RoomMessage,
    Seat,
    Series,
    Session,
    SideChat,
    Topic,
    TopicVote,
    WrittenEvaluation,
)

log = logging.getLogger("losen.groups")

MAX_TEXT = 2000


class NotAllowed(Exception):
    """The person may not do this now (code in args[0])."""


class MissingLeaders(NotAllowed):
    pass


# --- tokens and keys ---------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(("losen-group-token:" + str(token)).encode()).hexdigest()


def _voter(participant: Participant, scope: str) -> str:
    """A keyed hash that keeps one vote per participant without storing who voted."""
    key = hashlib.sha256(b"losen-group-voter:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{participant.pk}:{scope}".encode(), hashlib.sha256).hexdigest()


def participant_by_token(token: str) -> Participant | None:
    return Participant.objects.select_related("series__service__organisation").filter(token_digest=token_digest(token)).first()


def room_group(session_id: int) -> str:
    return f"groups.room.{session_id}"


def publish(session_id: int, event: dict, audience="all") -> None:
    """Send an event to a session's room after the transaction commits."""

    def send():
        layer = get_channel_layer()
        if layer is None:
            return
        message = {"type": "room.event", "event": event, "audience": audience}
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the usual case: synchronous code in a worker thread
            async_to_sync(layer.group_send)(room_group(session_id), message)
            return
        # called on a thread that runs an event loop (not from a consumer): send from a helper thread
        worker = threading.Thread(target=lambda: async_to_sync(layer.group_send)(room_group(session_id), message))
        worker.start()
        worker.join(10)

    transaction.on_commit(send)


def settings_for(service) -> GroupSettings:
    found = GroupSettings.objects.filter(service=service).first()
    return found or GroupSettings(service=service)


# --- joining -----------------------------------------------------------------------------------


def _approved_count(series) -> int:
    return series.participants.filter(state=Participant.APPROVED).count()


@transaction.atomic
def apply(series: Series, first_name: str, code: str = "", phone: str = "", email: str = "", wants_reminders: bool = False):
    """Apply to a series. Returns (participant, token, code): a new token for the person's page
    and, if they gave none, a new pickup code (shown once). With a code already known in this
    series it is the same person again: idempotent, nothing duplicated. A full series gives a
    waitlist place; someone removed before waits for a leader's approval."""
    Series.objects.select_for_update().filter(pk=series.pk).first()  # one admission at a time per series
    token = str(uuid.uuid4())  # a UUID: the ASGI log filter redacts it
    existing = None
    if code:
        existing = series.participants.filter(code_digest=pickup.digest(code)).first()
    if existing is not None:
        existing.token_digest = token_digest(token)
        fields = ["token_digest"]
        if existing.state in (Participant.REMOVED, Participant.WITHDRAWN):
            existing.needs_leader_approval = existing.needs_leader_approval or existing.state == Participant.REMOVED
            existing.state = rules.admission(
                capacity=series.capacity, approved=_approved_count(series), intake_required=series.intake_required,
                intake_done=existing.intake_done, needs_leader_approval=existing.needs_leader_approval,
            )
            fields += ["state", "needs_leader_approval"]
        existing.save(update_fields=fields)
        return existing, token, code
    code = code or pickup.new_code()
    state = rules.admission(capacity=series.capacity, approved=_approved_count(series), intake_required=series.intake_required, intake_done=False, needs_leader_approval=False)
    p = Participant.objects.create(
        series=series, first_name=first_name.strip()[:40], state=state, token_digest=token_digest(token),
        code_digest=pickup.digest(code), phone=(phone or "").strip()[:40], email=(email or "").strip()[:200],
        wants_reminders=bool(wants_reminders and (phone or email)),
    )
    return p, token, code


def by_code(code: str) -> tuple[Participant, str] | None:
    """Find a participant by their pickup code; gives a fresh page token (the old link stops working)."""
    p = Participant.objects.filter(code_digest=pickup.digest(code)).exclude(code_digest="").order_by("-applied_at").first()
    if p is None:
        return None
    token = str(uuid.uuid4())  # a UUID: the ASGI log filter redacts it
    Participant.objects.filter(pk=p.pk).update(token_digest=token_digest(token))
    return p, token


def accept_rules(p: Participant) -> None:
    if p.rules_accepted_at is None:
        p.rules_accepted_at = timezone.now()
        p.save(update_fields=["rules_accepted_at"])


@transaction.atomic
def approve(p: Participant, leader, intake_done: bool = True) -> Participant:
    """A leader approves an applicant (after the intake talk, or after a removal)."""
    Series.objects.select_for_update().filter(pk=p.series_id).first()
    p.refresh_from_db()
    p.intake_done = p.intake_done or intake_done
    p.needs_leader_approval = False
    p.state = rules.admission(capacity=p.series.capacity, approved=_approved_count(p.series), intake_required=False, intake_done=True, needs_leader_approval=False)
    p.save(update_fields=["intake_done", "needs_leader_approval", "state"])
    record(leader, "group_participant_approved", organisation=p.series.service.organisation, target=p, state=p.state)
    return p


@transaction.atomic
def promote_waitlist(series: Series) -> list[Participant]:
    Series.objects.select_for_update().filter(pk=series.pk).first()
    waiting = list(series.participants.filter(state=Participant.WAITLIST).order_by("applied_at", "id"))
    moved = rules.promotions(capacity=series.capacity, approved=_approved_count(series), waitlist=waiting)
    for p in moved:
        p.state = Participant.APPROVED
        p.save(update_fields=["state"])
    return moved


def withdraw(p: Participant) -> None:
    was_approved = p.state == Participant.APPROVED
    p.state = Participant.WITHDRAWN
    p.phone = p.email = ""
    p.save(update_fields=["state", "phone", "email"])
    if was_approved:
        promote_waitlist(p.series)


def remove(p: Participant, leader, session: Session | None = None) -> None:
    """A leader removes a participant from the series (and the room, if live). Audited."""
    was_approved = p.state == Participant.APPROVED
    p.state = Participant.REMOVED
    p.needs_leader_approval = True
    p.save(update_fields=["state", "needs_leader_approval"])
    record(leader, "group_participant_removed", organisation=p.series.service.organisation, target=p, session=session.pk if session else None)
    if session is not None:
        publish(session.pk, {"type": "removed", "participant": p.pk})
        system_line(session, "removed", name=p.first_name)
    if was_approved:
        promote_waitlist(p.series)


# --- leaders and sessions ------------------------------------------------------------------------


def missing_leaders(session: Session) -> int:
    return rules.leaders_missing(session.series.leaders_needed, session.leaders.count())


def set_leaders(session: Session, users, by) -> None:
    org = session.series.service.organisation
    allowed = [u for u in users if u.memberships.filter(organisation=org).exists()]
    session.leaders.set(allowed)
    record(by, "group_leaders_set", organisation=org, target=session, leaders=[u.pk for u in allowed])


def is_leader(session: Session, user) -> bool:
    return bool(user and user.is_authenticated and session.leaders.filter(pk=user.pk).exists())


def _seats_for_approved(session: Session) -> None:
    for p in session.series.participants.filter(state=Participant.APPROVED):
        Seat.objects.get_or_create(session=session, participant=p)


@transaction.atomic
def start(session: Session, leader) -> Session:
    """Start a session. Without enough leaders it cannot start ("mangler leder")."""
    session = Session.objects.select_for_update().select_related("series__service__organisation").get(pk=session.pk)
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    if session.state in Session.OPEN_STATES:
        return session
    if session.state != Session.PLANNED:
        raise NotAllowed("ended")
    if missing_leaders(session):
        raise MissingLeaders("missing_leaders")
    agreed = agreed_topic(session)
    session.topic = agreed.text if agreed else session.topic
    session.state, session.started_at = Session.LIVE, timezone.now()
    session.save(update_fields=["state", "started_at", "topic"])
    _seats_for_approved(session)
    record(leader, "group_session_started", organisation=session.series.service.organisation, target=session)
    publish(session.pk, {"type": "state", "state": session.state, "topic": session.topic})
    return session


def pause(session: Session, leader, paused: bool) -> Session:
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    new, old = (Session.PAUSED, Session.LIVE) if paused else (Session.LIVE, Session.PAUSED)
    if Session.objects.filter(pk=session.pk, state=old).update(state=new):
        session.state = new
        record(leader, "group_room_paused" if paused else "group_room_resumed", organisation=session.series.service.organisation, target=session)
        publish(session.pk, {"type": "state", "state": new, "topic": session.topic})
    return session


@transaction.atomic
def end(session: Session, leader=None) -> Session:
    """End a session: attendance is final, the anonymous contact record gets the counts, and the
    room's text is deleted now or after the service's retention (≤ 72 h)."""
    from losen.stats.actions import record_contact

    session = Session.objects.select_for_update().select_related("series__service__organisation").get(pk=session.pk)
    if leader is not None and not is_leader(session, leader):
        raise NotAllowed("not_leader")
    if session.state not in Session.OPEN_STATES:
        return session
    now = timezone.now()
    session.state, session.ended_at = Session.ENDED, now
    conf = settings_for(session.series.service)
    session.purge_at = rules.purge_at(now, conf.room_retention_hours)
    present = session.seats.filter(present=True).count()
    contact = record_contact(
        organisation=session.series.service.organisation, service=session.series.service, channel="group",
        received_at=session.started_at or now, outcome="answered", count=present,
        handle_seconds=int((now - (session.started_at or now)).total_seconds()), demo=session.series.demo,
    )
    session.contact_id = contact.pk
    session.save(update_fields=["state", "ended_at", "purge_at", "contact_id"])
    record(leader, "group_session_ended", organisation=session.series.service.organisation, target=session, present=present)
    publish(session.pk, {"type": "state", "state": session.state, "topic": session.topic})
    if session.purge_at <= now:
        purge_session(session)
    return session


def purge_session(session: Session) -> int:
    """Delete a room's text (messages and side chats); the counts stay."""
    deleted, _ = RoomMessage.objects.filter(session=session).delete()
    SideChat.objects.filter(session=session).delete()
    Session.objects.filter(pk=session.pk).update(purged=True)
    return deleted


def purge() -> dict:
    """The scheduler's job: rooms whose retention has run out, then series that are over
    (contact details deleted)."""
    now = timezone.now()
    rooms = 0
    for session in Session.objects.filter(state=Session.ENDED, purged=False, purge_at__lte=now):
        purge_session(session)
        rooms += 1
    series_ended = 0
    for series in Series.objects.filter(ended_at__isnull=True).exclude(sessions__state__in=[Session.PLANNED, Session.LIVE, Session.PAUSED]):
        if series.sessions.exists():
            end_series(series)
            series_ended += 1
    return {"rooms": rooms, "series": series_ended}


def end_series(series: Series, by=None) -> None:
    """The series is over: participants' phone numbers and e-mail addresses are deleted."""
    Series.objects.filter(pk=series.pk).update(ended_at=timezone.now())
    for p in series.participants.exclude(phone="", email=""):
        p.phone = p.email = ""
        p.save(update_fields=["phone", "email"])
    if by is not None:
        record(by, "group_series_ended", organisation=series.service.organisation, target=series)


def post_notice(session: Session, leader, text: str):
    """A leader leaves a notice for the series' participants (shown on their page)."""
    from losen.groups.models import Notice

    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    text = (text or "").strip()[:2000]
    if not text:
        raise ValueError("empty")
    notice = Notice.objects.create(series=session.series, text=text)
    record(leader, "group_notice_posted", organisation=session.series.service.organisation, target=session.series)
    return notice


def mark_attendance(session: Session, leader, participant_id: int, present: bool) -> None:
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    p = session.series.participants.filter(pk=participant_id, state=Participant.APPROVED).first()
    if p is None:
        raise NotAllowed("no_participant")
    Seat.objects.update_or_create(session=session, participant=p, defaults={"present": present})


# --- topics -------------------------------------------------------------------------------------


def propose_topic(session: Session, leader, text: str) -> Topic:
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    return Topic.objects.create(session=session, text=text.strip()[:200], by_leader=True)


def suggest_topic(p: Participant, session: Session, text: str) -> Topic:
    """A participant suggests another topic, anonymously (the topic stores no author)."""
    if p.state != Participant.APPROVED or session.series_id != p.series_id:
        raise NotAllowed("not_approved")
    return Topic.objects.create(session=session, text=text.strip()[:200], by_leader=False)


@transaction.atomic
def vote(p: Participant, topic: Topic, approve: bool) -> None:
    """Approve or object, once per participant and topic (a change of mind replaces the vote)."""
    if p.state != Participant.APPROVED or topic.session.series_id != p.series_id:
        raise NotAllowed("not_approved")
    voter = _voter(p, f"topic:{topic.pk}")
    TopicVote.objects.update_or_create(topic=topic, voter=voter, defaults={"approve": approve})
    votes = TopicVote.objects.filter(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(approvals=votes.filter(approve=True).count(), objections=votes.filter(approve=False).count())


def confirm_topic(session: Session, leader, topic: Topic) -> None:
    if not is_leader(session, leader) or topic.session_id != session.pk:
        raise NotAllowed("not_leader")
    topic.by_leader = True
    topic.save(update_fields=["by_leader"])
    Session.objects.filter(pk=session.pk).update(topic=topic.text)
    session.topic = topic.text
    publish(session.pk, {"type": "topic", "topic": topic.text})


def agreed_topic(session: Session) -> Topic | None:
    topics = list(session.topics.all())
    confirmed = next((t.pk for t in topics if t.text == session.topic and t.by_leader), None) if session.topic else None
    chosen = rules.agreed_topic([rules.TopicTally(t.pk, t.by_leader, t.approvals, t.objections) for t in topics], confirmed)
    return next((t for t in topics if t.pk == chosen), None)


# --- the room ------------------------------------------------------------------------------------


def message_event(m: dict, staff: bool = False) -> dict:
    return {
        "type": "msg",
        "seq": m["seq"],
        "name": m["name"],
        "leader": m["leader_id"] is not None,
        "participant": m["participant_id"],
        "kind": m["kind"],
        "side": m["side_chat_id"],
        "text": "" if (m["hidden"] and not staff) else m["text"],
        "hidden": m["hidden"],
        "held": m["held"],
        "client_id": m["client_id"],
        "at": m["created_at"].isoformat() if hasattr(m["created_at"], "isoformat") else m["created_at"],
    }


FIELDS = ("seq", "name", "leader_id", "participant_id", "kind", "side_chat_id", "text", "hidden", "held", "client_id", "created_at")


def audience_of(m: dict):
    if m["held"]:
        return "leaders"
    if m["side_chat_id"]:
        return ("side", m["side_chat_id"], m["side_participant"])
    return "all"


def store(session_id: int, text: str, client_id: str, *, participant_id=None, leader=None, side_chat_id=None, held=False, kind=RoomMessage.TEXT) -> tuple[dict, bool]:
    """Persist one room message once per client id. Returns (message dict, created).
    Raises NotAllowed("closed") unless the room is live (leaders may write while paused),
    NotAllowed("muted") for a muted participant, ValueError for empty text."""
    text = (text or "")[:MAX_TEXT]
    client_id = (client_id or "")[:64]
    if not text.strip() or not client_id:
        raise ValueError("empty")
    existing = RoomMessage.objects.filter(session_id=session_id, client_id=client_id).values(*FIELDS).first()
    if existing:
        return existing, False
    name = ""
    if participant_id is not None:
        seat = Seat.objects.filter(session_id=session_id, participant_id=participant_id, participant__state=Participant.APPROVED).values("muted", "participant__first_name").first()
        if seat is None:
            raise NotAllowed("not_approved")
        if seat["muted"] and side_chat_id is None:
            raise NotAllowed("muted")
        name = seat["participant__first_name"]
        states = [Session.LIVE] if side_chat_id is None else list(Session.OPEN_STATES)
    else:
        name = (leader.first_name or leader.get_username()) if leader is not None else ""
        states = list(Session.OPEN_STATES)
    now = timezone.now()
    try:
        with transaction.atomic():
            if not Session.objects.filter(pk=session_id, state__in=states).update(last_seq=F("last_seq") + 1):
                raise NotAllowed("paused" if Session.objects.filter(pk=session_id, state=Session.PAUSED).exists() else "closed")
            seq = Session.objects.values_list("last_seq", flat=True).get(pk=session_id)
            RoomMessage.objects.create(
                session_id=session_id, seq=seq, participant_id=participant_id, leader=leader, name=name[:40], kind=kind,
                side_chat_id=side_chat_id, text=text, client_id=client_id, held=held, created_at=now,
            )
    except IntegrityError:
        existing = RoomMessage.objects.filter(session_id=session_id, client_id=client_id).values(*FIELDS).first()
        if existing:
            return existing, False
        raise
    return {
        "seq": seq, "name": name[:40], "leader_id": leader.pk if leader is not None else None, "participant_id": participant_id, "kind": kind,
        "side_chat_id": side_chat_id, "text": text, "hidden": False, "held": held, "client_id": client_id, "created_at": now,
    }, True


def crisis(text: str, *, semantic: bool | None = None):
    """The navigator's crisis detector (its public function); None if it fails.
    `semantic=False`: the lexicon alone (what decides whether a room line is held back)."""
    try:
        from losen.navigator.crisis import detect

        return detect(text, semantic=semantic)
    except Exception:  # never let the detector break a room; the log says so (without the text)
        log.exception("crisis detector failed")
        return None


def system_line(session: Session, code: str, **extra) -> None:
    """A fixed line in the room ("X was removed"), published to everyone."""
    m, _ = store(session.pk, code, f"sys-{secrets.token_hex(8)}", kind=RoomMessage.SYSTEM, leader=None) if session.state in Session.OPEN_STATES else (None, False)
    if m is not None:
        m["name"] = extra.get("name", "")
        publish(session.pk, message_event(m) | {"code": code, "label_name": extra.get("name", "")})


def hide(session: Session, leader, seq: int) -> None:
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    if RoomMessage.objects.filter(session=session, seq=seq).update(hidden=True):
        record(leader, "group_message_hidden", organisation=session.series.service.organisation, target=session, seq=seq)
        publish(session.pk, {"type": "hidden", "seq": seq})


def release(session: Session, leader, seq: int) -> dict | None:
    """A leader lets a held message through after reading it (audited)."""
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    m = RoomMessage.objects.filter(session=session, seq=seq, held=True).first()
    if m is None:
        return None
    RoomMessage.objects.filter(pk=m.pk).update(held=False)
    record(leader, "group_message_released", organisation=session.series.service.organisation, target=session, seq=seq)
    row = RoomMessage.objects.filter(pk=m.pk).values(*FIELDS).first()
    publish(session.pk, message_event(row))
    return row


def mute(session: Session, leader, participant_id: int, muted: bool) -> None:
    if not is_leader(session, leader):
        raise NotAllowed("not_leader")
    if Seat.objects.filter(session=session, participant_id=participant_id).update(muted=muted):
        record(leader, "group_participant_muted" if muted else "group_participant_unmuted", organisation=session.series.service.organisation, target=session, participant=participant_id)
        publish(session.pk, {"type": "muted", "participant": participant_id, "muted": muted})


def join_room(session: Session, p: Participant) -> Seat:
    """A participant comes into the online room: attendance is recorded automatically."""
    if p.state != Participant.APPROVED or p.series_id != session.series_id:
        raise NotAllowed("not_approved")
    if p.rules_accepted_at is None:
        raise NotAllowed("rules")
    seat, _ = Seat.objects.get_or_create(session=session, participant=p)
    state = Session.objects.filter(pk=session.pk).values_list("state", flat=True).first()
    if state in Session.OPEN_STATES and not seat.present:
        Seat.objects.filter(pk=seat.pk).update(present=True)
        seat.present = True
    return seat


def open_side_chat(session: Session, p: Participant) -> SideChat:
    """"Jeg trenger å snakke med en leder": one open side chat per participant and session."""
    if p.state != Participant.APPROVED or session.state not in Session.OPEN_STATES:
        raise NotAllowed("closed")
    side = SideChat.objects.filter(session=session, participant=p, closed_at__isnull=True).first()
    if side is None:
        side = SideChat.objects.create(session=session, participant=p)
        publish(session.pk, {"type": "side_open", "side": side.pk, "participant": p.pk, "name": p.first_name}, audience="leaders")
    return side


def history(session_id: int, after: int = 0, *, staff: bool = False, participant_id=None) -> list[dict]:
    """What one reader may see, after `after`: leaders everything; a participant the room's
    visible lines, their own held lines, and their own side chat."""
    qs = RoomMessage.objects.filter(session_id=session_id, seq__gt=after).order_by("seq")
    rows = list(qs.values(*FIELDS, "side_chat__participant_id"))
    out = []
    for m in rows:
        if not staff:
            if m["side_chat_id"] and m["side_chat__participant_id"] != participant_id:
                continue
            if m["held"] and m["participant_id"] != participant_id:
                continue
        out.append(message_event(m, staff=staff))
    return out


# --- evaluations --------------------------------------------------------------------------------


def evaluate(p: Participant, session: Session, answers: list[int]) -> bool:
    """One anonymous evaluation per participant and session, after the session. True if stored."""
    if session.state != Session.ENDED or p.series_id != session.series_id:
        raise NotAllowed("not_ended")
    if len(answers) != 3 or not all(isinstance(a, int) and 1 <= a <= 5 for a in answers):
        raise ValueError("answers")
    try:
        with transaction.atomic():
            Evaluation.objects.create(session=session, voter=_voter(p, f"eval:{session.pk}"), answers=answers)
    except IntegrityError:
        return False
    if session.contact_id:
        from losen.stats.actions import update_contact

        update_contact(session.contact_id, feedback={"evaluations": session.evaluations.count()})
    return True


def evaluate_series(p: Participant, series: Series, text: str) -> bool:
    text = (text or "").strip()[:4000]
    if not text:
        raise ValueError("empty")
    try:
        with transaction.atomic():
            WrittenEvaluation.objects.create(series=series, voter=_voter(p, f"written:{series.pk}"), text=text)
    except IntegrityError:
        return False
    return True


def results(session: Session) -> dict:
    return rules.aggregate([e.answers for e in session.evaluations.all()])


def written_results(series: Series) -> dict:
    texts = list(series.written_evaluations.order_by("?").values_list("text", flat=True))
    if len(texts) < rules.MIN_ANSWERS:
        return {"n": len(texts), "suppressed": True, "texts": []}
    return {"n": len(texts), "suppressed": False, "texts": texts}


SEMANTIC_ONLY = {"similar_to_crisis_texts"}

_PG_POST = """
WITH seat AS (
  SELECT p.first_name FROM groups_seat s JOIN groups_participant p ON p.id = s.participant_id
  WHERE s.session_id = %(sid)s AND s.participant_id = %(pid)s AND p.state = 'approved' AND NOT s.muted
), bump AS (
  UPDATE groups_session SET last_seq = last_seq + 1
  WHERE id = %(sid)s AND state = 'live' AND EXISTS (SELECT 1 FROM seat)
    AND NOT EXISTS (SELECT 1 FROM groups_roommessage WHERE session_id = %(sid)s AND client_id = %(client)s)
  RETURNING last_seq
)
INSERT INTO groups_roommessage (session_id, seq, participant_id, leader_id, name, kind, side_chat_id, text, client_id, hidden, held, created_at)
SELECT %(sid)s, bump.last_seq, %(pid)s, NULL, seat.first_name, 'text', NULL, %(text)s, %(client)s, false, %(held)s, %(now)s FROM bump, seat
ON CONFLICT DO NOTHING
RETURNING seq, name
"""


def _pg_post(session_id, participant_id, text, client_id, held):
    """The room's hot path on PostgreSQL: check the seat, number and store in one statement.
    None when nothing was stored (empty, muted, closed, a resend): the caller takes the full path."""
    text, client_id = (text or "")[:MAX_TEXT], (client_id or "")[:64]
    if not text.strip() or not client_id:
        return None
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(_PG_POST, {"sid": session_id, "pid": participant_id, "client": client_id, "text": text, "held": held, "now": now})
        row = cur.fetchone()
    if row is None:
        return None
    return {"seq": row[0], "name": row[1], "leader_id": None, "participant_id": participant_id, "kind": RoomMessage.TEXT, "side_chat_id": None,
            "text": text, "hidden": False, "held": held, "client_id": client_id, "created_at": now}


def participant_post(session_id: int, participant_id: int, text: str, client_id: str, found=None) -> tuple[dict, bool]:
    """A participant writes in the room. The crisis detector runs on every message. A hit on
    crisis language (intent, plan or means, self-harm, danger now...) holds the message back:
    only leaders see it, they are alerted, and the writer sees the crisis panel. A hit only by
    the detector's similarity layer ("similar_to_crisis_texts", which also fires on short
    everyday lines such as "ok") is shown as usual and flags the line to the leaders.
    `found` is the detector's result if the caller already ran it (off the event loop); the
    room's sockets pass the lexicon's alone and read the line with the similarity layer after
    delivery (screen_later). Without it the full detector runs here (the no-JavaScript form)."""
    if found is None:
        found = crisis(text) if (text or "").strip() else None
    hit = bool(found is not None and found.crisis)
    reasons = set(getattr(found, "reasons", None) or [])
    held = hit and bool(reasons - SEMANTIC_ONLY)
    m = _pg_post(session_id, participant_id, text, client_id, held) if connection.vendor == "postgresql" else None
    if m is not None:
        created = True
    else:  # SQLite, or the one-statement path stored nothing: the full path says why
        m, created = store(session_id, text, client_id, participant_id=participant_id, held=held)
    m["possible"] = hit and not held
    return m, created


def events_for(m: dict) -> list[tuple[dict, object]]:
    """The (event, audience) pairs to publish for a newly stored message."""
    event = message_event(m, staff=True)
    if m["held"]:
        return [({"type": "alert", "seq": m["seq"], "name": m["name"], "message": event}, "leaders"), ({"type": "held", "seq": m["seq"], "client_id": m["client_id"]}, {"participant": m["participant_id"]})]
    if m.get("possible"):
        return [(event, "all"), ({"type": "alert", "seq": m["seq"], "name": m["name"], "possible": True, "message": event}, "leaders")]
    if m["side_chat_id"]:
        owner = SideChat.objects.filter(pk=m["side_chat_id"]).values_list("participant_id", flat=True).first()
        return [(event, {"participant": owner})]
    return [(event, "all")]


def publish_message(session_id: int, m: dict) -> None:
    for event, audience in events_for(m):
        publish(session_id, event, audience)


# --- the similarity layer, after delivery ----------------------------------------------------------
# In a room only the lexicon holds a line back; the detector's similarity layer (an embedding,
# some 30 ms of CPU a line, against about 1 ms for the lexicon) can only flag a line that
# everyone sees anyway. So the socket path runs the lexicon, stores and delivers, and the
# similarity layer then reads the line within a CPU budget and a bounded backlog per room
# (losen/groups/screening.py: the policy, and the leaders' notice when lines are skipped).


def screen_later(layer, session_id: int, m: dict, found) -> None:
    """From a consumer, after the line is delivered: if the lexicon left the line to the
    similarity layer (`found.semantic_pending`), queue it for that layer (off the event loop);
    if it fires, the leaders get the "possible" alert."""
    if getattr(found, "semantic_pending", False) and not m["held"] and not m["side_chat_id"]:
        alert = {"type": "alert", "seq": m["seq"], "name": m["name"], "possible": True, "message": message_event(m, staff=True)}
        screening.screener.submit(layer, room_group(session_id), m["text"], alert)
