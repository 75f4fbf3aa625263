"""Statistics pages: the public yearly table, the organisation dashboard, the national view,
the annual report, the phone import and the "Kapasitet" page. Thin: the figures come from
`report`, `queries` and `planning`; suppression is applied there."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from losen.accounts import roles
from losen.accounts.models import Organisation
from losen.core.access import public, staff
from losen.stats import actions, charts, indicators, planning, present, queries, report
from losen.stats.models import CallImport, Contact

Service = Contact._meta.get_field("service").related_model

DASHBOARD_ROLES = (roles.STATISTICS_READER, roles.SERVICE_ADMIN, roles.COORDINATOR)
CAPACITY_ROLES = (roles.SERVICE_ADMIN, roles.COORDINATOR, roles.STATISTICS_READER)
IMPORT_ROLES = (roles.SERVICE_ADMIN,)
MAX_DAYS = 3 * 366


def _fmt(request):
    fmt = request.GET.get("format")
    return fmt if fmt in ("csv", "json") else None


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Fra og med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Til og med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    service = forms.ChoiceField(label=gettext_lazy("Tjeneste"), required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), required=False)

    def __init__(self, data, services, today):
        super().__init__(data)
        self.today = today
        self.fields["service"].choices = [("", _("Alle tjenester"))] + [(s.slug, s.name()) for s in services]
        self.fields["channel"].choices = [("", _("Alle kanaler"))] + [(c, present.channel_label(c)) for c in Contact.Channel.values]

    def clean(self):
        data = super().clean()
        start = data.get("start") or date(self.today.year, 1, 1)
        end = data.get("end") or self.today
        if end < start:
            self.add_error("end", _("Til-datoen er før fra-datoen."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("start", _("Velg en periode på høyst tre år."))
        data["start"], data["end"] = start, end
        return data


def _period(request, services):
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, services, today)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, d["start"], d["end"], d.get("service") or "", d.get("channel") or ""
    if form.is_bound:
        return form, date(today.year, 1, 1), today, "", ""
    return form, date(today.year, 1, 1), today, "", ""


def _dashboard(scope: queries.Scope, names: dict) -> dict:
    """Everything the dashboard shows, suppressed, with the charts' data tables."""
    data = report.summary(scope, service_names=names)
    published = data["indicators"]
    tables = queries.breakdowns(scope)
    grid = tables["heatmap"]
    heat = report.protected_matrix(grid, *report.linked_margins(published, [None] * 24))
    week_rows = tables["weekly"]
    weeks_matrix = [[r["answered"], r["offered"] - r["answered"]] for r in week_rows]
    weeks_protected = report.protected_matrix(weeks_matrix, *report.linked_margins(published, ["answered", None])) if weeks_matrix else {"rows": []}
    waits = tables["wait_minutes"]
    max_minute = 30
    wait_rows = []
    wait_matrix = []
    for m in range(max_minute + 1):
        a = waits["answered"].get(m, 0) if m < max_minute else sum(n for k, n in waits["answered"].items() if k >= max_minute)
        b = waits["abandoned"].get(m, 0) if m < max_minute else sum(n for k, n in waits["abandoned"].items() if k >= max_minute)
        wait_matrix.append([a, b])
    wait_protected = report.protected_matrix(wait_matrix)
    for m, row in enumerate(wait_protected["rows"]):
        wait_rows.append({"minute": m, "open_ended": m == max_minute, "answered": row[0], "abandoned": row[1]})
    offered_with_wait = sum(sum(h.values()) for h in waits.values())
    curve = indicators.dropout_curve(waits, offered_with_wait, max_minutes=max_minute)
    curve_hidden = offered_with_wait < indicators.SMALL * 4
    return {
        **data,
        "heatmap": heat,
        "weeks": [{"week": r["week"], "answered": p[0], "unanswered": p[1]} for r, p in zip(week_rows, weeks_protected["rows"])],
        "waits": wait_rows,
        "curve": [] if curve_hidden else curve,
        "who": report.who_drops_out(tables["who"], published),
        "topics": _topics(scope, tables["totals"]),
    }


def _topics(scope, totals):
    found = queries.topics(scope, totals)
    out = {}
    for name in ("topics", "referrals", "transferred_to"):
        states = indicators.protect_counts(found[name])
        out[name] = [{"code": k, "value": v if states[k] == indicators.SHOWN else None, "state": states[k]} for k, v in found[name].items()]
    out["transfers"], out["escalations"] = found["transfers"], found["escalations"]
    for key in ("transfers", "escalations"):
        if indicators.is_small(out[key]):
            out[key] = None
    return out


def _charts(d: dict) -> dict:
    heat_values = [[c["value"] for c in row] for row in d["heatmap"]["rows"]]
    out = {"heatmap": charts.heatmap(_("Henvendelser etter ukedag og time"), heat_values, present.weekdays())}
    if d["weeks"]:
        labels = [str(w["week"]) for w in d["weeks"]]
        out["trend"] = charts.trend(_("Henvendelser per uke"), labels, {
            _("Besvart"): [w["answered"]["value"] for w in d["weeks"]],
            _("Ikke besvart"): [w["unanswered"]["value"] for w in d["weeks"]],
        })
    labels = [str(w["minute"]) + ("+" if w["open_ended"] else "") for w in d["waits"]]
    out["waits"] = charts.bars(_("Ventetid i hele minutter"), labels, {
        _("Besvart"): [w["answered"]["value"] for w in d["waits"]],
        _("Ga opp i kø"): [w["abandoned"]["value"] for w in d["waits"]],
    })
    if d["curve"]:
        out["curve"] = charts.lines_percent(_("Andel som fortsatt venter, og som har gitt opp"), [str(r["minutes"]) for r in d["curve"]], {
            _("Venter fortsatt"): [r["still_waiting"] for r in d["curve"]],
            _("Har gitt opp"): [r["gave_up"] for r in d["curve"]],
        })
    return out


def _export_data(scope, d, extra):
    out = {"scope": {"from": scope.start.isoformat(), "to": (scope.end - timedelta(days=1)).isoformat(), **extra},
           "indicators": d["indicators"], "by_channel": d.get("by_channel", {}), "by_service": d.get("by_service", {})}
    tables = {}
    tables["heatmap"] = [
        {"group": day, **{f"{h:02d}": c["value"] for h, c in enumerate(row)}, "state": {f"{h:02d}": c["state"] for h, c in enumerate(row)}}
        for day, row in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), d["heatmap"]["rows"])
    ]
    tables["weeks"] = [{"group": str(w["week"]), "answered": w["answered"]["value"], "unanswered": w["unanswered"]["value"],
                        "state": {"answered": w["answered"]["state"], "unanswered": w["unanswered"]["state"]}} for w in d["weeks"]]
    tables["wait_minutes"] = [{"group": w["minute"], "answered": w["answered"]["value"], "abandoned": w["abandoned"]["value"],
                               "state": {"answered": w["answered"]["state"], "abandoned": w["abandoned"]["state"]}} for w in d["waits"]]
    tables["dropout_curve"] = [{"group": r["minutes"], "still_waiting": r["still_waiting"], "gave_up": r["gave_up"]} for r in d["curve"]]
    for field, rows in d["who"].items():
        tables[f"who_{field}"] = [
            {"group": r["band"] or "not_given", **{k: r[k]["value"] for k in ("offered", *indicators.PARTITION)},
             "answer_rate": r["answer_rate"], "abandon_rate": r["abandon_rate"],
             "state": {k: r[k]["state"] for k in ("offered", *indicators.PARTITION)}}
            for r in rows
        ]
    out["tables"] = tables
    out["suppressed_cells_note"] = "null with suppressed true: 1-4 or hidden so that it cannot be worked out from totals"
    return out


def _names(services):
    return {s.id: s.slug for s in services}


@staff(*DASHBOARD_ROLES, org_kwarg="org")
def dashboard(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    services = list(Service.objects.filter(organisation=organisation))
    form, start, end, service_slug, channel = _period(request, services)
    service_ids = tuple(s.id for s in services if s.slug == service_slug) if service_slug else None
    scope = queries.Scope(start, end + timedelta(days=1), organisation_id=organisation.id, service_ids=service_ids, channel=channel or None)
    d = _dashboard(scope, _names(services))
    fmt = _fmt(request)
    if fmt:
        return present.export(_export_data(scope, d, {"organisation": org, "service": service_slug or None, "channel": channel or None, "demo": queries.is_demo(scope)}), fmt, f"statistikk-{org}-{start}-{end}")
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "organisation": organisation, "form": form, "start": start, "end": end, "d": d, "charts": _charts(d),
        "rows": present.indicator_rows(d["indicators"]), "by_channel": _group_rows(d["by_channel"], present.channel_label),
        "by_service": _group_rows(d["by_service"], lambda slug: next((s.name() for s in services if s.slug == slug), slug)),
        "heat": _heat_rows(d["heatmap"]), "who": _who_rows(d["who"]), "definitions": _table_definitions(),
        "demo": queries.is_demo(scope), "query": query.urlencode(), "year": start.year,
        "can_import": request.staff.has_any({roles.SERVICE_ADMIN}, org_slug=org),
        "waits": [{"label": f"{w['minute']}+" if w["open_ended"] else str(w["minute"]), "answered": present.cell_text(w["answered"]), "abandoned": present.cell_text(w["abandoned"])} for w in d["waits"]],
        "weeks": [{"week": w["week"], "answered": present.cell_text(w["answered"]), "unanswered": present.cell_text(w["unanswered"])} for w in d["weeks"]],
        "curve": [{"minutes": r["minutes"], "still": present.percent(r["still_waiting"]), "gave_up": present.percent(r["gave_up"])} for r in d["curve"]],
        "topics": _topic_rows(d["topics"]), "topic_lists": _topic_lists(d["topics"]),
    }
    return render(request, "stats/dashboard.html", context)


COLUMNS = ("offered", "answered", "answer_rate", "abandoned_in_queue", "not_served_closed", "wait_seconds_p50", "wait_seconds_p90", "abandon_wait_seconds_p50", "tried_while_closed")


def _group_rows(groups: dict, label) -> dict:
    header = [_(indicators.BY_KEY[k].label) for k in COLUMNS]
    rows = [{"name": label(name), "cells": [present.text(values, k) for k in COLUMNS]} for name, values in groups.items()]
    return {"header": header, "rows": rows}


def _heat_rows(heat):
    days = present.weekdays()
    rows = []
    top = max([c["value"] or 0 for row in heat["rows"] for c in row] + [1])
    for day, row, total in zip(days, heat["rows"], heat["row_totals"]):
        rows.append({"day": day, "cells": [{"text": present.cell_text(c), "level": 0 if not c["value"] else min(4, 1 + int(4 * c["value"] / (top + 1)))} for c in row], "total": present.cell_text(total)})
    return {"rows": rows, "totals": [present.cell_text(c) for c in heat["col_totals"]], "total": present.cell_text(heat["total"]), "hours": [f"{h:02d}" for h in range(24)]}


def _band_label(field, band):
    if band == "":
        return _("Ikke oppgitt")
    if field == "first_contact":
        return _("Første gang") if band == "yes" else _("Har kontaktet før")
    return {
        "under-13": _("Under 13 år"), "13-15": _("13–15 år"), "16-18": _("16–18 år"), "19-25": _("19–25 år"), "26-35": _("26–35 år"),
        "36-50": _("36–50 år"), "51-66": _("51–66 år"), "67+": _("67 år eller eldre"), "girl_woman": _("Jente / kvinne"),
        "boy_man": _("Gutt / mann"), "other": _("Annet"), "prefer_not": _("Vil ikke si"),
    }.get(band, band)


def _who_rows(who):
    titles = {"age_band": _("Aldersgruppe"), "gender": _("Kjønn"), "first_contact": _("Første kontakt")}
    return [
        {"title": titles[field], "rows": [
            {"band": _band_label(field, r["band"]), "offered": present.cell_text(r["offered"]), "answered": present.cell_text(r["answered"]),
             "abandoned": present.cell_text(r["abandoned_in_queue"]), "closed": present.cell_text(r["not_served_closed"]),
             "rate": present.percent(r["answer_rate"]), "abandon_rate": present.percent(r["abandon_rate"])}
            for r in rows]}
        for field, rows in who.items()
    ]


def _topic_rows(t):
    def rows(items):
        return [{"code": i["code"], "text": present.number(i["value"]) if i["state"] == indicators.SHOWN else present.hidden_text(i["state"])} for i in items]

    return {"topics": rows(t["topics"]), "referrals": rows(t["referrals"]), "transferred_to": rows(t["transferred_to"]),
            "transfers": present.number(t["transfers"]) if t["transfers"] is not None else _("<5"),
            "escalations": present.number(t["escalations"]) if t["escalations"] is not None else _("<5")}


def _series(d):
    return {
        "waits": [{"label": f"{w['minute']}+" if w["open_ended"] else str(w["minute"]), "answered": present.cell_text(w["answered"]), "abandoned": present.cell_text(w["abandoned"])} for w in d["waits"]],
        "weeks": [{"week": w["week"], "answered": present.cell_text(w["answered"]), "unanswered": present.cell_text(w["unanswered"])} for w in d["weeks"]],
        "curve": [{"minutes": r["minutes"], "still": present.percent(r["still_waiting"]), "gave_up": present.percent(r["gave_up"])} for r in d["curve"]],
    }


def _topic_lists(t):
    rows = _topic_rows(t)
    return [(_("Tema"), rows["topics"]), (_("Henvist til"), rows["referrals"]), (_("Overført til"), rows["transferred_to"])]


def _table_definitions():
    return {k: _(v) for k, v in indicators.TABLE_DEFINITIONS.items()}


def _year(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return year if 2000 <= year <= today.year else today.year


@staff(*DASHBOARD_ROLES, org_kwarg="org")
def annual(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    services = list(Service.objects.filter(organisation=organisation))
    year = _year(request)
    scope = queries.Scope(date(year, 1, 1), date(year + 1, 1, 1), organisation_id=organisation.id)
    d = _dashboard(scope, _names(services))
    fmt = _fmt(request)
    if fmt:
        return present.export(_export_data(scope, d, {"organisation": org, "year": year, "demo": queries.is_demo(scope)}), fmt, f"arsrapport-{org}-{year}")
    today = timezone.localdate()
    return render(request, "stats/annual.html", {
        "organisation": organisation, "year": year, "d": d, "charts": _charts(d), "rows": present.indicator_rows(d["indicators"]),
        "by_channel": _group_rows(d["by_channel"], present.channel_label),
        "by_service": _group_rows(d["by_service"], lambda slug: next((s.name() for s in services if s.slug == slug), slug)),
        "heat": _heat_rows(d["heatmap"]), "who": _who_rows(d["who"]), "definitions": _table_definitions(),
        "demo": queries.is_demo(scope), "partial": year == today.year, "made": today, "years": list(range(today.year, today.year - 5, -1)),
        "services": services, "topics": _topic_rows(d["topics"]), "topic_lists": _topic_lists(d["topics"]),
        "waits": [{"label": f"{w['minute']}+" if w["open_ended"] else str(w["minute"]), "answered": present.cell_text(w["answered"]), "abandoned": present.cell_text(w["abandoned"])} for w in d["waits"]],
        "weeks": [{"week": w["week"], "answered": present.cell_text(w["answered"]), "unanswered": present.cell_text(w["unanswered"])} for w in d["weeks"]],
        "curve": [{"minutes": r["minutes"], "still": present.percent(r["still_waiting"]), "gave_up": present.percent(r["gave_up"])} for r in d["curve"]],
    })


@staff(roles.NATIONAL_STATISTICS)
def national(request):
    services = list(Service.objects.select_related("organisation"))
    form, start, end, service_slug, channel = _period(request, services)
    scope = queries.Scope(start, end + timedelta(days=1), channel=channel or None)
    d = _dashboard(scope, _names(services))
    fmt = _fmt(request)
    if fmt:
        return present.export(_export_data(scope, d, {"national": True, "channel": channel or None, "demo": queries.is_demo(scope)}), fmt, f"statistikk-nasjonalt-{start}-{end}")
    by_name = {s.slug: s for s in services}
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "stats/national.html", {
        "form": form, "start": start, "end": end, "d": d, "charts": _charts(d), "rows": present.indicator_rows(d["indicators"]),
        "by_service": _group_rows(d["by_service"], lambda slug: f"{by_name[slug].name()} ({by_name[slug].organisation.name})" if slug in by_name else slug),
        "by_channel": _group_rows(d["by_channel"], present.channel_label), "heat": _heat_rows(d["heatmap"]), "who": _who_rows(d["who"]),
        "definitions": _table_definitions(), "demo": queries.is_demo(scope), "query": query.urlencode(),
        "coverage": _coverage(scope, by_name), **_series(d),
    })


def _coverage(scope, by_name):
    """Which channels each service has records for in the period (phone imported or not)."""
    found = {}
    for service_id, channel in scope.contacts().values_list("service_id", "channel").distinct():
        found.setdefault(service_id, set()).add(channel)
    ids = {s.id: s for s in by_name.values()}
    rows = []
    for service_id, channels in found.items():
        s = ids.get(service_id)
        declared = {c.get("kind") for c in (s.document.get("channels") or [])} if s else set()
        missing = sorted(({"phone", "chat"} & declared) - channels)
        rows.append({"name": s.name() if s else "–", "channels": ", ".join(present.channel_label(c) for c in sorted(channels)),
                     "missing": ", ".join(present.channel_label(c) for c in missing)})
    return sorted(rows, key=lambda r: r["name"])


@public
def public_table(request):
    """/statistikk/: yearly figures per service, like Tabell 2 in Bufdir's 2026 mapping but live."""
    year = _year(request)
    scope = queries.Scope(date(year, 1, 1), date(year + 1, 1, 1))
    services = list(Service.objects.select_related("organisation"))
    by_slug = {s.slug: s for s in services}
    data = report.summary(scope, by_channel=True, service_names=_names(services))
    keys = ("offered", "answered", "answer_rate")
    fmt = _fmt(request)
    if fmt:
        slim = lambda v: {**{k: v[k] for k in keys}, "suppressed": {k: True for k in keys if v["suppressed"].get(k)}}  # noqa: E731
        out = {"scope": {"year": year, "demo": queries.is_demo(scope)}, "indicators": slim(data["indicators"]),
               "by_channel": {k: slim(v) for k, v in data["by_channel"].items()}, "by_service": {k: slim(v) for k, v in data["by_service"].items()}}
        return present.export(out, fmt, f"statistikk-{year}")
    rows = sorted(
        ({"name": by_slug[slug].name(request.LANGUAGE_CODE) if slug in by_slug else slug, "values": v, "sort": v["answered"] if v["answered"] is not None else -1}
         for slug, v in data["by_service"].items()),
        key=lambda r: (-r["sort"], r["name"]),
    )
    table = [{"name": r["name"], "cells": [present.text(r["values"], k) for k in keys]} for r in rows]
    today = timezone.localdate()
    return render(request, "stats/public.html", {
        "year": year, "years": list(range(today.year, today.year - 5, -1)), "table": table,
        "total": [present.text(data["indicators"], k) for k in keys], "header": [_(indicators.BY_KEY[k].label) for k in keys],
        "definitions": [{"label": _(indicators.BY_KEY[k].label), "text": _(indicators.BY_KEY[k].definition)} for k in keys],
        "suppression": _(indicators.TABLE_DEFINITIONS["suppression"]), "demo": queries.is_demo(scope), "partial": year == today.year,
    })


# --- phone import ------------------------------------------------------------------------------


class ImportForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Tjeneste"))
    file = forms.FileField(label=gettext_lazy("CSV-fil med ett anrop per rad"))

    def __init__(self, services, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.slug, s.name()) for s in services]


MAX_UPLOAD = 50 * 1024 * 1024


@staff(*IMPORT_ROLES, org_kwarg="org")
def import_calls(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    services = list(Service.objects.filter(organisation=organisation))
    problems = []
    if request.method == "POST":
        form = ImportForm(services, request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            service = next(s for s in services if s.slug == form.cleaned_data["service"])
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("Filen er for stor (høyst 50 MB). Del den opp."))
            else:
                result = actions.import_calls(service, upload.read(), user=request.user)
                if result.duplicate:
                    form.add_error("file", _("Denne filen er allerede importert for tjenesten. Ingenting er endret."))
                elif result.problems:
                    problems = [{"line": p.line_no, "message": _(p.message) % p.params} for p in result.problems[:500]]
                    form.add_error("file", _("Filen har %(n)s feil. Ingenting er importert. Rett feilene og last opp hele filen på nytt.") % {"n": len(result.problems)})
                else:
                    messages.success(request, _("Importerte %(n)s anrop for %(service)s.") % {"n": result.created, "service": service.name()})
                    return redirect("stats:import_calls", org=org)
    else:
        form = ImportForm(services)
    imports = CallImport.objects.filter(service__organisation=organisation).select_related("service")[:20]
    return render(request, "stats/import.html", {"organisation": organisation, "form": form, "problems": problems, "imports": imports})


# --- capacity ----------------------------------------------------------------------------------


class CapacityForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Tjeneste"))
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), choices=[])
    weeks = forms.IntegerField(label=gettext_lazy("Uker tilbake"), min_value=1, max_value=52, initial=8, required=False)
    open_from = forms.IntegerField(label=gettext_lazy("Hva om vi også holder åpent fra kl."), min_value=0, max_value=23, required=False)
    open_to = forms.IntegerField(label=gettext_lazy("til kl. (0 = midnatt, 2 = 02.00 neste natt)"), min_value=0, max_value=24, required=False)

    def __init__(self, services, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.slug, s.name()) for s in services]
        self.fields["channel"].choices = [(c, present.channel_label(c)) for c in ("chat", "phone", "message")]


def _extra_hours(open_from, open_to):
    """Hours of every day from `open_from` until `open_to` (past midnight wraps to the next day)."""
    if open_from is None or open_to is None or open_from == open_to % 24:
        return set()
    hours = set()
    for d in range(7):
        h = open_from
        day = d
        while h != open_to % 24:
            hours.add((day % 7, h))
            h += 1
            if h == 24:
                h, day = 0, day + 1
    return hours


@staff(*CAPACITY_ROLES, org_kwarg="org")
def capacity_page(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    services = list(Service.objects.filter(organisation=organisation))
    if not services:
        raise Http404
    form = CapacityForm(services, request.GET or None, initial={"service": services[0].slug, "channel": "chat", "weeks": 8})
    service, channel, weeks, extra = services[0], "chat", 8, set()
    if form.is_bound and form.is_valid():
        service = next(s for s in services if s.slug == form.cleaned_data["service"])
        channel = form.cleaned_data["channel"]
        weeks = form.cleaned_data.get("weeks") or 8
        extra = _extra_hours(form.cleaned_data.get("open_from"), form.cleaned_data.get("open_to"))
    today = timezone.localdate()
    plan = planning.week_plan(service, channel, today, weeks, extra_open=extra)
    days = present.weekdays()
    rows = [
        {"day": days[h.weekday], "hour": f"{h.hour:02d}", "arrivals": f"{h.arrivals_per_hour:.1f}", "latent": f"{h.latent_per_hour:.1f}",
         "responders": "–" if h.responders is None else h.responders, "answered": present.percent(h.answered_share),
         "needed": h.needed, "open": h.open, "short": h.responders is not None and h.needed > h.responders, "extra": (h.weekday, h.hour) in extra}
        for h in plan["hours"] if h.open or h.latent_per_hour > 0 or (h.weekday, h.hour) in extra
    ]
    scope = queries.Scope(plan["estimate"]["start"], plan["estimate"]["end"], service_ids=(service.id,), channel=channel)
    return render(request, "stats/capacity.html", {
        "organisation": organisation, "form": form, "service": service, "channel": present.channel_label(channel), "plan": plan, "rows": rows,
        "handle": f"{plan['handle_minutes']:.1f}", "patience": f"{plan['patience_minutes']:.1f}", "target": present.percent(plan["target"].target_answered),
        "demo": queries.is_demo(scope), "what_if": plan["what_if"] and {
            "hours": plan["what_if"]["hours"], "contacts": f"{plan['what_if']['contacts_per_week']:.1f}",
            "answered": f"{plan['what_if']['answered_per_week']:.1f}", "responder_hours": plan["what_if"]["responder_hours_per_week"]},
    })
