"""Aggregation in SQL: counts by group with conditional aggregates, exact percentiles
(`percentile_disc` on PostgreSQL, a grouped histogram elsewhere), hour × weekday, weekly trend,
wait histograms, who drops out, topics. Results feed `losen.stats.indicators`."""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncWeek
from django.utils import timezone

from losen.stats import indicators
from losen.stats.models import LIVE_CHANNELS, WAITED, Contact, TriedWhileClosed

O = Contact.Outcome
CONTACT = Q(channel__in=indicators.CONTACT_CHANNELS)
ANSWERED = Q(outcome__in=[O.ANSWERED, O.ABANDONED_ANSWERED])
ENDED = Q(outcome__in=[O.ANSWERED, O.ABANDONED_ANSWERED, O.ABANDONED_QUEUE, O.CLOSED])

COUNTS = {
    "offered": Count("id", filter=CONTACT & ENDED),
    "answered": Count("id", filter=CONTACT & ANSWERED),
    "abandoned_in_queue": Count("id", filter=CONTACT & Q(outcome=O.ABANDONED_QUEUE)),
    "not_served_closed": Count("id", filter=CONTACT & Q(outcome=O.CLOSED)),
    "abandoned_after_answer": Count("id", filter=CONTACT & Q(outcome=O.ABANDONED_ANSWERED)),
    "handle_seconds_sum": Coalesce(Sum("handle_seconds", filter=CONTACT & ANSWERED), 0),
    "handle_n": Count("handle_seconds", filter=CONTACT & ANSWERED),
    "first_contact_yes": Count("id", filter=CONTACT & ENDED & Q(first_contact=True)),
    "first_contact_known": Count("first_contact", filter=CONTACT & ENDED),
    "deadline_met_n": Count("id", filter=Q(channel="message", deadline_met=True)),
    "deadline_known": Count("deadline_met", filter=Q(channel="message")),
    "group_sessions": Count("id", filter=Q(channel="group")),
    "group_attendance": Coalesce(Sum("count", filter=Q(channel="group")), 0),
    "cases_active": Count("id", filter=Q(channel="case", outcome=O.OPEN)),
    "cases_closed": Count("id", filter=Q(channel="case") & ~Q(outcome=O.OPEN)),
    "inquiries": Count("id", filter=Q(channel="inquiry") & ENDED),
}
PERCENTILES = {
    "wait_seconds_p50": ("answered", 0.5),
    "wait_seconds_p90": ("answered", 0.9),
    "abandon_wait_seconds_p50": ("abandoned", 0.5),
    "abandon_wait_seconds_p90": ("abandoned", 0.9),
}
WAIT_FILTERS = {"answered": CONTACT & ANSWERED, "abandoned": CONTACT & Q(outcome=O.ABANDONED_QUEUE)}
# Waits are compared for the live channels (chat, phone) only; a message's "wait" is its time to
# answer (hours): for messages the indicator is "deadline met".
LIVE = Q(channel__in=LIVE_CHANNELS)
GROUPS = {"service": "service_id", "channel": "channel", "organisation": "organisation_id", None: None}


@dataclass
class Scope:
    """What to count: a period [start, end) of local dates, optionally one organisation,
    services, channel. `demo` None counts both real and demo records."""

    start: date
    end: date  # exclusive
    organisation_id: int | None = None
    service_ids: tuple | None = None
    channel: str | None = None

    def bounds(self):
        tz = timezone.get_current_timezone()
        return datetime.combine(self.start, time.min, tz), datetime.combine(self.end, time.min, tz)

    def contacts(self):
        lo, hi = self.bounds()
        qs = Contact.objects.filter(received_hour__gte=lo, received_hour__lt=hi)
        return self._narrow(qs)

    def tried(self):
        lo, hi = self.bounds()
        return self._narrow(TriedWhileClosed.objects.filter(hour__gte=lo, hour__lt=hi))

    def _narrow(self, qs):
        if self.organisation_id is not None:
            qs = qs.filter(organisation_id=self.organisation_id)
        if self.service_ids is not None:
            qs = qs.filter(service_id__in=self.service_ids)
        if self.channel:
            qs = qs.filter(channel=self.channel)
        return qs.order_by()


def counts(scope: Scope, by=None) -> dict:
    """{group key (or None): raw counts incl. percentiles} for the scope, grouped by
    "service", "channel", "organisation" or nothing: the counts in one query, the percentiles
    from a grouped histogram of waits in another. (PostgreSQL: see `all_counts`.)"""
    field = GROUPS[by]
    qs = scope.contacts()
    aggregates = dict(COUNTS)
    filters = {k: v & LIVE for k, v in WAIT_FILTERS.items()}
    if field:
        rows = {r.pop(field): r for r in qs.values(field).annotate(**aggregates)}
    else:
        rows = {None: qs.aggregate(**aggregates)}
    _percentiles_from_histograms(qs, field, rows, filters)
    tried = scope.tried()
    if field in ("service_id", "channel", "organisation_id"):
        for r in tried.values(field).annotate(n=Sum("count")):
            rows.setdefault(r[field], {k: 0 for k in COUNTS})["tried_while_closed"] = r["n"]
    elif field is None:
        rows[None]["tried_while_closed"] = tried.aggregate(n=Coalesce(Sum("count"), 0))["n"]
    for r in rows.values():
        r.setdefault("tried_while_closed", 0)
        for key in PERCENTILES:
            r.setdefault(key, None)
    return rows


def _percentiles_from_histograms(qs, field, rows, filters):
    for which, condition in filters.items():
        group = [field] if field else []
        hist = defaultdict(list)
        for r in qs.filter(condition, wait_seconds__isnull=False).values(*group, "wait_seconds").annotate(n=Count("id")):
            hist[r[field] if field else None].append((r["wait_seconds"], r["n"]))
        for key, (w, p) in PERCENTILES.items():
            if w != which:
                continue
            for group_key, row in rows.items():
                row[key] = indicators.percentile(hist.get(group_key, []), p)


def heatmap(scope: Scope) -> list[list[int]]:
    """Offered contacts by ISO weekday (rows 0=Monday) × local hour (columns 0..23)."""
    grid = [[0] * 24 for _ in range(7)]
    tz = timezone.get_current_timezone()
    qs = scope.contacts().filter(CONTACT & ENDED)
    for r in qs.annotate(d=ExtractIsoWeekDay("received_hour", tzinfo=tz), h=ExtractHour("received_hour", tzinfo=tz)).values("d", "h").annotate(n=Count("id")):
        grid[r["d"] - 1][r["h"]] = r["n"]
    return grid


def weekly(scope: Scope) -> list[dict]:
    tz = timezone.get_current_timezone()
    qs = scope.contacts().filter(CONTACT & ENDED)
    rows = qs.annotate(week=TruncWeek("received_hour", tzinfo=tz)).values("week").annotate(
        offered=Count("id"), answered=Count("id", filter=ANSWERED)
    ).order_by("week")
    return [{"week": timezone.localtime(r["week"]).date() if isinstance(r["week"], datetime) else r["week"], "offered": r["offered"], "answered": r["answered"]} for r in rows]


def wait_minutes(scope: Scope) -> dict:
    """{"answered": {minute: n}, "abandoned": {minute: n}, "closed": {minute: n}}: whole minutes waited."""
    out = {"answered": {}, "abandoned": {}, "closed": {}}
    qs = scope.contacts().filter(CONTACT & ENDED, wait_seconds__isnull=False)
    which = {O.ANSWERED: "answered", O.ABANDONED_ANSWERED: "answered", O.ABANDONED_QUEUE: "abandoned", O.CLOSED: "closed"}
    for r in qs.annotate(minute=F("wait_seconds") / 60).values("outcome", "minute").annotate(n=Count("id")):
        bucket = out[which[r["outcome"]]]
        bucket[int(r["minute"])] = bucket.get(int(r["minute"]), 0) + r["n"]
    return out


BAND_FIELDS = {"age_band": "age", "gender": "gender", "first_contact": "first_contact"}


def who_drops_out(scope: Scope) -> dict:
    """{dimension: {band ("" = not given): {"answered", "abandoned_in_queue", "not_served_closed"}}}."""
    if connection.vendor == "postgresql":  # one pass for the three dimensions
        where, params = _where(scope)
        table = Contact._meta.db_table
        out = {field: defaultdict(lambda: {k: 0 for k in indicators.PARTITION}) for field in BAND_FIELDS}
        with pg_cursor() as cur:
            cur.execute(
                f"SELECT GROUPING(age_band), GROUPING(gender), age_band, gender, first_contact, count(*) FILTER (WHERE {_ANS}), "
                f"count(*) FILTER (WHERE outcome = 'abandoned_queue'), count(*) FILTER (WHERE outcome = 'closed') FROM {table} "
                f"WHERE {where} AND {_C} AND {_ENDED} GROUP BY GROUPING SETS ((age_band), (gender), (first_contact))",
                params,
            )
            for g_age, g_gender, age, gender, first, answered, abandoned, closed in cur.fetchall():
                if not g_age:
                    field, band = "age_band", age or ""
                elif not g_gender:
                    field, band = "gender", gender or ""
                else:
                    field, band = "first_contact", "" if first is None else ("yes" if first else "no")
                row = out[field][band]
                row["answered"] += answered
                row["abandoned_in_queue"] += abandoned
                row["not_served_closed"] += closed
        return {field: dict(table) for field, table in out.items()}
    out = {}
    qs = scope.contacts().filter(CONTACT & ENDED)
    for field in BAND_FIELDS:
        table = defaultdict(lambda: {k: 0 for k in indicators.PARTITION})
        for r in qs.values(field).annotate(
            answered=Count("id", filter=ANSWERED),
            abandoned_in_queue=Count("id", filter=Q(outcome=O.ABANDONED_QUEUE)),
            not_served_closed=Count("id", filter=Q(outcome=O.CLOSED)),
        ):
            band = r[field]
            band = "" if band is None else ("yes" if band is True else "no" if band is False else band)
            for k in indicators.PARTITION:
                table[band][k] += r[k]
        out[field] = dict(table)
    return out


def topics(scope: Scope, totals=None) -> dict:
    """Counts of topic codes, referral targets and transfer targets among ended contacts.
    JSON lists are counted in Python over the (short) list column only."""
    out = {"topics": defaultdict(int), "referrals": defaultdict(int), "transferred_to": defaultdict(int)}
    if connection.vendor == "postgresql":  # unnest the JSON lists in SQL
        where, params = _where(scope)
        table = Contact._meta.db_table
        lists = " UNION ALL ".join(f"SELECT '{name}' AS k, jsonb_array_elements_text({name}) AS v" for name in out)
        with pg_cursor() as cur:
            cur.execute(
                f"SELECT x.k, x.v, count(*) FROM {table}, LATERAL ({lists}) AS x WHERE {where} AND {_ENDED} "
                f"AND (topics <> '[]'::jsonb OR referrals <> '[]'::jsonb OR transferred_to <> '[]'::jsonb) GROUP BY 1, 2",
                params,
            )
            for name, value, n in cur.fetchall():
                out[name][value] = n
    else:
        qs = scope.contacts().filter(ENDED).exclude(topics=[], referrals=[], transferred_to=[])
        for row in qs.values_list("topics", "referrals", "transferred_to").iterator(chunk_size=5000):
            for name, values in zip(("topics", "referrals", "transferred_to"), row):
                for v in values or []:
                    out[name][v] += 1
    if totals is None:
        totals = scope.contacts().filter(ENDED).aggregate(transfers=Coalesce(Sum("transfers"), 0), escalations=Coalesce(Sum("escalations"), 0))
    return {**{k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}, **totals}


def breakdowns(scope: Scope) -> dict:
    """The dashboard's tables over ended contacts: {"heatmap", "weekly", "wait_minutes", "who"}
    as `heatmap`, `weekly`, `wait_minutes` and `who_drops_out` return them, and "totals" for
    `topics` (transfers and escalations; None: let `topics` count them). On PostgreSQL in one
    pass (GROUPING SETS, one hash table per table); elsewhere one query each."""
    if connection.vendor != "postgresql":
        return {"heatmap": heatmap(scope), "weekly": weekly(scope), "wait_minutes": wait_minutes(scope), "who": who_drops_out(scope), "totals": None}
    where, params = _where(scope)
    table = Contact._meta.db_table
    tz = timezone.get_current_timezone_name()
    # Grouped by the stored hour first (hours repeat, so that hash table stays small), and only
    # the hours are turned into local weekday, hour and week: no time-zone arithmetic per record.
    sql = (
        f"WITH x AS (SELECT GROUPING(received_hour) AS g_hour, GROUPING(outcome, minute) AS g_wait, GROUPING(age_band) AS g_age, "
        f"GROUPING(gender) AS g_gender, GROUPING(first_contact) AS g_first, received_hour, outcome, minute, age_band, gender, first_contact, "
        f"count(*) FILTER (WHERE contact) AS n, count(*) FILTER (WHERE contact AND {_ANS}) AS answered, "
        f"count(*) FILTER (WHERE contact AND outcome = 'abandoned_queue') AS abandoned, count(*) FILTER (WHERE contact AND outcome = 'closed') AS closed, "
        f"coalesce(sum(transfers), 0) AS transfers, coalesce(sum(escalations), 0) AS escalations "
        f"FROM (SELECT {_C} AS contact, received_hour, outcome, wait_seconds / 60 AS minute, age_band, gender, first_contact, transfers, escalations "
        f"FROM {table} WHERE {where} AND {_ENDED}) AS r "
        f"GROUP BY GROUPING SETS ((received_hour), (outcome, minute), (age_band), (gender), (first_contact), ())), "
        f"hours AS (SELECT date_part('isodow', received_hour AT TIME ZONE %s)::int AS d, date_part('hour', received_hour AT TIME ZONE %s)::int AS h, "
        f"date_trunc('week', received_hour AT TIME ZONE %s) AS wk, n, answered FROM x WHERE g_hour = 0) "
        f"SELECT 'heatmap', d, h, NULL::timestamp, NULL::text, NULL::int, NULL::text, NULL::text, NULL::boolean, sum(n)::bigint, sum(answered)::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint "
        f"FROM hours GROUP BY d, h "
        f"UNION ALL SELECT 'weekly', NULL, NULL, wk, NULL, NULL, NULL, NULL, NULL, sum(n)::bigint, sum(answered)::bigint, 0, 0, 0, 0 FROM hours GROUP BY wk "
        f"UNION ALL SELECT CASE WHEN g_wait = 0 THEN 'wait' WHEN g_age = 0 THEN 'age_band' WHEN g_gender = 0 THEN 'gender' "
        f"WHEN g_first = 0 THEN 'first_contact' ELSE 'totals' END, NULL, NULL, NULL, outcome, minute, age_band, gender, first_contact, "
        f"n, answered, abandoned, closed, transfers, escalations FROM x WHERE g_hour = 1"
    )
    grid = [[0] * 24 for _ in range(7)]
    weeks = []
    waits = {"answered": {}, "abandoned": {}, "closed": {}}
    which = {O.ANSWERED: "answered", O.ABANDONED_ANSWERED: "answered", O.ABANDONED_QUEUE: "abandoned", O.CLOSED: "closed"}
    who = {field: defaultdict(lambda: {k: 0 for k in indicators.PARTITION}) for field in BAND_FIELDS}
    totals = None
    with pg_cursor() as cur:
        cur.execute(sql, [*params, tz, tz, tz])
        for kind, d, h, wk, outcome, minute, age, gender, first, n, answered, abandoned, closed, transfers, escalations in cur.fetchall():
            if kind == "totals":
                totals = {"transfers": transfers, "escalations": escalations}
            elif not n:  # only rows of other channels (groups, cases)
                continue
            elif kind == "heatmap":
                grid[d - 1][h] = n
            elif kind == "weekly":
                weeks.append({"week": wk.date(), "offered": n, "answered": answered})
            elif kind == "wait":
                if minute is not None:
                    bucket = waits[which[outcome]]
                    bucket[minute] = bucket.get(minute, 0) + n
            else:
                band = {"age_band": age or "", "gender": gender or "", "first_contact": "" if first is None else ("yes" if first else "no")}[kind]
                row = who[kind][band]
                row["answered"] += answered
                row["abandoned_in_queue"] += abandoned
                row["not_served_closed"] += closed
    weeks.sort(key=lambda r: r["week"])
    return {"heatmap": grid, "weekly": weeks, "wait_minutes": waits, "who": {field: dict(t) for field, t in who.items()}, "totals": totals}


def is_demo(scope: Scope) -> bool:
    return scope.contacts().filter(demo=True).exists() or scope.tried().filter(demo=True).exists()


def weeks_back(today: date, weeks: int) -> tuple[date, date]:
    return today - timedelta(weeks=weeks), today


def hour_of_week(scope: Scope) -> dict:
    """For capacity estimates: per (weekday 0=Monday, local hour) the offered contacts, the
    abandoned in queue, total seconds waited by all offered, and tried while closed; plus the
    mean handle seconds of the answered over the whole scope."""
    tz = timezone.get_current_timezone()
    qs = scope.contacts().filter(CONTACT & ENDED)
    offered, abandoned, waited = {}, {}, {}
    for r in qs.annotate(d=ExtractIsoWeekDay("received_hour", tzinfo=tz), h=ExtractHour("received_hour", tzinfo=tz)).values("d", "h").annotate(
        n=Count("id"), a=Count("id", filter=Q(outcome=O.ABANDONED_QUEUE)), w=Coalesce(Sum("wait_seconds"), 0)
    ):
        key = (r["d"] - 1, r["h"])
        offered[key], abandoned[key], waited[key] = r["n"], r["a"], r["w"]
    tried = {}
    for r in scope.tried().annotate(d=ExtractIsoWeekDay("hour", tzinfo=tz), h=ExtractHour("hour", tzinfo=tz)).values("d", "h").annotate(n=Sum("count")):
        tried[(r["d"] - 1, r["h"])] = r["n"]
    handle = qs.filter(ANSWERED, handle_seconds__isnull=False).aggregate(s=Coalesce(Sum("handle_seconds"), 0), n=Count("id"))
    return {"offered": offered, "abandoned": abandoned, "waited": waited, "tried": tried,
            "handle_seconds_mean": (handle["s"] / handle["n"]) if handle["n"] else None}


# --- PostgreSQL: the totals and both breakdowns in one pass --------------------------------------

def _sql_in(values):
    return "(" + ", ".join("'%s'" % v for v in values) + ")"  # constants from this module only


_C = "channel IN " + _sql_in(indicators.CONTACT_CHANNELS)
_ENDED = "outcome IN " + _sql_in([O.ANSWERED, O.ABANDONED_ANSWERED, O.ABANDONED_QUEUE, O.CLOSED])
_ANS = "outcome IN " + _sql_in([O.ANSWERED, O.ABANDONED_ANSWERED])
# First pass (parallel hash aggregate, like a plain GROUP BY): one row per combination of the
# columns the indicators look at. Second pass: the indicators over that small table, for the
# total, each channel and each service at once (GROUPING SETS).
PRE = (
    "SELECT service_id, channel, outcome, first_contact, deadline_met, count(*) AS n, "
    "coalesce(sum(handle_seconds), 0) AS handle_sum, count(handle_seconds) AS handle_n, coalesce(sum(count), 0) AS attendance "
    "FROM {table} WHERE {where} GROUP BY 1, 2, 3, 4, 5"
)
SQL_COUNTS = {
    "offered": f"coalesce(sum(n) FILTER (WHERE {_C} AND {_ENDED}), 0)",
    "answered": f"coalesce(sum(n) FILTER (WHERE {_C} AND {_ANS}), 0)",
    "abandoned_in_queue": f"coalesce(sum(n) FILTER (WHERE {_C} AND outcome = 'abandoned_queue'), 0)",
    "not_served_closed": f"coalesce(sum(n) FILTER (WHERE {_C} AND outcome = 'closed'), 0)",
    "abandoned_after_answer": f"coalesce(sum(n) FILTER (WHERE {_C} AND outcome = 'abandoned_answered'), 0)",
    "handle_seconds_sum": f"coalesce(sum(handle_sum) FILTER (WHERE {_C} AND {_ANS}), 0)",
    "handle_n": f"coalesce(sum(handle_n) FILTER (WHERE {_C} AND {_ANS}), 0)",
    "first_contact_yes": f"coalesce(sum(n) FILTER (WHERE {_C} AND {_ENDED} AND first_contact), 0)",
    "first_contact_known": f"coalesce(sum(n) FILTER (WHERE {_C} AND {_ENDED} AND first_contact IS NOT NULL), 0)",
    "deadline_met_n": "coalesce(sum(n) FILTER (WHERE channel = 'message' AND deadline_met), 0)",
    "deadline_known": "coalesce(sum(n) FILTER (WHERE channel = 'message' AND deadline_met IS NOT NULL), 0)",
    "group_sessions": "coalesce(sum(n) FILTER (WHERE channel = 'group'), 0)",
    "group_attendance": "coalesce(sum(attendance) FILTER (WHERE channel = 'group'), 0)",
    "cases_active": "coalesce(sum(n) FILTER (WHERE channel = 'case' AND outcome = 'open'), 0)",
    "cases_closed": "coalesce(sum(n) FILTER (WHERE channel = 'case' AND outcome <> 'open'), 0)",
    "inquiries": f"coalesce(sum(n) FILTER (WHERE channel = 'inquiry' AND {_ENDED}), 0)",
}
# Exact nearest-rank percentiles (percentile_disc, the same definition as indicators.percentile)
# of the waits of live contacts, per service and in total, with each live channel's taken as
# FILTERed aggregates of the total row (the live channels are a fixed few): one grouping,
# by service, so the covering index stats_contact_live_wait hands the rows over already in
# (service, wait) order and nothing is sorted but the percentile_disc inputs, which arrive
# sorted. (Two other ways measured slower on the bench: GROUPING SETS by channel and by
# service, which sorts every row twice; and a histogram of distinct waits with running sums in
# window functions, since waits in seconds hardly repeat within a service and the hash table
# of (service, channel, wait) is a third as long as the rows.)
_GAVE_UP = "outcome = 'abandoned_queue'"
_PCT = "percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY wait_seconds) FILTER (WHERE {})"
_PCT_COLUMNS = [(None, _PCT.format(f"NOT {_GAVE_UP}"), _PCT.format(_GAVE_UP))] + [
    (c, _PCT.format(f"channel = '{c}' AND NOT {_GAVE_UP}"), _PCT.format(f"channel = '{c}' AND {_GAVE_UP}")) for c in LIVE_CHANNELS]
PERCENTILE_SQL = (
    "SELECT GROUPING(service_id), service_id, " + ", ".join(f"{a}, {b}" for _c, a, b in _PCT_COLUMNS)
    + " FROM {table} WHERE {where} AND channel IN " + _sql_in(LIVE_CHANNELS) + " AND outcome IN " + _sql_in(WAITED)
    + " AND wait_seconds IS NOT NULL GROUP BY GROUPING SETS ((service_id), ())"
)
assert {p for _w, p in PERCENTILES.values()} == {0.5, 0.9}  # the ARRAY above
assert set(SQL_COUNTS) == set(COUNTS)


@contextmanager
def pg_cursor():
    """A cursor for the aggregate queries on PostgreSQL, in a transaction with planner settings
    for them: sorts and hash tables stay in memory (work_mem), and pages are costed as cached
    (random_page_cost 1.1, the usual figure for SSD or RAM rather than the spinning-disk default
    4). An organisation's records are spread thinly over the whole period; with the default the
    planner reads every record of the period through the hour index and throws most away,
    instead of fetching only the organisation's through the (organisation, hour) index, which is
    several times faster. bench/stats.py runs its baseline queries with the same settings."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT set_config('work_mem', '64MB', true), set_config('random_page_cost', '1.1', true)")  # SET LOCAL
        yield cur


def _where(scope: Scope, table_hour="received_hour"):
    lo, hi = scope.bounds()
    parts, params = [f"{table_hour} >= %s", f"{table_hour} < %s"], [lo, hi]
    if scope.organisation_id is not None:
        parts.append("organisation_id = %s")
        params.append(scope.organisation_id)
    if scope.service_ids is not None:
        parts.append("service_id = ANY(%s)")
        params.append(list(scope.service_ids))
    if scope.channel:
        parts.append("channel = %s")
        params.append(scope.channel)
    return " AND ".join(parts), params


def all_counts(scope: Scope) -> dict:
    """{"total": counts, "channel": {channel: counts}, "service": {service_id: counts}}: the
    same numbers as `counts(scope)`, `counts(scope, "channel")`, `counts(scope, "service")`.
    On PostgreSQL two passes with GROUPING SETS; elsewhere three grouped queries."""
    if connection.vendor != "postgresql":
        return {"total": counts(scope)[None], "channel": counts(scope, by="channel"), "service": counts(scope, by="service")}
    where, params = _where(scope)
    table = Contact._meta.db_table
    select = ", ".join(f"{sql} AS {key}" for key, sql in SQL_COUNTS.items())
    out = {"total": None, "channel": {}, "service": {}}
    with pg_cursor() as cur:
        cur.execute(
            f"SELECT GROUPING(channel) AS gc, GROUPING(service_id) AS gs, channel, service_id, {select} "
            f"FROM ({PRE.format(table=table, where=where)}) AS pre GROUP BY GROUPING SETS ((), (channel), (service_id))",
            params,
        )
        names = [c[0] for c in cur.description]
        for row in cur.fetchall():
            r = {k: int(v) if isinstance(v, Decimal) else v for k, v in zip(names, row)}  # sum() of integers is numeric
            gc, gs, channel, service_id = r.pop("gc"), r.pop("gs"), r.pop("channel"), r.pop("service_id")
            for key in PERCENTILES:
                r[key] = None
            if gc and gs:
                out["total"] = r
            elif not gc:
                out["channel"][channel] = r
            else:
                out["service"][service_id] = r
        cur.execute(PERCENTILE_SQL.format(table=table, where=where), params)
        for gs, service_id, *found in cur.fetchall():
            for i, (channel, _a, _b) in enumerate(_PCT_COLUMNS):
                if not gs:  # a service's row: only its own percentiles (channel None)
                    target = out["service"].get(service_id) if channel is None else None
                else:
                    target = out["total"] if channel is None else out["channel"].get(channel)
                if target is None:
                    continue
                for prefix, values in (("wait_seconds", found[2 * i]), ("abandon_wait_seconds", found[2 * i + 1])):
                    target[f"{prefix}_p50"], target[f"{prefix}_p90"] = values or (None, None)
        where, params = _where(scope, table_hour="hour")
        cur.execute(f"SELECT GROUPING(service_id), channel, service_id, sum(count) FROM {TriedWhileClosed._meta.db_table} "
                    f"WHERE {where} GROUP BY GROUPING SETS ((channel), (service_id))", params)
        tried = cur.fetchall()
    if out["total"] is None:
        out["total"] = {**{k: 0 for k in SQL_COUNTS}, **{k: None for k in PERCENTILES}}
    tried_total = 0
    for by_channel, channel, service_id, n in tried:
        key, group = ("channel", channel) if by_channel else ("service", service_id)
        row = out[key].setdefault(group, {**{k: 0 for k in SQL_COUNTS}, **{k: None for k in PERCENTILES}})
        row["tried_while_closed"] = int(n)
        if by_channel:
            tried_total += int(n)
    out["total"]["tried_while_closed"] = tried_total
    for group in (out["channel"], out["service"]):
        for r in group.values():
            r.setdefault("tried_while_closed", 0)
    return out
