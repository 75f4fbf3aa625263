"""Demo statistics: a year of synthetic contacts for the demo organisations' services, from a
seeded random process (the same every time), all flagged `demo=True`. Every page that shows
them says "demodata – ikke virkelige tall". Idempotent: nothing is added when demo contacts
exist already.

The process, per service and channel: in each open hour, arrivals are Poisson with a rate that
follows the time of day and weekday; each contact has an exponential patience (shorter for the
youngest, so the drop-out table has something to show) and a wait that grows with the hour's
load; it is answered if the wait comes before the patience runs out. Closed evening hours get
"tried while closed" counts. Hjelpekilden also gets inquiries from professionals, peer cases and
group sessions.
"""

import math
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from losen.directory.models import Service
from losen.stats.models import CapacityTarget, Contact, TriedWhileClosed

SEED = 20261203
DAYS = 365

# service slug: [(channel, peak arrivals per hour, opens, closes)]; closes 24 = midnight
PLAN = {
    "kirkens-sos": [("phone", 5.0, 0, 24), ("chat", 4.0, 18, 23), ("message", 0.6, 0, 24)],
    "girku-sos": [("message", 0.2, 0, 24)],
    "kors-pa-halsen": [("chat", 2.5, 14, 22), ("phone", 1.5, 14, 22)],
    "snakkommobbing": [("chat", 0.8, 15, 20)],
    "snakkompsyken": [("chat", 1.2, 15, 21)],
    "hjelpekilden": [("chat", 0.15, 10, 16), ("phone", 0.2, 10, 16)],
}
AGE = ["under-13", "13-15", "16-18", "19-25", "26-35", "36-50", "51-66", "67+"]
AGE_WEIGHTS = [2, 10, 18, 22, 18, 14, 10, 6]
GENDER = ["girl_woman", "boy_man", "other", "prefer_not"]
GENDER_WEIGHTS = [62, 30, 5, 3]
TOPICS = ["mental-health", "loneliness", "relationships", "violence", "bullying", "suicidal-thoughts", "family", "school"]
REFERRALS = ["hjelpetelefonen", "alarmtelefonen", "vo-linjen", "sidetmedord", "ungdomstelefonen"]


def _shape(hour: int, weekday: int) -> float:
    """Relative demand by hour: low at night, rising through the evening; weekends a bit higher."""
    evening = math.exp(-((hour - 21) % 24 - 0) ** 2 / 18) if hour >= 12 else 0.0
    day = 0.5 + 0.5 * math.sin(math.pi * max(0, hour - 6) / 18) if 6 <= hour <= 23 else 0.25
    return (0.6 * day + 0.6 * evening) * (1.15 if weekday >= 5 else 1.0)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _contact(rng, service, channel, hour, load, asks):
    age = rng.choices(AGE, AGE_WEIGHTS)[0] if asks and rng.random() < 0.6 else ""
    gender = rng.choices(GENDER, GENDER_WEIGHTS)[0] if asks and rng.random() < 0.55 else ""
    first = (rng.random() < 0.45) if asks and rng.random() < 0.5 else None
    if channel == "message":
        wait = int(rng.expovariate(1 / (3600 * 20)))
        deadline = wait <= 3 * 24 * 3600
        return Contact(organisation_id=service.organisation_id, service=service, channel=channel, received_hour=hour,
                       outcome=Contact.Outcome.ANSWERED, wait_seconds=wait, handle_seconds=int(rng.uniform(300, 1500)),
                       first_contact=first, age_band=age, gender=gender, deadline_met=deadline, answer_picked_up=rng.random() < 0.8,
                       topics=rng.sample(TOPICS, 1), demo=True)
    patience = rng.expovariate(1 / (180 if age in ("under-13", "13-15") else 420))
    wait = rng.expovariate(1 / (30 + 400 * load))
    if wait > patience:
        outcome, wait_s, handle = Contact.Outcome.ABANDONED_QUEUE, int(patience), None
    else:
        outcome, wait_s = Contact.Outcome.ANSWERED, int(wait)
        handle = int(rng.lognormvariate(math.log(1100 if channel == "chat" else 700), 0.5))
        if channel == "chat" and rng.random() < 0.06:
            outcome = Contact.Outcome.ABANDONED_ANSWERED
    answered = outcome != Contact.Outcome.ABANDONED_QUEUE
    return Contact(
        organisation_id=service.organisation_id, service=service, channel=channel, received_hour=hour, outcome=outcome,
        wait_seconds=wait_s, handle_seconds=handle, first_contact=first, age_band=age, gender=gender,
        topics=rng.sample(TOPICS, rng.choice([1, 1, 2])) if answered else [],
        referrals=[rng.choice(REFERRALS)] if answered and rng.random() < 0.12 else [],
        transfers=1 if answered and rng.random() < 0.03 else 0,
        escalations=1 if answered and rng.random() < 0.01 else 0,
        risk=Contact.Risk.POSSIBLE if answered and rng.random() < 0.05 else Contact.Risk.NONE,
        demo=True,
    )


@transaction.atomic
def load(today=None):
    services = {s.slug: s for s in Service.objects.filter(slug__in=PLAN)}
    if not services or Contact.objects.filter(demo=True, service__in=services.values()).exists():
        return 0
    rng = random.Random(SEED)
    tz = timezone.get_current_timezone()
    today = today or timezone.localdate()
    first_day = today - timedelta(days=DAYS)
    rows, tried = [], []
    for slug in sorted(services):
        service = services[slug]
        for channel, peak, opens, closes in PLAN[slug]:
            for offset in range(DAYS):
                day = first_day + timedelta(days=offset)
                season = 1.0 + 0.15 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
                for h in range(24):
                    hour = datetime.combine(day, time(h), tz)
                    rate = peak * _shape(h, day.weekday()) * season
                    if opens <= h < closes:
                        n = _poisson(rng, rate)
                        load = min(1.5, rate / max(peak, 0.01))
                        rows.extend(_contact(rng, service, channel, hour, load, channel in ("chat", "message")) for _ in range(n))
                    elif channel == "chat" and (closes <= h or h < 2):
                        n = _poisson(rng, 0.3 * rate)
                        if n:
                            tried.append(TriedWhileClosed(service=service, organisation_id=service.organisation_id, channel=channel, hour=hour, count=n, demo=True))
        if slug == "hjelpekilden":
            rows.extend(_hjelpekilden(rng, service, first_day, tz))
    Contact.objects.bulk_create(rows, batch_size=5000)
    TriedWhileClosed.objects.bulk_create(tried, batch_size=5000)
    if "kirkens-sos" in services:
        plan = {f"{d}-{h}": (3 if 18 <= h < 20 else 4) for d in range(7) for h in range(18, 23)}
        CapacityTarget.objects.get_or_create(service=services["kirkens-sos"], channel="chat", defaults={"target_answered": 0.9, "planned_responders": plan})
    return len(rows)


def _hjelpekilden(rng, service, first_day, tz):
    """Inquiries from professionals, peer cases and monthly group sessions."""
    out = []
    for offset in range(DAYS):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        hour = datetime.combine(day, time(rng.randint(9, 15)), tz)
        if rng.random() < 0.35:
            out.append(Contact(organisation_id=service.organisation_id, service=service, channel="inquiry", received_hour=hour,
                               outcome=Contact.Outcome.ANSWERED, wait_seconds=int(rng.expovariate(1 / 7200)),
                               handle_seconds=int(rng.uniform(900, 3600)), topics=["religious-break"], demo=True))
        if rng.random() < 0.12:
            still_open = offset > DAYS - 90 and rng.random() < 0.7
            out.append(Contact(organisation_id=service.organisation_id, service=service, channel="case", received_hour=hour,
                               outcome=Contact.Outcome.OPEN if still_open else Contact.Outcome.ANSWERED, demo=True))
        if day.day <= 7 and day.weekday() == 2:
            out.append(Contact(organisation_id=service.organisation_id, service=service, channel="group",
                               received_hour=datetime.combine(day, time(18), tz), outcome=Contact.Outcome.ANSWERED,
                               count=rng.randint(4, 11), demo=True))
    return out
