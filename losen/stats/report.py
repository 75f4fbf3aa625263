"""What the pages, exports and the CLI show: the indicator set for a scope with its
breakdowns, protected against small numbers. One place, so every view suppresses alike."""

from losen.stats import indicators, queries
from losen.stats.indicators import SHOWN


def _protected(groups: dict, total_row: dict) -> tuple[dict, dict]:
    """Suppress the groups (rows) with their totals (the margins) as one table."""
    keys = list(groups)
    derived = [indicators.derive(groups[k]) for k in keys]
    states = indicators.protect_groups(derived) if derived else []
    out = {}
    for i, k in enumerate(keys):
        out[k] = indicators.apply_states(derived[i], states[i])
    total_states = states[-1] if states else {}
    total = indicators.apply_states(indicators.derive(total_row), total_states)
    return out, total


def _plain(values: dict) -> dict:
    return indicators.apply_states(indicators.derive(values), {})


def summary(scope: queries.Scope, *, by_service=True, by_channel=True, service_names=None) -> dict:
    """{"indicators": {...}, "by_channel": {channel: {...}}, "by_service": {slug: {...}}}.
    The totals and each breakdown are suppressed together, so no hidden cell can be worked out
    from the total and the other rows."""
    raw = queries.all_counts(scope)
    total_raw = raw["total"]
    out = {}
    totals_states = {}
    for name, by, enabled in (("by_channel", "channel", by_channel), ("by_service", "service", by_service)):
        if not enabled:
            continue
        groups = raw[by]
        protected, total = _protected(groups, total_raw)
        if by == "service":
            protected = {(service_names or {}).get(k, str(k)): v for k, v in protected.items()}
        out[name] = dict(sorted(protected.items()))
        for key in total.get("suppressed", {}):
            totals_states[key] = True
    total = _plain(total_raw)
    for key in totals_states:
        total[key] = None
    total["suppressed"] = {**total["suppressed"], **{k: True for k in totals_states}}
    # the total alone is protected too (small totals)
    alone = indicators.apply_states(indicators.derive(total_raw), indicators.protect_groups([indicators.derive(total_raw)])[0])
    for key in alone["suppressed"]:
        total[key] = None
        total["suppressed"][key] = True
    return {"indicators": total, **out}


def table_states(matrix: list[list[int]]) -> dict:
    return indicators.suppress_table(matrix)


def protected_matrix(matrix: list[list[int]]) -> dict:
    """A matrix with margins, each cell {"value", "state"}; hidden values None."""
    decided = indicators.suppress_table(matrix)

    def cell(v, s):
        return {"value": v if s == SHOWN else None, "state": s}

    rows = [[cell(v, s) for v, s in zip(row, srow)] for row, srow in zip(matrix, decided["cells"])]
    row_totals = [cell(sum(row), s) for row, s in zip(matrix, decided["row_totals"])]
    col_sums = [sum(col) for col in zip(*matrix)] if matrix else []
    col_totals = [cell(v, s) for v, s in zip(col_sums, decided["col_totals"])]
    total = cell(sum(col_sums), decided["total"])
    return {"rows": rows, "row_totals": row_totals, "col_totals": col_totals, "total": total}


def who_drops_out(scope: queries.Scope) -> dict:
    """Per dimension: rows of bands with answered / abandoned / closed / offered and rates, protected."""
    out = {}
    for field, table in queries.who_drops_out(scope).items():
        bands = sorted(table, key=lambda b: (b == "", b))
        matrix = [[table[b][k] for k in indicators.PARTITION] for b in bands]
        protected = protected_matrix(matrix) if matrix else None
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
