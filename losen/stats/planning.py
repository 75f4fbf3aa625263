"""The "Kapasitet" page's figures: per hour of the week, the arrival estimate from the last N
weeks (offered plus tried while closed), the service's handle time and patience, the expected
share answered with the responders on the rota, and the responders needed for the target."""

from dataclasses import dataclass
from datetime import date, timedelta

from losen.stats import capacity, queries, rota_link
from losen.stats.models import CapacityTarget

DEFAULT_HANDLE_MINUTES = 20.0  # used only when the service has no answered contact with a handle time
DEFAULT_PATIENCE_MINUTES = 5.0  # used only when nobody abandoned in the period


@dataclass
class Hour:
    weekday: int
    hour: int
    arrivals_per_hour: float
    offered_per_hour: float
    latent_per_hour: float
    responders: int | None
    answered_share: float | None
    p_abandon: float | None
    needed: int
    open: bool


def planned(service, channel) -> tuple[CapacityTarget, dict]:
    target = CapacityTarget.objects.filter(service=service, channel=channel).first() or CapacityTarget(service=service, channel=channel)
    plan = {}
    for key, n in (target.planned_responders or {}).items():
        d, h = key.split("-")
        plan[(int(d), int(h))] = int(n)
    return target, plan


def estimate(service, channel: str, today: date, weeks: int = 8) -> dict:
    end = today - timedelta(days=today.weekday())  # last whole weeks, ending on Monday
    start = end - timedelta(weeks=weeks)
    data = queries.hour_of_week(queries.Scope(start, end, service_ids=(service.id,), channel=channel))
    abandoned = sum(data["abandoned"].values())
    waited = sum(data["waited"].values())
    patience = capacity.patience_minutes(abandoned, waited)
    handle = data["handle_seconds_mean"] / 60 if data["handle_seconds_mean"] else None
    return {
        "start": start, "end": end, "weeks": weeks,
        "rows": capacity.hourly_arrivals(data["offered"], data["tried"], weeks),
        "open_hours": {k for k, n in data["offered"].items() if n},
        "handle_minutes": handle, "patience_minutes": patience,
        "handle_known": handle is not None, "patience_known": patience is not None,
        "offered": sum(data["offered"].values()), "abandoned": abandoned, "tried": sum(data["tried"].values()),
    }


def week_plan(service, channel: str, today: date, weeks: int = 8, extra_open: set | None = None) -> dict:
    est = estimate(service, channel, today, weeks)
    target, plan = planned(service, channel)
    week_start = today - timedelta(days=today.weekday())
    rota = rota_link.responders(service, channel, week_start)
    handle = est["handle_minutes"] or DEFAULT_HANDLE_MINUTES
    patience = est["patience_minutes"] or DEFAULT_PATIENCE_MINUTES
    extra_open = extra_open or set()
    hours = []
    for row in est["rows"]:
        key = (row.weekday, row.hour)
        is_open = key in est["open_hours"] or key in rota or key in plan or key in extra_open
        lam = row.arrivals_per_hour / 60
        responders = rota.get(key, plan.get(key))
        answered = p_abandon = None
        if responders is not None and is_open:
            result = capacity.erlang_a(lam, handle, patience, responders)
            answered, p_abandon = result.answered_share, result.p_abandon
        needed = capacity.responders_needed(lam, handle, patience, target_answered=target.target_answered) if is_open or key in extra_open else 0
        hours.append(Hour(row.weekday, row.hour, row.arrivals_per_hour, row.offered_per_hour, row.latent_per_hour, responders, answered, p_abandon, needed, is_open))
    what_if = None
    if extra_open:
        added = [h for h in hours if (h.weekday, h.hour) in extra_open and (h.weekday, h.hour) not in est["open_hours"]]
        reach = sum(h.arrivals_per_hour for h in added)
        answered = 0.0
        for h in added:
            if h.arrivals_per_hour:
                answered += h.arrivals_per_hour * capacity.erlang_a(h.arrivals_per_hour / 60, handle, patience, h.needed).answered_share
        what_if = {"hours": len(added), "contacts_per_week": reach, "answered_per_week": answered,
                   "responder_hours_per_week": sum(h.needed for h in added)}
    return {"estimate": est, "target": target, "hours": hours, "handle_minutes": handle, "patience_minutes": patience,
            "rota_known": bool(rota), "what_if": what_if}
