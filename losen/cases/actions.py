"""The only writers of cases (and the audited readers). Views stay thin.

Privacy: every read of a case goes through `read()` (audited, pseudonymous ids only); notices
say nothing about the service or the content (`notify`); personal data is deleted after the
service's retention period (`purge_expired`, a scheduler job) or at once on the person's request.
"""

import hashlib
import hmac
import json
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from losen.accounts import roles
from losen.accounts.models import Membership
from losen.audit.models import record
from losen.cases import live, matching, notify, pickup
from losen.cases.models import (
    Assignment,
    Case,
    CaseService,
    Concern,
    ContactPerson,
    Inquiry,
    Meeting,
    Message,
    Note,
    Offer,
    SurveyAnswer,
)
from losen.stats.actions import record_contact, update_contact
from losen.volunteers import declarations, profiles
from losen.volunteers.models import LANGUAGE_CHOICES, REGION_CHOICES, LivedExperienceTag, Volunteer

LEADERS = (roles.COORDINATOR, roles.SERVICE_ADMIN)
DECLARATION_KINDS = ["confidentiality", "ethics"]
SUPPRESS_BELOW = 5  # survey answers are reported only from five upwards


class CaseError(ValueError):
    """A rule was broken; the message id is in bokmål for the caller to translate."""


# --- access and audited reads ----------------------------------------------------------------


def is_leader(user, organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role__in=LEADERS).exists()


def assigned(user, case) -> bool:
    return Assignment.objects.filter(case=case, volunteer__user=user, ended_at__isnull=True).exists()


def can_see(user, case) -> bool:
    """The daily leader and coordinators of the service's organisation, and the volunteers
    assigned now. Nobody else."""
    return bool(user and user.is_authenticated) and (is_leader(user, case.organisation) or assigned(user, case))


def read(case, actor, purpose: str):
    record(actor, "case_read", organisation=case.organisation, target=case, purpose=purpose)
    return case


# --- intake ----------------------------------------------------------------------------------


def intake(case_service: CaseService, data: dict, *, source: str = "form", by=None, now=None) -> tuple[Case, str]:
    """Create a case from what the person stated (and consented to). Returns (case, pickup code
    shown once)."""
    now = now or timezone.now()
    if not data.get("consent"):
        raise CaseError(gettext_noop("Samtykke mangler."))
    code, digest = pickup.new()
    details = {
        "forms": list(data.get("forms") or []),
        "times": list(data.get("times") or []),
        "language": data.get("language") or "nb",
        "gender": data.get("gender") or "",
        "lived_experience": list(data.get("lived_experience") or []),
        "need": (data.get("need") or "")[:600],
        "excluded": [],
    }
    wants_meeting = "meet" in details["forms"]
    with transaction.atomic():
        contact = record_contact(organisation=case_service.organisation, channel="case", received_at=now, service=case_service.service)
        case = Case.objects.create(
            case_service=case_service,
            organisation=case_service.organisation,
            source=source,
            first_name=(data.get("first_name") or "")[:60],
            reach=json.dumps(
                {"email": (data.get("email") or "") if case_service.notify_email_enabled else "", "phone": (data.get("phone") or "") if case_service.notify_sms_enabled else ""}
            ),
            details=json.dumps(details, ensure_ascii=False),
            region=(data.get("region") or "") if wants_meeting else "",
            consent_version=case_service.consent_version,
            consent_at=now,
            pickup_hash=digest,
            notify_email=case_service.notify_email_enabled and bool(data.get("email")) and bool(data.get("notify")),
            notify_sms=case_service.notify_sms_enabled and bool(data.get("phone")) and bool(data.get("notify")),
            created_at=now,
            contact_id=contact.pk,
            demo=bool(data.get("demo")),
        )
        record(by, "case_created", organisation=case.organisation, target=case, source=source)
    return case, code


def by_code(code: str) -> Case | None:
    code = pickup.normalise(code)
    if len(code) != pickup.LENGTH:
        return None
    return Case.objects.filter(pickup_hash=pickup.digest(code), personal_data_deleted_at__isnull=True).select_related("case_service__service").first()


def new_code(case, by) -> str:
    code, digest = pickup.new()
    Case.objects.filter(pk=case.pk).update(pickup_hash=digest)
    record(by, "case_new_pickup_code", organisation=case.organisation, target=case)
    return code


# --- intake from a chat or a written message (losen.core.conversions) --------------------------

OFFER_SOURCES = ("chat", "message")
OFFER_HOURS = 24  # an offer the person has not answered in a day is gone


def case_service_for(service_slug, organisation) -> CaseService | None:
    """The follow-up of the same directory service, else the organisation's first open one."""
    rows = CaseService.objects.filter(service__organisation=organisation, enabled=True).select_related("service", "service__organisation")
    return next((cs for cs in rows if cs.service.slug == service_slug), None) or rows.order_by("pk").first()


def open_offer(source, ref, now=None) -> Offer | None:
    """The latest offer for this conversation, unless it has expired."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(source=source, ref=ref, offered_at__gt=now - timedelta(hours=OFFER_HOURS))
        .select_related("case_service__service")
        .order_by("-pk")
        .first()
    )


def offer_case(source, ref, service_slug, organisation, by, now=None) -> Offer | None:
    """The responder offers a fixed contact person. One open offer per conversation."""
    now = now or timezone.now()
    if source not in OFFER_SOURCES:
        return None
    cs = case_service_for(service_slug, organisation)
    if cs is None:
        return None
    existing = open_offer(source, ref, now)
    if existing is not None and existing.state == Offer.OFFERED:
        return existing
    offer = Offer.objects.create(case_service=cs, source=source, ref=ref, nonce=secrets.token_hex(16), offered_by=by, offered_at=now)
    record(by, "case_offered", organisation=organisation, source=source)
    return offer


def _offer_key() -> bytes:
    from django.conf import settings

    return hashlib.sha256(b"losen.cases.offer:" + settings.SECRET_KEY.encode()).digest()


def offer_token(offer) -> str:
    return hmac.new(_offer_key(), offer.nonce.encode(), hashlib.sha256).hexdigest()


def offer_by_token(pk, token, now=None) -> Offer | None:
    """The open offer the person answers, or None (wrong token, answered or expired)."""
    now = now or timezone.now()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    offer = Offer.objects.filter(pk=pk, state=Offer.OFFERED, offered_at__gt=now - timedelta(hours=OFFER_HOURS)).select_related("case_service__service", "case_service__service__organisation").first()
    if offer is None or not hmac.compare_digest(offer_token(offer), str(token or "")):
        return None
    return offer


def decline_offer(offer) -> None:
    Offer.objects.filter(pk=offer.pk, state=Offer.OFFERED).update(state=Offer.DECLINED)


def accept_offer(offer, data: dict, now=None) -> tuple[Case, str]:
    """The person consented in their own view: a case in the service's intake queue with only
    what matching needs. Nothing links the case to the conversation it came from."""
    now = now or timezone.now()
    with transaction.atomic():
        taken = Offer.objects.filter(pk=offer.pk, state=Offer.OFFERED).update(state=Offer.ACCEPTED)
        if not taken:
            raise CaseError(gettext_noop("Tilbudet er allerede besvart."))
        return intake(offer.case_service, data, source=offer.source, now=now)


def purge_offers(now=None) -> int:
    """Offers are deleted a day after they were made, answered or not."""
    now = now or timezone.now()
    return Offer.objects.filter(offered_at__lte=now - timedelta(hours=OFFER_HOURS)).delete()[0]


def set_exclusions(case, volunteer_ids, by) -> None:
    """A stated conflict (same local community, known to each other) excludes these volunteers."""
    details = case.stated
    details["excluded"] = sorted({int(i) for i in volunteer_ids})
    case.details = json.dumps(details, ensure_ascii=False)
    case.save(update_fields=["details"])
    record(by, "case_exclusions_set", organisation=case.organisation, target=case, count=len(details["excluded"]))


# --- matching --------------------------------------------------------------------------------


def open_counts(organisation) -> dict[int, int]:
    rows = (
        Assignment.objects.filter(case__organisation=organisation, ended_at__isnull=True, case__status__in=[Case.MATCHED, Case.ACTIVE])
        .values("volunteer_id")
        .annotate(n=Count("id"))
    )
    return {r["volunteer_id"]: r["n"] for r in rows}


def candidates(case_service: CaseService, actor, purpose="case matching", lived=True) -> list[matching.Candidate]:
    org = case_service.organisation
    people = profiles.for_organisation(org, actor=actor, purpose=purpose, lived_experience=lived)
    settings = {cp.volunteer_id: cp for cp in ContactPerson.objects.filter(volunteer__organisation=org)}
    counts = open_counts(org)
    regions = dict(REGION_CHOICES)
    out = []
    for p in people:
        cp = settings.get(p.volunteer_id)
        out.append(
            matching.Candidate(
                volunteer_id=p.volunteer_id,
                name=p.name,
                languages=p.languages,
                forms=tuple(cp.forms) if cp else (),
                times=tuple(cp.times) if cp else (),
                gender=p.gender,
                region=p.region,
                region_label=str(regions.get(p.region, p.region)),
                lived_experience=p.lived_experience or (),
                open_cases=counts.get(p.volunteer_id, 0),
                max_cases=cp.max_cases if cp else case_service.max_cases_default,
                active=cp is not None or "case" in p.channels,
            )
        )
    return out


def need_of(case) -> matching.Need:
    s = case.stated
    languages = {k: str(v).lower() for k, v in LANGUAGE_CHOICES}
    tags = dict(LivedExperienceTag.objects.filter(organisation=case.organisation).values_list("slug", "label"))
    excluded = frozenset(s.get("excluded") or ()) | frozenset(
        Assignment.objects.filter(case=case, ended_at__isnull=False).values_list("volunteer_id", flat=True)
    )
    return matching.Need(
        forms=tuple(s.get("forms") or ()),
        times=tuple(s.get("times") or ()),
        region=case.region,
        language=s.get("language") or "nb",
        language_label=languages.get(s.get("language") or "nb", ""),
        gender=s.get("gender") or "",
        lived_experience=tuple(s.get("lived_experience") or ()),
        lived_labels={k: v.lower() for k, v in tags.items()},
        excluded=excluded,
    )


def suggest(case, actor, limit=5) -> list[matching.Suggestion]:
    current = set(Assignment.objects.filter(case=case, ended_at__isnull=True).values_list("volunteer_id", flat=True))
    pool = [c for c in candidates(case.case_service, actor) if c.volunteer_id not in current]
    return matching.rank(pool, need_of(case), limit=limit)


def _contact_person(case, volunteer_id, actor) -> Volunteer:
    volunteer = Volunteer.objects.filter(pk=volunteer_id, organisation=case.organisation).select_related("user").first()
    if volunteer is None:
        raise CaseError(gettext_noop("Ukjent frivillig."))
    ok = {s.volunteer_id for s in suggest(case, actor, limit=0)}
    if volunteer.pk not in ok:
        raise CaseError(gettext_noop("Denne frivillige kan ikke få saken nå (full, utelukket eller ikke aktiv)."))
    return volunteer


def approve(case, volunteer_id, actor, now=None) -> Assignment:
    """The daily leader approves a suggestion. Sends the declaration and guidelines to sign
    unless they are signed already."""
    now = now or timezone.now()
    if case.status != Case.WAITING:
        raise CaseError(gettext_noop("Saken venter ikke på match."))
    volunteer = _contact_person(case, volunteer_id, actor)
    with transaction.atomic():
        a = Assignment.objects.create(case=case, volunteer=volunteer, approved_by=actor, started_at=now)
        case.status, case.matched_at = Case.MATCHED, now
        case.save(update_fields=["status", "matched_at"])
        declarations.require_signed(volunteer.user, case.organisation, DECLARATION_KINDS, requested_by="cases")
        record(actor, "case_match_approved", organisation=case.organisation, target=case, volunteer=volunteer.pk)
    return a


def may_start(user, case) -> bool:
    return declarations.is_signed(user, case.organisation, DECLARATION_KINDS)


def agree_framework(case, *, forms, frequency, times, review_on, actor, now=None) -> Case:
    now = now or timezone.now()
    if case.status not in (Case.MATCHED, Case.ACTIVE):
        raise CaseError(gettext_noop("Saken er ikke klar for en avtale."))
    if not is_leader(actor, case.organisation) and not may_start(actor, case):
        raise CaseError(gettext_noop("Signer taushetserklæringen og de etiske retningslinjene først."))
    case.forms, case.frequency, case.times, case.review_on = list(forms), frequency, list(times), review_on
    if case.status == Case.MATCHED:
        case.status, case.started_at = Case.ACTIVE, now
    case.save(update_fields=["forms", "frequency", "times", "review_on", "status", "started_at"])
    record(actor, "case_framework_agreed", organisation=case.organisation, target=case)
    return case


# --- the case channel --------------------------------------------------------------------------


def post(case, body: str, *, from_seeker: bool, author=None, now=None) -> Message:
    now = now or timezone.now()
    if case.status == Case.CLOSED:
        raise CaseError(gettext_noop("Saken er avsluttet."))
    body = (body or "").strip()
    if not body:
        raise CaseError(gettext_noop("Skriv en melding."))
    msg = Message.objects.create(case=case, from_seeker=from_seeker, author=author, body=body[:4000], sent_at=now)
    Case.objects.filter(pk=case.pk).update(last_contact_at=now)
    transaction.on_commit(lambda: live.publish(case.pk, live.message_event(msg)))
    transaction.on_commit(lambda: _notify_other_side(case, from_seeker))
    return msg


def _notify_other_side(case, from_seeker):
    if from_seeker:
        for a in Assignment.objects.filter(case=case, ended_at__isnull=True).select_related("volunteer__user"):
            notify.new_message(email=a.volunteer.user.email)
        return
    reach = seeker_reach(case)
    cs = case.case_service
    notify.new_message(
        email=reach["email"] if case.notify_email and cs.notify_email_enabled else "",
        phone=reach["phone"] if case.notify_sms and cs.notify_sms_enabled else "",
    )


def seeker_reach(case) -> dict:
    try:
        value = json.loads(case.reach or "{}")
    except ValueError:
        value = {}
    return {"email": value.get("email", ""), "phone": value.get("phone", "")}


def mark_read(case, *, by_seeker: bool, now=None) -> int:
    """Read receipts: the reader's side marks the other side's messages read; the writer sees
    "Lest" at once if they are online."""
    now = now or timezone.now()
    n = Message.objects.filter(case=case, from_seeker=not by_seeker, read_at__isnull=True).update(read_at=now)
    if n:
        transaction.on_commit(lambda: live.publish(case.pk, live.read_event(by_seeker, now)))
    return n


# --- meetings, notes, concerns -----------------------------------------------------------------


def book_meeting(case, *, form, starts_at, place="", kind="individual", actor) -> Meeting:
    url = ""
    if form == "video":
        base = case.case_service.jitsi_base_url
        if not base:
            raise CaseError(gettext_noop("Tjenesten har ingen egen Jitsi-server satt opp."))
        url = base.rstrip("/") + "/losen-" + secrets.token_urlsafe(18).replace("_", "").replace("-", "")
    m = Meeting.objects.create(case=case, form=form, kind=kind, starts_at=starts_at, place=place[:200], video_url=url, booked_by=actor)
    record(actor, "case_meeting_booked", organisation=case.organisation, target=case, form=form)
    return m


def add_note(case, *, author, on, form, minutes=None, concern=False, text="", evaluation="", now=None) -> Note:
    note = Note.objects.create(case=case, author=author, on=on, form=form, minutes=minutes, concern=concern, text=text[:300], evaluation=evaluation[:300])
    Case.objects.filter(pk=case.pk).update(last_contact_at=now or timezone.now())
    if concern:
        raise_concern(case, Concern.WORRY, author)
    return note


def raise_concern(case, kind, actor, *, risk=None, note="", now=None) -> Concern:
    """Goes to the daily leader at once: shown first on the desk, and an e-mail with no content."""
    c = Concern.objects.create(case=case, kind=kind, raised_by=actor, raised_at=now or timezone.now(), risk=risk or {}, note=note[:300])
    record(actor, "case_concern_raised", organisation=case.organisation, target=case, kind=kind)
    emails = list(
        Membership.objects.filter(organisation=case.organisation, role__in=LEADERS).exclude(user__email="").values_list("user__email", flat=True).distinct()
    )
    if emails and kind != Concern.DEPENDENCY and case.case_service.concern_email:
        transaction.on_commit(lambda: notify.concern(emails))
    return c


def resolve_concern(concern, actor, now=None) -> None:
    concern.resolved_at, concern.resolved_by = now or timezone.now(), actor
    concern.save(update_fields=["resolved_at", "resolved_by"])
    record(actor, "case_concern_resolved", organisation=concern.case.organisation, target=concern.case)


def add_volunteer(case, volunteer_id, actor, now=None) -> Assignment:
    volunteer = _contact_person(case, volunteer_id, actor)
    a = Assignment.objects.create(case=case, volunteer=volunteer, role=Assignment.SECOND, approved_by=actor, started_at=now or timezone.now())
    declarations.require_signed(volunteer.user, case.organisation, DECLARATION_KINDS, requested_by="cases")
    record(actor, "case_volunteer_added", organisation=case.organisation, target=case, volunteer=volunteer.pk)
    return a


def move(case, volunteer_id, actor, handover_note="", now=None) -> Assignment:
    """Move the case to another contact person, with a handover note."""
    now = now or timezone.now()
    volunteer = _contact_person(case, volunteer_id, actor)
    with transaction.atomic():
        Assignment.objects.filter(case=case, role=Assignment.PRIMARY, ended_at__isnull=True).update(ended_at=now)
        a = Assignment.objects.create(case=case, volunteer=volunteer, approved_by=actor, started_at=now, handover_note=handover_note[:600])
        declarations.require_signed(volunteer.user, case.organisation, DECLARATION_KINDS, requested_by="cases")
        record(actor, "case_moved", organisation=case.organisation, target=case, volunteer=volunteer.pk)
    return a


# --- closure, evaluation, deletion, export -----------------------------------------------------


def close(case, reason, actor=None, now=None) -> Case:
    now = now or timezone.now()
    if case.status == Case.CLOSED:
        return case
    case.status, case.closed_at, case.close_reason = Case.CLOSED, now, reason
    case.save(update_fields=["status", "closed_at", "close_reason"])
    Assignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    if case.contact_id:
        handle = int((now - case.created_at).total_seconds())
        update_contact(case.contact_id, outcome="answered", handle_seconds=max(handle, 0))
    record(actor, "case_closed", organisation=case.organisation, target=case, reason=reason, actor_name="" if actor else "help seeker")
    return case


EVALUATION_ANSWERS = {"helped": {"yes", "partly", "no"}, "again": {"yes", "no", "unsure"}}


def evaluate(case, answers: dict) -> bool:
    """The help seeker's optional anonymous evaluation: fixed answers on the anonymous contact
    record, nothing on the case."""
    clean = {k: v for k, v in answers.items() if k in EVALUATION_ANSWERS and v in EVALUATION_ANSWERS[k]}
    if not clean or not case.contact_id:
        return False
    update_contact(case.contact_id, feedback=clean)
    return True


def export(case) -> dict:
    """Everything the case holds about the person, for their own download."""
    s = case.stated
    return {
        "ref": case.ref,
        "status": case.status,
        "created_at": case.created_at.isoformat(),
        "first_name": case.first_name,
        "reach": seeker_reach(case),
        "region": case.region,
        "stated": {k: v for k, v in s.items() if k != "excluded"},
        "consent_version": case.consent_version,
        "framework": {"forms": case.forms, "frequency": case.frequency, "times": case.times, "review_on": case.review_on.isoformat() if case.review_on else None},
        "messages": [{"from": "me" if m.from_seeker else "contact person", "sent_at": m.sent_at.isoformat(), "read_at": m.read_at.isoformat() if m.read_at else None, "text": m.body} for m in case.messages.all()],
        "meetings": [{"form": m.form, "starts_at": m.starts_at.isoformat(), "place": m.place, "video_url": m.video_url} for m in case.meetings.all()],
    }


def purge(case, now=None) -> None:
    """Delete the personal data; the anonymous contact record stays for statistics."""
    now = now or timezone.now()
    with transaction.atomic():
        Message.objects.filter(case=case).delete()
        Meeting.objects.filter(case=case).delete()
        Note.objects.filter(case=case).delete()
        Concern.objects.filter(case=case).update(note="", risk={})
        Assignment.objects.filter(case=case).update(handover_note="")
        Case.objects.filter(pk=case.pk).update(
            first_name="", reach="", details="", region="", pickup_hash="", forms=[], times=[], personal_data_deleted_at=now
        )
    record(None, "case_personal_data_deleted", organisation=case.organisation, target=case, actor_name="retention")


def request_deletion(case, now=None) -> None:
    """From the help seeker's side: the case closes and the personal data goes at once."""
    now = now or timezone.now()
    Case.objects.filter(pk=case.pk).update(deletion_requested_at=now)
    close(case, "deletion", None, now)
    purge(case, now)


def purge_expired(now=None) -> int:
    """Scheduler job: delete personal data of cases closed longer ago than the service keeps it
    (and offers that were answered or have expired)."""
    now = now or timezone.now()
    purge_offers(now)
    done = 0
    for case in Case.objects.filter(status=Case.CLOSED, personal_data_deleted_at__isnull=True).select_related("case_service"):
        if case.closed_at and case.closed_at + timedelta(days=case.case_service.retention_days) <= now:
            purge(case, now)
            done += 1
    return done


def weekly_counts(case, now, weeks=matching.DEPENDENCY_WEEKS + 1) -> list[int]:
    """The help seeker's messages plus logged contacts per week, oldest first."""
    counts = []
    for w in range(weeks, 0, -1):
        start, end = now - timedelta(weeks=w), now - timedelta(weeks=w - 1)
        n = Message.objects.filter(case=case, from_seeker=True, sent_at__gte=start, sent_at__lt=end).count()
        n += Note.objects.filter(case=case, on__gte=start.date(), on__lt=end.date()).count()
        counts.append(n)
    return counts


def dependency_scan(now=None) -> int:
    """Scheduler job: the dependency signal (contact far above the agreed frequency for several
    weeks) becomes an open concern on the daily leader's desk."""
    now = now or timezone.now()
    raised = 0
    for case in Case.objects.filter(status=Case.ACTIVE).exclude(frequency=""):
        if Concern.objects.filter(case=case, kind=Concern.DEPENDENCY, resolved_at__isnull=True).exists():
            continue
        if matching.dependency(weekly_counts(case, now), case.frequency):
            raise_concern(case, Concern.DEPENDENCY, None, now=now)
            raised += 1
    return raised


# --- professional inquiries and the annual survey ----------------------------------------------


def log_inquiry(case_service, *, institution, topic, advice, by, now=None) -> Inquiry:
    now = now or timezone.now()
    contact = record_contact(organisation=case_service.organisation, channel="inquiry", received_at=now, service=case_service.service, outcome="answered")
    inq = Inquiry.objects.create(case_service=case_service, institution=institution, topic=topic[:200], advice=advice[:1000], at=now, by=by, contact_id=contact.pk)
    record(by, "case_inquiry_logged", organisation=case_service.organisation, institution=institution)
    return inq


SURVEY_ANSWERS = {"helped": {"1", "2", "3", "4", "5"}, "recommend": {"yes", "no", "unsure"}}


def answer_survey(case_service, year, answers) -> SurveyAnswer | None:
    clean = {k: v for k, v in answers.items() if k in SURVEY_ANSWERS and v in SURVEY_ANSWERS[k]}
    if not clean:
        return None
    return SurveyAnswer.objects.create(case_service=case_service, year=year, answers=clean)


def survey_report(case_service, year) -> dict:
    """Aggregates only; every count below five is suppressed (None), and with fewer than five
    answers in all nothing is shown."""
    rows = list(SurveyAnswer.objects.filter(case_service=case_service, year=year).values_list("answers", flat=True))
    total = len(rows)
    if total < SUPPRESS_BELOW:
        return {"total": None, "suppressed": True, "questions": {}}
    out = {}
    for q, options in SURVEY_ANSWERS.items():
        counts = {o: sum(1 for r in rows if r.get(q) == o) for o in sorted(options)}
        out[q] = {o: (n if n >= SUPPRESS_BELOW else None) for o, n in counts.items()}
    return {"total": total, "suppressed": False, "questions": out}


def offered_survey(case_service, year) -> int:
    """How many cases had the survey offered (everyone with a case that year)."""
    return Case.objects.filter(case_service=case_service).filter(Q(created_at__year=year) | Q(closed_at__year=year) | Q(status__in=[Case.ACTIVE, Case.MATCHED])).count()
