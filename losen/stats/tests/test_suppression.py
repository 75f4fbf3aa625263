"""Small-number protection: cells 1–4 hidden, and complementary suppression so that no hidden
cell from 1 to 4 can be worked out from what is published. Checked with hypothesis against a
brute-force attacker, written here independently of the rule's graph: it knows every shown
number, that a "<5" cell is 1–4, that other hidden cells are whole numbers 0 or more, and every
row and column sum (including those of a second table published under the same totals)."""

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from losen.stats import indicators, suppression
from losen.stats.suppression import COMPLEMENTARY, SHOWN, SMALL_CELL, suppress_list, suppress_table, suppress_tables


class TooLarge(Exception):
    pass


def feasible(values, labels, equations, target, budget=200_000):
    """The values variable `target` can take in some assignment consistent with the published
    ones. values/labels: {name: int / state}; equations: [(name of the sum, [names of the parts])]."""
    hidden = [n for n in values if labels[n] != SHOWN]
    cap = max([values[n] for n in values if labels[n] == SHOWN] + [4 * len(values)])
    domains = {n: range(1, 5) if labels[n] == SMALL_CELL else range(0, cap + 1) for n in hidden}
    order = sorted(hidden, key=lambda n: (labels[n] != SMALL_CELL, n != target))
    found, nodes = set(), [0]

    def ok(assign, final):
        nodes[0] += 1
        if nodes[0] > budget:
            raise TooLarge
        for total, parts in equations:
            names = [total, *parts]
            if final or all(n in assign or labels[n] == SHOWN for n in names):
                get = lambda n: assign.get(n, values[n]) if labels[n] != SHOWN else values[n]  # noqa: E731
                if sum(get(n) for n in parts) != get(total):
                    return False
        return True

    def search(k, assign):
        if len(found) >= 2:
            return
        if k == len(order):
            if ok(assign, True):
                found.add(assign[target])
            return
        name = order[k]
        for v in domains[name]:
            if name == target and v in found:
                continue
            assign[name] = v
            if ok(assign, False):
                search(k + 1, assign)
            del assign[name]

    search(0, {})
    return found


def published(tables, decided):
    """Variables and equations of one table, or two tables sharing column totals and grand total."""
    values, labels, equations = {}, {}, []
    cols = len(tables[0][0])
    for t, (cells, d) in enumerate(zip(tables, decided)):
        for i, row in enumerate(cells):
            for j, v in enumerate(row):
                values[("cell", t, i, j)], labels[("cell", t, i, j)] = v, d["cells"][i][j]
            values[("row", t, i)], labels[("row", t, i)] = sum(row), d["row_totals"][i]
            equations.append((("row", t, i), [("cell", t, i, j) for j in range(cols)]))
        for j in range(cols):
            equations.append((("col", j), [("cell", t, i, j) for i in range(len(cells))]))
        equations.append((("total",), [("row", t, i) for i in range(len(cells))]))
    for j in range(cols):
        values[("col", j)], labels[("col", j)] = sum(r[j] for r in tables[0]), decided[0]["col_totals"][j]
    equations.append((("total",), [("col", j) for j in range(cols)]))
    values[("total",)], labels[("total",)] = sum(map(sum, tables[0])), decided[0]["total"]
    return values, labels, equations


def assert_protected(tables, decided):
    values, labels, equations = published(tables, decided)
    for name, value in values.items():
        if 1 <= value <= 4:
            assert labels[name] != SHOWN, f"{name}={value} of {tables} is shown"
            try:
                options = feasible(values, labels, equations, name)
            except TooLarge:
                assume(False)
            assert len(options) > 1, f"{name}={value} of {tables} can be worked out: {labels}"


cell_values = st.sampled_from([0, 1, 2, 4, 5, 7])
tables = st.integers(1, 2).flatmap(lambda r: st.integers(1, 3).flatmap(
    lambda c: st.lists(st.lists(cell_values, min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(tables)
def test_no_hidden_small_cell_can_be_worked_out(cells):
    assert_protected([cells], [suppress_table(cells)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.lists(cell_values, min_size=2, max_size=2), min_size=1, max_size=2), st.data())
def test_two_tables_under_the_same_totals_are_protected_together(a, data):
    """By channel and by service: other rows, same column totals and grand total."""
    col_sums = [sum(r[j] for r in a) for j in range(2)]
    first = [data.draw(st.integers(0, s)) for s in col_sums]
    b = [first, [s - f for s, f in zip(col_sums, first)]]
    assert_protected([a, b], suppress_tables([a, b]))


def test_every_cell_and_the_total_small_is_the_known_disclosure_now_closed():
    decided = suppress_table([[1, 1], [1, 1]])
    assert all(s != SHOWN for row in decided["cells"] for s in row)
    # saying "<5" about every cell and the total would pin them all to 1: the total is "skjult"
    assert decided["total"] == COMPLEMENTARY
    assert_protected([[[1, 1], [1, 1]]], [decided])


def test_a_small_total_is_hidden():
    decided = suppress_table([[2, 0, 1]])
    assert decided["total"] != SHOWN and decided["row_totals"][0] != SHOWN


def test_a_row_with_one_small_cell_gets_a_complementary_cell_on_a_cycle():
    decided = suppress_table([[10, 3, 20], [30, 40, 50]])
    assert decided["cells"][0][1] == SMALL_CELL
    assert sum(s != SHOWN for s in decided["cells"][0] + [decided["row_totals"][0]]) >= 2
    assert decided["total"] == SHOWN
    assert_protected([[[10, 3, 20], [30, 40, 50]]], [decided])


def test_nothing_hidden_when_nothing_is_small():
    decided = suppress_table([[10, 0, 20], [30, 40, 50]])
    assert all(s == SHOWN for row in decided["cells"] for s in row)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=7), min_size=1, max_size=9).filter(lambda t: len({len(r) for r in t}) == 1))
def test_large_tables_every_line_with_a_hidden_cell_has_at_least_two_and_the_exact_check_passes(cells):
    decided = suppress_table(cells)
    state = [row[:] + [t] for row, t in zip(decided["cells"], decided["row_totals"])] + [decided["col_totals"] + [decided["total"]]]
    for line in state + [list(col) for col in zip(*state)]:
        assert sum(s != SHOWN for s in line) != 1
    edges, where = suppression._table_edges([cells])
    states = [decided["cells"][w[2]][w[3]] if w[0] == "cell" else decided["row_totals"][w[2]] if w[0] == "row"
              else decided["col_totals"][w[1]] if w[0] == "col" else decided["total"] for w in where]
    for k, (_u, _v, value) in enumerate(edges):
        if 1 <= value <= 4:
            assert not suppression.can_be_worked_out(edges, states, k)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(tables, st.data())
def test_the_exact_check_agrees_with_the_brute_force_attacker(cells, data):
    """The graph criterion (no movable cycle) against enumeration, for arbitrary labels."""
    edges, where = suppression._table_edges([cells])
    states = []
    for _u, _v, value in edges:
        options = [SHOWN, COMPLEMENTARY] + ([SMALL_CELL] if 1 <= value <= 4 else [])
        states.append(data.draw(st.sampled_from(options)))
    decided = suppression._decided([cells], states, where)
    values, labels, equations = published([cells], decided)
    name_of = {w: ("row", 0, w[2]) if w[0] == "row" else w for w in where}
    for k, w in enumerate(where):
        if states[k] == SHOWN:
            continue
        try:
            options = feasible(values, labels, equations, name_of[w])
        except TooLarge:
            assume(False)
        assert (len(options) < 2) == suppression.can_be_worked_out(edges, states, k), (cells, w, labels)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=5), st.lists(st.integers(0, 9), min_size=1, max_size=4))
def test_lists_with_their_total_and_two_lists_with_the_same_total(a, b):
    b = b[:-1] + [max(0, sum(a) - sum(b[:-1]))] if sum(b[:-1]) <= sum(a) else [sum(a)]
    first, second, total = suppress_list(a, b)
    values = {("a", i): v for i, v in enumerate(a)} | {("b", i): v for i, v in enumerate(b)} | {("t",): sum(a)}
    labels = {("a", i): s for i, s in enumerate(first)} | {("b", i): s for i, s in enumerate(second)} | {("t",): total}
    equations = [(("t",), [("a", i) for i in range(len(a))]), (("t",), [("b", i) for i in range(len(b))])]
    for name, value in values.items():
        if 1 <= value <= 4:
            assert labels[name] != SHOWN
            try:
                assert len(feasible(values, labels, equations, name)) > 1, (a, b, labels)
            except TooLarge:
                assume(False)


def test_derived_values_are_hidden_with_their_counts():
    values = indicators.derive({"offered": 3, "answered": 2, "abandoned_in_queue": 1, "wait_seconds_p50": 40, "abandon_wait_seconds_p50": 99})
    states = {"offered": SMALL_CELL, "answered": SMALL_CELL, "abandoned_in_queue": SMALL_CELL}
    out = indicators.apply_states(values, states)
    for key in ("offered", "answered", "abandoned_in_queue", "answer_rate", "wait_seconds_p50", "abandon_wait_seconds_p50"):
        assert out[key] is None and out["suppressed"][key] is True


@pytest.mark.parametrize("cells", [[[0]], [[0, 0], [0, 0]], []])
def test_empty_and_zero_tables(cells):
    decided = suppress_table(cells)
    assert all(s == SHOWN for row in decided["cells"] for s in row)
