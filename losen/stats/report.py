"""What the pages, exports and the CLI show: the indicator set for a scope with its
breakdowns, protected against small numbers. One place, so every view suppresses alike."""

from losen.stats import indicators, queries
from losen.stats.indicators import SHOWN


# Counts published per group beside the partition, each a list with its total.
LIST_COUNTS = ("tried_while_closed", "group_sessions", "group_attendance", "cases_active", "cases_closed", "inquiries", "abandoned_after_answer")


def summary(scope: queries.Scope, *, by_service=True, by_channel=True, service_names=None) -> dict:
    """{"indicators": {...}, "by_channel": {channel: {...}}, "by_service": {slug: {...}}}.
    The breakdowns by channel and by service are published under the same totals, so they are
    suppressed together with them as one network (see `losen.stats.suppression`): no hidden
    cell can be worked out from the totals, the other rows or the other breakdown."""
    raw = queries.all_counts(scope)
    total_raw = raw["total"]
    breakdowns = [(name, by) for name, by, on in (("by_channel", "channel", by_channel), ("by_service", "service", by_service)) if on]
    groups = [(name, list(raw[by].items())) for name, by in breakdowns if raw[by]]
    if not groups:  # nothing to break down: the totals alone
        groups_for_rule = [[(None, total_raw)]]
    else:
        groups_for_rule = [items for _name, items in groups]
    tables = [[[values.get(k, 0) or 0 for k in indicators.PARTITION] for _key, values in items] for items in groups_for_rule]
    decided = indicators.suppress_tables(tables)
    states = [[{**dict(zip(indicators.PARTITION, d["cells"][i])), "offered": d["row_totals"][i]} for i in range(len(items))]
              for d, items in zip(decided, groups_for_rule)]
    total_states = {**dict(zip(indicators.PARTITION, decided[0]["col_totals"])), "offered": decided[0]["total"]}
    for key in LIST_COUNTS:
        lists = [[values.get(key, 0) or 0 for _k, values in items] for items in groups_for_rule]
        first, second, total_state = indicators.suppress_list(*lists)
        for table_states, list_states in zip(states, (first, second)):
            for row, state in zip(table_states, list_states):
                row[key] = state
        total_states[key] = total_state
    out = {}
    for (name, items), table_states in zip(groups, states):
        protected = {}
        for (key, values), row_states in zip(items, table_states):
            if name == "by_channel" and key == "inquiry":  # its offered and its inquiries are the same number
                row_states["offered"] = row_states["inquiries"] = max(row_states["offered"], row_states["inquiries"], key=lambda s: s != indicators.SHOWN)
            label = (service_names or {}).get(key, str(key)) if name == "by_service" else key
            protected[label] = indicators.apply_states(indicators.derive(values), row_states)
        out[name] = dict(sorted(protected.items(), key=lambda kv: str(kv[0])))
    for name, _by in breakdowns:
        out.setdefault(name, {})
    total = indicators.apply_states(indicators.derive(total_raw), total_states)
    return {"indicators": total, **out}


def protected_matrix(matrix: list[list[int]], force_hidden=(), keep_shown=()) -> dict:
    """A matrix with margins, each cell {"value", "state"}; hidden values None. Margins that are
    also published elsewhere: `force_hidden` if hidden there, `keep_shown` if shown there."""
    decided = indicators.suppress_table(matrix, force_hidden, keep_shown)

    def cell(v, s):
        return {"value": v if s == SHOWN else None, "state": s}

    rows = [[cell(v, s) for v, s in zip(row, srow)] for row, srow in zip(matrix, decided["cells"])]
    row_totals = [cell(sum(row), s) for row, s in zip(matrix, decided["row_totals"])]
    col_sums = [sum(col) for col in zip(*matrix)] if matrix else []
    col_totals = [cell(v, s) for v, s in zip(col_sums, decided["col_totals"])]
    total = cell(sum(col_sums), decided["total"])
    return {"rows": rows, "row_totals": row_totals, "col_totals": col_totals, "total": total}


def linked_margins(published: dict, columns) -> tuple[list, list]:
    """(force_hidden, keep_shown) for a table whose column totals are the totals `columns` (keys of
    the published indicators, or None) and whose grand total is "offered"."""
    hidden, shown = [], []
    for where, key in [(("col", j), k) for j, k in enumerate(columns)] + [(("total",), "offered")]:
        if key is None:
            continue
        (hidden if published.get("suppressed", {}).get(key) else shown).append(where)
    return hidden, shown


def who_drops_out(found: dict, published: dict) -> dict:
    """Per dimension: rows of bands with answered / abandoned / closed / offered and rates,
    protected; its totals are the published indicators'."""
    out = {}
    force_hidden, keep_shown = linked_margins(published, indicators.PARTITION)
    for field, table in found.items():
        bands = sorted(table, key=lambda b: (b == "", b))
        matrix = [[table[b][k] for k in indicators.PARTITION] for b in bands]
        protected = protected_matrix(matrix, force_hidden, keep_shown) if matrix else None
        rows = []
        for i, band in enumerate(bands):
            cells = dict(zip(indicators.PARTITION, protected["rows"][i]))
            offered = protected["row_totals"][i]
            rate = None
            if offered["value"] and cells["answered"]["value"] is not None:
                rate = cells["answered"]["value"] / offered["value"]
            abandon = None
            if offered["value"] and cells["abandoned_in_queue"]["value"] is not None:
                abandon = cells["abandoned_in_queue"]["value"] / offered["value"]
            rows.append({"band": band, "offered": offered, **cells, "answer_rate": rate, "abandon_rate": abandon})
        out[field] = rows
    return out
