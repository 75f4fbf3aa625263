"""Turning indicator values into text for the pages and rows for the exports."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from losen.stats import indicators
from losen.stats.indicators import COMPLEMENTARY, SMALL_CELL

def channel_label(code):
    return {
        "chat": _("Chat"), "message": _("Meldinger"), "phone": _("Telefon"), "group": _("Grupper"),
        "case": _("Oppfølgingssaker"), "inquiry": _("Fra fagfolk"), "forum": _("Forum"),
    }.get(code, code)


def weekdays():
    return [_("mandag"), _("tirsdag"), _("onsdag"), _("torsdag"), _("fredag"), _("lørdag"), _("søndag")]


def hidden_text(state):
    return _("<5") if state == SMALL_CELL else _("skjult")


def seconds(value):
    if value is None:
        return "–"
    value = int(value)
    if value < 60:
        return _("%(s)s s") % {"s": value}
    if value < 3600:
        return _("%(m)s min %(s)s s") % {"m": value // 60, "s": value % 60}
    if value < 48 * 3600:
        return _("%(h)s t %(m)s min") % {"h": value // 3600, "m": (value % 3600) // 60}
    return _("%(d)s døgn") % {"d": round(value / 86400, 1)}


def number(value):
    return "–" if value is None else number_format(value, force_grouping=True)


def percent(value):
    return "–" if value is None else f"{number_format(round(100 * value, 1), 1)} %"


def text(values: dict, key: str) -> str:
    """The value of one indicator for display: "<5" / "skjult" when suppressed, "–" when
    there is nothing to measure."""
    if values.get("suppressed", {}).get(key):
        return hidden_text(values.get("why", {}).get(key, COMPLEMENTARY))
    kind = indicators.BY_KEY[key].kind
    value = values.get(key)
    return {"count": number, "share": percent, "seconds": seconds}[kind](value)


def cell_text(cell: dict) -> str:
    if cell["state"] != indicators.SHOWN:
        return hidden_text(cell["state"])
    return number(cell["value"])


def indicator_rows(values: dict, keys=None) -> list[dict]:
    return [
        {"key": i.key, "label": _(i.label), "definition": _(i.definition), "text": text(values, i.key), "suppressed": bool(values.get("suppressed", {}).get(i.key))}
        for i in indicators.INDICATORS
        if keys is None or i.key in keys
    ]


def public_values(values: dict) -> dict:
    """The exported form: hidden values are null with "suppressed": true beside them."""
    return {k: v for k, v in values.items() if k != "why"}


def clean(obj):
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items() if k != "why"}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    return obj


def export(data: dict, fmt: str, filename: str):
    """JSON: the data as it is (hidden values null, "suppressed": {key: true}). CSV: one row per
    (section, group, indicator) with value and suppressed columns."""
    data = clean(data)
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1, "default": str})
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "group", "indicator", "value", "suppressed"])
    for section, group, key, value, hidden in flatten(data):
        writer.writerow([section, group, key, "" if value is None else value, "true" if hidden else "false"])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def flatten(data: dict):
    def values_of(section, group, values):
        hidden = values.get("suppressed", {}) if isinstance(values.get("suppressed"), dict) else {}
        for key, value in values.items():
            if key == "suppressed" or isinstance(value, (dict, list)):
                continue
            yield section, group, key, value, bool(hidden.get(key))

    for section, content in data.items():
        if section == "indicators":
            yield from values_of(section, "", content)
        elif section in ("by_channel", "by_service") and isinstance(content, dict):
            for group, values in content.items():
                yield from values_of(section, group, values)
        elif section == "tables" and isinstance(content, dict):
            for table, rows in content.items():
                for row in rows:
                    group = str(row.get("group", ""))
                    for key, value in row.items():
                        if key in ("group", "state") or isinstance(value, (dict, list)):
                            continue
                        hidden = row.get("state", {}).get(key) not in (None, indicators.SHOWN) if isinstance(row.get("state"), dict) else False
                        yield f"{section}.{table}", group, key, value, hidden
