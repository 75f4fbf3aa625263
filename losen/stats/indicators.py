"""The common indicators: their written definitions and the arithmetic on counts that the
database has already aggregated (see `losen.stats.queries`). Plain Python, no Django.

Texts are bokmål message ids marked with `gettext_noop`; the views translate them.

Outcomes of a contact (one `Contact` record): answered, abandoned after answer, abandoned in
queue, not served because the service closed, or still open. Group sessions and peer cases are
counted on their own and are not "offered contacts".
"""

import math
from dataclasses import dataclass


def gettext_noop(s):
    return s


SMALL = 5  # cells 1..SMALL-1 are shown as "<5"

# Channels whose records are single contacts that can be answered or lost.
CONTACT_CHANNELS = ("chat", "message", "phone", "inquiry", "forum")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # bokmål message id
    definition: str  # bokmål message id
    kind: str  # "count", "share" (0..1), "seconds"


INDICATORS = [
    Indicator("offered", gettext_noop("Henvendelser"), gettext_noop(
        "Alle henvendelser som kom mens tjenesten var åpen (chat, meldinger, telefon, forum og henvendelser fra "
        "fagfolk): besvart, gitt opp i kø, gitt opp etter svar, eller ikke betjent fordi tjenesten stengte. "
        "Pågående henvendelser telles ikke før de er avsluttet."), "count"),
    Indicator("answered", gettext_noop("Besvart"), gettext_noop(
        "Henvendelser som en svarer tok imot, også de der den som tok kontakt gikk før samtalen var ferdig."), "count"),
    Indicator("answer_rate", gettext_noop("Svarandel"), gettext_noop(
        "Besvarte delt på alle henvendelser."), "share"),
    Indicator("abandoned_in_queue", gettext_noop("Ga opp i kø"), gettext_noop(
        "Henvendelser der den som tok kontakt gikk før noen svarte."), "count"),
    Indicator("not_served_closed", gettext_noop("Ikke betjent, stengt"), gettext_noop(
        "Henvendelser som sto i kø da tjenesten stengte, og som ingen svarte."), "count"),
    Indicator("abandoned_after_answer", gettext_noop("Gikk etter svar"), gettext_noop(
        "Besvarte henvendelser der den som tok kontakt gikk før samtalen var avsluttet av svareren."), "count"),
    Indicator("abandon_wait_seconds_p50", gettext_noop("Ventetid før de ga opp, median"), gettext_noop(
        "Blant dem som ga opp i kø: ventetiden som halvparten var under eller lik (median, nærmeste rang), i sekunder."), "seconds"),
    Indicator("abandon_wait_seconds_p90", gettext_noop("Ventetid før de ga opp, 90-persentil"), gettext_noop(
        "Blant dem som ga opp i kø: ventetiden som ni av ti var under eller lik (nærmeste rang), i sekunder."), "seconds"),
    Indicator("wait_seconds_p50", gettext_noop("Ventetid for besvarte, median"), gettext_noop(
        "Blant besvarte: tiden fra henvendelsen kom til en svarer tok den, som halvparten var under eller lik "
        "(nærmeste rang), i sekunder. Bare chat og telefon; for meldinger gjelder svarfristen."), "seconds"),
    Indicator("wait_seconds_p90", gettext_noop("Ventetid for besvarte, 90-persentil"), gettext_noop(
        "Blant besvarte: ventetiden som ni av ti var under eller lik (nærmeste rang), i sekunder."), "seconds"),
    Indicator("handle_seconds_mean", gettext_noop("Samtaletid, gjennomsnitt"), gettext_noop(
        "Blant besvarte med registrert samtaletid: gjennomsnittlig tid fra svar til avslutning, i sekunder."), "seconds"),
    Indicator("tried_while_closed", gettext_noop("Prøvde mens stengt"), gettext_noop(
        "Ganger noen åpnet en stengt kanal og ba om å få vite når den åpner. Udekket behov; ingen identifikator lagres."), "count"),
    Indicator("first_contact_share", gettext_noop("Første kontakt"), gettext_noop(
        "Andel som svarte at det var første gang de tok kontakt, blant dem som svarte på spørsmålet."), "share"),
    Indicator("deadline_met_share", gettext_noop("Svarfrist overholdt (meldinger)"), gettext_noop(
        "Blant besvarte meldinger: andelen som fikk svar innen fristen tjenesten lover."), "share"),
    Indicator("group_sessions", gettext_noop("Gruppemøter holdt"), gettext_noop(
        "Gruppemøter som ble holdt i perioden."), "count"),
    Indicator("group_attendance", gettext_noop("Deltakere i gruppemøter"), gettext_noop(
        "Summen av deltakere til stede på gruppemøtene (samme person telles hver gang)."), "count"),
    Indicator("cases_active", gettext_noop("Aktive saker"), gettext_noop(
        "Oppfølgingssaker åpnet i perioden som ikke er avsluttet."), "count"),
    Indicator("cases_closed", gettext_noop("Avsluttede saker"), gettext_noop(
        "Oppfølgingssaker åpnet i perioden som er avsluttet."), "count"),
    Indicator("inquiries", gettext_noop("Henvendelser fra fagfolk"), gettext_noop(
        "Henvendelser fra hjelpeapparatet (fagfolk som spør om råd i en sak eller om kurs). De inngår også i «Henvendelser»."), "count"),
]
BY_KEY = {i.key: i for i in INDICATORS}
CLI_KEYS = ("offered", "answered", "abandoned_in_queue", "answer_rate", "wait_seconds_p50", "wait_seconds_p90", "abandon_wait_seconds_p50")

TABLE_DEFINITIONS = {
    "heatmap": gettext_noop("Henvendelser etter ukedag og time (norsk tid) da de kom inn."),
    "trend": gettext_noop("Henvendelser og besvarte per uke (uken begynner mandag)."),
    "wait_distribution": gettext_noop("Hvor lenge de besvarte og de som ga opp ventet, i hele minutter."),
    "dropout_curve": gettext_noop(
        "Andelen av henvendelsene som fortsatt ventet etter t minutter, og andelen som hadde gitt opp innen t minutter."),
    "who_drops_out": gettext_noop(
        "Svarandel og frafall i kø etter aldersgruppe, kjønn og første kontakt, for dem som svarte på de frivillige "
        "spørsmålene. «Ikke oppgitt» er de som ikke svarte eller ikke ble spurt."),
    "topics": gettext_noop("Tema svareren registrerte, henvisninger til andre tjenester og overføringer."),
    "suppression": gettext_noop(
        "Tall fra 1 til 4 vises som «<5». For at de ikke skal kunne regnes ut fra summene, skjules også et annet tall "
        "i samme rad eller kolonne («skjult»). I eksport er skjulte tall null med \"suppressed\": true."),
}

# The partition of offered contacts used for suppression: each row sums to `offered`.
PARTITION = ("answered", "abandoned_in_queue", "not_served_closed")


# --- arithmetic on aggregated counts ------------------------------------------------------------


def percentile(histogram, p: float):
    """Nearest-rank percentile of a histogram [(value, count), ...]: the smallest value such
    that at least a share p of all values are less than or equal to it (SQL percentile_disc)."""
    pairs = sorted((v, c) for v, c in histogram if c)
    n = sum(c for _v, c in pairs)
    if n == 0:
        return None
    rank = max(1, math.ceil(p * n - 1e-9))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]


def share(numerator, denominator):
    if not denominator or numerator is None:
        return None
    return numerator / denominator


def derive(c: dict) -> dict:
    """From the raw counts of one group (see queries.COUNT_KEYS) to the indicator values."""
    offered = c.get("offered", 0)
    answered = c.get("answered", 0)
    out = {
        "offered": offered,
        "answered": answered,
        "answer_rate": share(answered, offered),
        "abandoned_in_queue": c.get("abandoned_in_queue", 0),
        "not_served_closed": c.get("not_served_closed", 0),
        "abandoned_after_answer": c.get("abandoned_after_answer", 0),
        "abandon_wait_seconds_p50": c.get("abandon_wait_seconds_p50"),
        "abandon_wait_seconds_p90": c.get("abandon_wait_seconds_p90"),
        "wait_seconds_p50": c.get("wait_seconds_p50"),
        "wait_seconds_p90": c.get("wait_seconds_p90"),
        "handle_seconds_mean": (c["handle_seconds_sum"] / c["handle_n"]) if c.get("handle_n") else None,
        "tried_while_closed": c.get("tried_while_closed", 0),
        "first_contact_share": share(c.get("first_contact_yes", 0), c.get("first_contact_known", 0)),
        "deadline_met_share": share(c.get("deadline_met_n", 0), c.get("deadline_known", 0)),
        "group_sessions": c.get("group_sessions", 0),
        "group_attendance": c.get("group_attendance", 0),
        "cases_active": c.get("cases_active", 0),
        "cases_closed": c.get("cases_closed", 0),
        "inquiries": c.get("inquiries", 0),
    }
    if out["handle_seconds_mean"] is not None:
        out["handle_seconds_mean"] = round(out["handle_seconds_mean"])
    return out


def dropout_curve(wait_minutes: dict, offered: int, max_minutes: int = 30):
    """From {"answered": {minute: n}, "abandoned": {minute: n}} (whole minutes waited, closed
    counted as leaving at their wait) to rows (t, share still waiting after t minutes, share
    given up within t minutes). A contact is still waiting at t when it waited more than t minutes."""
    left = {}
    for outcome, hist in wait_minutes.items():
        for minute, n in hist.items():
            left[minute] = left.get(minute, 0) + n
    abandoned = wait_minutes.get("abandoned", {})
    rows = []
    for t in range(0, max_minutes + 1):
        gone_by = sum(n for m, n in left.items() if m < t)
        # waited whole minutes m means between m and m+1 minutes: still waiting at t if m >= t
        still = sum(n for m, n in left.items() if m >= t)
        gave_up = sum(n for m, n in abandoned.items() if m < t)
        rows.append({"minutes": t, "still_waiting": share(still, offered), "gave_up": share(gave_up, offered), "_gone": gone_by})
    for r in rows:
        r.pop("_gone")
    return rows


# --- small-number protection ----------------------------------------------------------------------

SHOWN, SMALL_CELL, COMPLEMENTARY = "shown", "small", "complementary"


def is_small(value) -> bool:
    return value is not None and 0 < value < SMALL


def suppress_table(cells: list[list[int]]) -> dict:
    """Decide which cells of a table and its margins to hide.

    The table is published with its row totals, column totals and grand total. Cells (and
    margins) from 1 to 4 are hidden ("small"). Then, so that no hidden cell can be worked out
    by subtraction, every row and column of the table-with-margins that has a hidden cell gets
    at least two ("complementary") and at least one that is not a "<5" cell (two "<5" cells
    summing to a shown 8 are both 4), and every hidden cell is made to lie on a cycle of hidden
    cells (a hidden cell that is the only link between two groups could be worked out from the
    totals on one side). Complementary cells are chosen among the smallest non-zero values.

    Returns {"cells": [[state]], "row_totals": [state], "col_totals": [state], "total": state}.
    """
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    R, C = rows + 1, cols + 1  # extended table: last row and column are the margins
    ext = [[0] * C for _ in range(R)]
    for i in range(rows):
        for j in range(cols):
            ext[i][j] = cells[i][j]
            ext[i][cols] += cells[i][j]
            ext[rows][j] += cells[i][j]
            ext[rows][cols] += cells[i][j]
    state = [[SMALL_CELL if is_small(ext[i][j]) else SHOWN for j in range(C)] for i in range(R)]

    def hidden(i, j):
        return state[i][j] != SHOWN

    def candidates_in_row(i):
        return [(ext[i][j], j) for j in range(C) if not hidden(i, j)]

    def pick(options, other_line_hidden):
        # prefer non-zero, then cells whose other line already has a hidden cell, then small values
        options = [(0 if v > 0 else 1, 0 if other_line_hidden(k) else 1, v, k) for v, k in options]
        return min(options)[3] if options else None

    def row_hidden(i):
        return sum(hidden(i, j) for j in range(C))

    def col_hidden(j):
        return sum(hidden(i, j) for i in range(R))

    def only_small(line):
        # hidden cells known to be 1..4 whose sum is known could be pinned down (4 + 4 = 8):
        # each line with hidden cells needs one whose value is not bounded that way
        hidden_states = [s for s in line if s != SHOWN]
        return len(hidden_states) >= 2 and all(s == SMALL_CELL for s in hidden_states) and any(s == SHOWN for s in line)

    if rows == 0 or cols == 0:
        return _result(state, rows, cols)
    changed = True
    while changed:
        changed = False
        for i in range(R):
            if row_hidden(i) == 1 or only_small(state[i]):
                j = pick(candidates_in_row(i), lambda j: col_hidden(j) == 1)
                if j is not None:
                    state[i][j] = COMPLEMENTARY
                    changed = True
        for j in range(C):
            if col_hidden(j) == 1 or only_small([state[i][j] for i in range(R)]):
                i = pick([(ext[i][j], i) for i in range(R) if not hidden(i, j)], lambda i: row_hidden(i) == 1)
                if i is not None:
                    state[i][j] = COMPLEMENTARY
                    changed = True
        if not changed:
            bridge = _find_bridge(state, R, C)
            if bridge is not None:
                _close_cycle(bridge, state, ext, R, C)
                changed = True
        if not changed:
            exposed = _audit(ext, state)
            if exposed is not None:
                i0, j0 = exposed
                for j in range(C):
                    if state[i0][j] == SHOWN:
                        state[i0][j] = COMPLEMENTARY
                        changed = True
                for i in range(R):
                    if state[i][j0] == SHOWN:
                        state[i][j0] = COMPLEMENTARY
                        changed = True
                if not changed:  # last resort in a tiny table: hide it all
                    for i in range(R):
                        for j in range(C):
                            if state[i][j] == SHOWN:
                                state[i][j] = COMPLEMENTARY
                                changed = True
                if not changed:
                    break
    return _result(state, rows, cols)


AUDIT_MAX_HIDDEN = 8
AUDIT_MAX_TOTAL = 40
AUDIT_BUDGET = 5000


def _audit(ext, state):
    """Where the table is small enough to search exhaustively (small tables are where the risk
    is), find a "<5" cell whose value follows from what is shown. None when none is found."""
    R, C = len(ext), len(ext[0])
    hidden = [(i, j) for i in range(R) for j in range(C) if state[i][j] != SHOWN]
    if ext[R - 1][C - 1] > AUDIT_MAX_TOTAL or (len(hidden) > AUDIT_MAX_HIDDEN and ext[R - 1][C - 1] > 12):
        return None
    for cell in hidden:
        if state[cell[0]][cell[1]] != SMALL_CELL:
            continue
        try:
            if len(feasible_values(ext, state, cell, stop_at=2, budget=AUDIT_BUDGET)) < 2:
                return cell
        except SearchTooLarge:
            return cell  # could not prove it safe: hide more
    return None


class SearchTooLarge(Exception):
    pass


def feasible_values(ext, state, target, stop_at=None, budget=None):
    """The values hidden cell `target` can take in some table consistent with everything shown:
    shown cells and margins, "<5" cells in 1..4, other hidden cells whole numbers 0 or more.
    `ext` is the table with its margins as last row and column."""
    R, C = len(ext), len(ext[0])
    hidden = [(i, j) for i in range(R) for j in range(C) if state[i][j] != SHOWN]
    bound = ext[R - 1][C - 1] if state[R - 1][C - 1] == SHOWN else 4 * R * C
    def limit(i, j):
        # an interior cell is at most its row's and column's shown margins; a margin at most the shown grand total
        found_bounds = [bound]
        if i < R - 1 and state[i][C - 1] == SHOWN:
            found_bounds.append(ext[i][C - 1])
        if j < C - 1 and state[R - 1][j] == SHOWN:
            found_bounds.append(ext[R - 1][j])
        return min(found_bounds)

    domains = {cell: (range(1, SMALL) if state[cell[0]][cell[1]] == SMALL_CELL else range(0, limit(*cell) + 1)) for cell in hidden}
    found = set()
    nodes = [0]

    def consistent(assign, final):
        nodes[0] += 1
        if budget and nodes[0] > budget:
            raise SearchTooLarge
        def value(i, j):
            return assign[(i, j)] if (i, j) in assign else ext[i][j]

        for i in range(R):
            if final or all((i, j) in assign or state[i][j] == SHOWN for j in range(C)):
                if sum(value(i, j) for j in range(C - 1)) != value(i, C - 1):
                    return False
        for j in range(C):
            if final or all((i, j) in assign or state[i][j] == SHOWN for i in range(R)):
                if sum(value(i, j) for i in range(R - 1)) != value(R - 1, j):
                    return False
        return True

    def search(k, assign):
        if stop_at and len(found) >= stop_at:
            return
        if k == len(hidden):
            if consistent(assign, True):
                found.add(assign[target])
            return
        cell = hidden[k]
        for v in domains[cell]:
            if k and cell == target and v in found:
                continue
            assign[cell] = v
            if consistent(assign, False):
                search(k + 1, assign)
            del assign[cell]
            if stop_at and len(found) >= stop_at:
                return

    search(0, {})
    return found


def _result(state, rows, cols):
    return {
        "cells": [row[:cols] for row in state[:rows]],
        "row_totals": [state[i][cols] for i in range(rows)],
        "col_totals": [state[rows][j] for j in range(cols)],
        "total": state[rows][cols] if rows and cols else SHOWN,
    }


def _edges(state, R, C):
    return [(i, j) for i in range(R) for j in range(C) if state[i][j] != SHOWN]


def _find_bridge(state, R, C):
    """A hidden cell whose row and column are connected through no other hidden cells."""
    edges = _edges(state, R, C)
    for e in edges:
        adjacency = {}
        for (i, j) in edges:
            if (i, j) == e:
                continue
            adjacency.setdefault(("r", i), []).append(("c", j))
            adjacency.setdefault(("c", j), []).append(("r", i))
        start, goal = ("r", e[0]), ("c", e[1])
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            for nxt in adjacency.get(node, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if goal not in seen:
            return e
    return None


def _close_cycle(bridge, state, ext, R, C):
    """Hide one more cell so that the bridge lies on a cycle: a cell in the bridge's row, in a
    column that reaches back to... in practice, the cheapest cell (i2, j2) joining the bridge's
    row side to its column side. Falls back to hiding the rest of the bridge's row."""
    bi, bj = bridge
    edges = [e for e in _edges(state, R, C) if e != bridge]
    adjacency = {}
    for (i, j) in edges:
        adjacency.setdefault(("r", i), []).append(("c", j))
        adjacency.setdefault(("c", j), []).append(("r", i))

    def reach(start):
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            for nxt in adjacency.get(node, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    row_side = reach(("r", bi))
    col_side = reach(("c", bj))
    options = []
    for node in col_side:  # rows reachable from the bridge's column
        if node[0] != "r":
            continue
        for other in row_side:  # columns reachable from the bridge's row
            if other[0] != "c":
                continue
            i, j = node[1], other[1]
            if state[i][j] == SHOWN:
                options.append((0 if ext[i][j] > 0 else 1, ext[i][j], i, j))
    if options:
        _z, _v, i, j = min(options)
        state[i][j] = COMPLEMENTARY
        return
    for j in range(C):  # cannot happen in a full table; be safe
        if state[bi][j] == SHOWN:
            state[bi][j] = COMPLEMENTARY
            return


def protect_groups(groups: list[dict], keys=PARTITION) -> list[dict]:
    """Apply `suppress_table` to a list of groups (rows) over the partition of offered, and
    return for each group {key: state} including "offered", plus "_total": {key: state} for the
    margins (the totals row)."""
    table = [[g.get(k, 0) or 0 for k in keys] for g in groups]
    if not table:
        return []
    decided = suppress_table(table)
    out = []
    for i, _g in enumerate(groups):
        row = {k: decided["cells"][i][j] for j, k in enumerate(keys)}
        row["offered"] = decided["row_totals"][i]
        out.append(row)
    total = {k: decided["col_totals"][j] for j, k in enumerate(keys)}
    total["offered"] = decided["total"]
    out.append(total)
    return out


def apply_states(values: dict, states: dict) -> dict:
    """Hide the values of one group: the partition cells by `states`, and everything derived
    from a hidden or small count. Returns a copy with hidden values None and "suppressed":
    {key: true} for each hidden key."""
    out = dict(values)
    hidden = {k for k, s in states.items() if s != SHOWN}
    offered = values.get("offered") or 0
    answered = values.get("answered") or 0
    abandoned = values.get("abandoned_in_queue") or 0
    if hidden & {"answered", "offered"} or is_small(offered - answered):
        hidden.add("answer_rate")
    if "answered" in hidden or answered < SMALL:
        hidden |= {"wait_seconds_p50", "wait_seconds_p90", "handle_seconds_mean", "deadline_met_share"}
    if "abandoned_in_queue" in hidden or abandoned < SMALL:
        hidden |= {"abandon_wait_seconds_p50", "abandon_wait_seconds_p90"}
    for key in ("tried_while_closed", "group_sessions", "group_attendance", "cases_active", "cases_closed", "inquiries", "abandoned_after_answer"):
        if is_small(values.get(key)):
            hidden.add(key)
    if is_small(values.get("abandoned_after_answer")) or is_small(answered - (values.get("abandoned_after_answer") or 0)):
        hidden.add("abandoned_after_answer")
    if values.get("first_contact_share") is not None and values.get("_first_contact_small"):
        hidden.add("first_contact_share")
    for key in hidden:
        if key in out:
            out[key] = None
    out.pop("_first_contact_small", None)
    out["suppressed"] = {k: True for k in sorted(hidden) if k in values}
    # for display only (not exported): "small" cells are shown as "<5", the rest as "hidden"
    out["why"] = {k: (SMALL_CELL if BY_KEY[k].kind == "count" and is_small(values.get(k)) else COMPLEMENTARY) for k in out["suppressed"]}
    return out


def protect_counts(counts: dict) -> dict:
    """Small-number protection for a plain mapping of counts (topics, one chart series): cells
    1..4 hidden; when exactly one is hidden and a total is shown, the next smallest too."""
    keys = list(counts)
    decided = suppress_table([[counts[k]] for k in keys]) if keys else {"cells": [], "total": SHOWN}
    return {k: decided["cells"][i][0] for i, k in enumerate(keys)}
