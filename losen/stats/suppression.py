"""Small-number protection for published tables. Plain Python, no Django.

A table is published with its row totals, column totals and grand total. Every count from 1
to 4 is hidden and shown as "<5" ("small"). Then, so that no hidden count from 1 to 4 can be
worked out from what is shown, more cells are hidden ("complementary", shown as "skjult").

The attacker we protect against knows every shown number, that a "<5" cell is 1..4, that any
other hidden cell is a whole number 0 or more, and that rows and columns add up to their totals.

How it is decided, exactly and for tables of any size: a table with its margins is a
circulation in a graph (row i -> column j carries cell (i, j); column j -> the totals row
carries the column total; the totals row -> the totals column carries the grand total; the
totals column -> row i carries the row total). Every table consistent with what is shown is
the published one plus whole-number flows around cycles, and the constraint matrix is a network
matrix, so a hidden cell can be worked out exactly if and only if no cycle of hidden cells
through it can carry one unit more or one unit less within the bounds above. So:

1. hide every cell and margin from 1 to 4 ("small");
2. while some hidden cell from 1 to 4 can be worked out: hide the shown cell (smallest non-zero
   first) that puts it on such a cycle; if no single cell does, hide the smallest shown cell in
   its row or column and look again;
3. when everything that could help is hidden and a cell can still be worked out (a tiny table
   whose cells and total are all 1..4, such as [[1, 1], [1, 1]]: knowing that each is 1..4 pins
   them all to 1), stop saying "<5" where that is what gives it away: that cell (first the
   largest, usually the grand total) is shown as "skjult" instead.

Repeat to a fixed point. Two tables that share their column totals and grand total (the
breakdowns by channel and by service under the same totals) are decided together as one graph.
"""

import heapq

SMALL = 5  # counts 1..SMALL-1 are hidden
SHOWN, SMALL_CELL, COMPLEMENTARY = "shown", "small", "complementary"


def is_small(value) -> bool:
    return value is not None and 0 < value < SMALL


# --- the graph ------------------------------------------------------------------------------------


def _bounds(value, state):
    if state == SHOWN:
        return value, value
    if state == SMALL_CELL:
        return 1, SMALL - 1
    return 0, None


def _residual(edges, states, skip):
    """Adjacency of the residual graph of the published flow over the hidden cells (not `skip`)."""
    out, into = {}, {}

    def add(a, b):
        out.setdefault(a, []).append(b)
        into.setdefault(b, []).append(a)

    for k, (u, v, value) in enumerate(edges):
        if k == skip or states[k] == SHOWN:
            continue
        lo, hi = _bounds(value, states[k])
        if hi is None or value < hi:
            add(u, v)
        if value > lo:
            add(v, u)
    return out, into


def _reach(adjacency, start):
    seen, stack = {start}, [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _directions(edges, states, k):
    """For hidden cell k: the (reachable-from, can-reach) node sets of each direction in which it
    could still move (one unit more: a path v -> u; one unit less: a path u -> v), with
    whether it can move already."""
    u, v, value = edges[k]
    lo, hi = _bounds(value, states[k])
    out, into = _residual(edges, states, k)
    found = []
    if hi is None or value < hi:
        found.append((_reach(out, v), _reach(into, u)))
    if value > lo:
        found.append((_reach(out, u), _reach(into, v)))
    return found, any(start_side & goal_side for start_side, goal_side in found)


def can_be_worked_out(edges, states, k) -> bool:
    found, free = _directions(edges, states, k)
    return not free


def _helps(edge, new_bounds, old_bounds, found):
    """Would changing a cell's bounds add a residual arc that closes a cycle in `found`?"""
    a, b, value = edge
    lo, hi = new_bounds
    old_lo, old_hi = old_bounds
    forward = (hi is None or value < hi) and not (old_hi is None or value < old_hi)
    backward = value > lo and not value > old_lo
    for start_side, goal_side in found:
        if forward and a in start_side and b in goal_side:
            return True
        if backward and b in start_side and a in goal_side:
            return True
    return False


def protect(edges, states, fixed=frozenset()):
    """Complete `states` (one per edge (u, v, value); SHOWN or hidden) so that no hidden value
    from 1 to 4 can be worked out. Small values must already be hidden. Edges in `fixed` are
    published elsewhere and stay shown. Changes `states`."""
    for _round in range(4 * len(edges) + 4):
        exposed = next((k for k, (_u, _v, value) in enumerate(edges) if states[k] != SHOWN and is_small(value)
                        and can_be_worked_out(edges, states, k)), None)
        if exposed is None:
            return states
        path = _cheapest_cycle(edges, states, exposed, fixed)
        if path:
            for k in path:
                states[k] = COMPLEMENTARY
            continue
        found, _free = _directions(edges, states, exposed)
        # everything that could help is hidden: saying "<5" is what gives the cell away
        labelled = [k for k in range(len(edges)) if states[k] == SMALL_CELL
                    and _helps(edges[k], (0, None), _bounds(edges[k][2], SMALL_CELL), found)]
        k = max(labelled, key=lambda k: (edges[k][2], -k)) if labelled else exposed
        if states[k] == SMALL_CELL:
            states[k] = COMPLEMENTARY
            continue
        # with no "<5" left, every cell lies on a cycle with its margins and the grand total
        small = [k for k in range(len(edges)) if states[k] == SMALL_CELL]
        if not small:  # only where numbers published elsewhere already give the cell away
            return states
        for k in small:
            states[k] = COMPLEMENTARY
    return states


def _cheapest_cycle(edges, states, exposed, fixed=frozenset()):
    """The shown cells to hide so that hidden cell `exposed` lies on a cycle that can move it:
    the cheapest path (hiding a cell costs 1 + its value; hidden cells are free) closing a
    cycle through it in a direction it may move. None when no such path exists."""
    u, v, value = edges[exposed]
    lo, hi = _bounds(value, states[exposed])
    arcs = {}
    for k, (a, b, w) in enumerate(edges):
        if k == exposed or k in fixed:
            continue
        if states[k] == SHOWN:
            cost = 1 + w
            arcs.setdefault(a, []).append((b, cost, k))
            if w > 0:
                arcs.setdefault(b, []).append((a, cost, k))
        else:
            klo, khi = _bounds(w, states[k])
            if khi is None or w < khi:
                arcs.setdefault(a, []).append((b, 0, None))
            if w > klo:
                arcs.setdefault(b, []).append((a, 0, None))
    best = None
    for start, goal, allowed in ((v, u, hi is None or value < hi), (u, v, value > lo)):
        if not allowed:
            continue
        dist, back, heap, tie = {start: 0}, {}, [(0, 0, start)], 1
        while heap:
            d, _t, node = heapq.heappop(heap)
            if node == goal:
                break
            if d > dist[node]:
                continue
            for nxt, cost, k in arcs.get(node, ()):
                if d + cost < dist.get(nxt, float("inf")):
                    dist[nxt], back[nxt] = d + cost, (node, k)
                    heapq.heappush(heap, (d + cost, tie, nxt))
                    tie += 1
        if goal in dist and (best is None or dist[goal] < best[0]):
            cells, node = [], goal
            while node != start:
                node, k = back[node]
                if k is not None:
                    cells.append(k)
            best = (dist[goal], cells)
    return best[1] if best else None


def _initial(edges, forced=None):
    states = [SMALL_CELL if is_small(value) else SHOWN for _u, _v, value in edges]
    for k, state in (forced or {}).items():
        if states[k] == SHOWN and state != SHOWN:
            states[k] = COMPLEMENTARY
    return states


# --- tables -------------------------------------------------------------------------------------


def _table_edges(tables):
    """Edges of one table, or of two tables sharing column totals and grand total, with the
    index of each published number: ("cell", t, i, j), ("row", t, i), ("col", j), ("total",)."""
    cols = len(tables[0][0])
    edges, where = [], []
    second = len(tables) == 2
    for t, cells in enumerate(tables):
        for i, row in enumerate(cells):
            for j, value in enumerate(row):
                # table 0 flows rows -> columns; table 1 flows columns' -> rows
                edges.append((("r", t, i), ("c", j), value) if t == 0 else (("d", j), ("r", t, i), value))
                where.append(("cell", t, i, j))
            edges.append((("S",), ("r", t, i), sum(row)) if t == 0 else (("r", t, i), ("S2",), sum(row)))
            where.append(("row", t, i))
    col_sums = [sum(row[j] for row in tables[0]) for j in range(cols)]
    for j, value in enumerate(col_sums):
        edges.append((("c", j), ("d", j) if second else ("S2",), value))
        where.append(("col", j))
    edges.append((("S2",), ("S",), sum(col_sums)))
    where.append(("total",))
    return edges, where


def _decided(tables, states, where):
    out = [{"cells": [[None] * len(row) for row in cells], "row_totals": [None] * len(cells)} for cells in tables]
    col_totals, total = [None] * (len(tables[0][0]) if tables and tables[0] else 0), SHOWN
    for state, w in zip(states, where):
        if w[0] == "cell":
            out[w[1]]["cells"][w[2]][w[3]] = state
        elif w[0] == "row":
            out[w[1]]["row_totals"][w[2]] = state
        elif w[0] == "col":
            col_totals[w[1]] = state
        else:
            total = state
    for d in out:
        d["col_totals"], d["total"] = list(col_totals), total
    return out


def suppress_tables(tables, force_hidden=(), keep_shown=()):
    """Decide one table, or two tables with the same columns and the same column totals and
    grand total (both published with them). `force_hidden`: margins hidden elsewhere, and
    `keep_shown`: margins shown elsewhere, as ("col", j) or ("total",). Returns per table {"cells": [[state]], "row_totals": [state],
    "col_totals": [state], "total": state}."""
    tables = [t for t in tables]
    if not tables or not tables[0] or not tables[0][0]:
        return [{"cells": [[] for _ in t], "row_totals": [SHOWN] * len(t), "col_totals": [], "total": SHOWN} for t in tables]
    assert len(tables) <= 2, "more than two tables on the same totals are not a network; decide them in pairs"
    edges, where = _table_edges(tables)
    forced = {k: COMPLEMENTARY for k, w in enumerate(where) if w in set(force_hidden)}
    fixed = frozenset(k for k, w in enumerate(where) if w in set(keep_shown) and not is_small(edges[k][2]))
    return _decided(tables, protect(edges, _initial(edges, forced), fixed), where)


def suppress_table(cells, force_hidden=(), keep_shown=()) -> dict:
    """One table with its margins; see `suppress_tables`."""
    if not cells or not cells[0]:
        return {"cells": [[] for _ in cells], "row_totals": [SHOWN] * len(cells), "col_totals": [], "total": SHOWN}
    return suppress_tables([cells], force_hidden, keep_shown)[0]


def suppress_list(counts, others=None):
    """A list of counts published with its total (one column), or two lists with the same total
    (the same count by channel and by service). Returns (states, other_states, total_state)."""
    others = others or []
    edges = [(("S",), ("M",), v) for v in counts] + [(("M",), ("N",) if others else ("S",), sum(counts))]
    edges += [(("N",), ("S",), v) for v in others]
    if not counts and not others:
        return [], [], SHOWN
    states = protect(edges, _initial(edges))
    n = len(counts)
    return states[:n], states[n + 1:], states[n]
