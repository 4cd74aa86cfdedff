"""Small-number protection: the one module every page, PDF and export outside the NGO uses.

A table is a set of cells (counts) and the sums published with them: each `Sum` says that
one cell is the total of some others (a community row's total column, a raion subtotal, the
oblast total). `protect()` hides

- every count from 1 to the threshold (primary suppression, shown as «<5»), and
- further non-zero cells (complementary suppression, shown as «×») until no hidden count
  can be worked out from the sums and the visible cells.

Zero stays visible. Before a table is returned, `audit()` computes for every hidden cell the
smallest and largest value consistent with everything published alongside it - the visible
cells and the sums, hidden cells being non-negative - by exact linear programming over
rationals (a small simplex below). A hidden cell's range must be at least `threshold` wide,
and a small count's must reach from 1 to the threshold (so the sums say no more than «<5»);
otherwise the output is refused with DisclosureError. docs/disclosure.md explains the method
and its limits.

This module is on league's ground floor: it imports no app.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext_lazy as _

Key = Hashable
SECONDARY_MARK = "×"


class DisclosureError(Exception):
    """The figures cannot be published without revealing a small count."""

    code = "disclosure"

    def __init__(self, message, cells=()):
        super().__init__(message)
        self.cells = list(cells)


def threshold() -> int:
    return settings.SMALL_COUNT_THRESHOLD


def small_label(limit: int | None = None) -> str:
    """How a count from 1 to the threshold is shown: «<5» for the default threshold."""
    limit = threshold() if limit is None else limit
    return f"<{limit + 1}"


def is_small(value, limit: int | None = None) -> bool:
    limit = threshold() if limit is None else limit
    return 0 < value <= limit


def shown(value, *, protect: bool, limit: int | None = None):
    """A single count outside any table: the count itself, or «<5» when it is small and
    the reader may not see small counts. For a count published with totals use protect()."""
    if value is None:
        return None
    if protect and is_small(value, limit):
        return small_label(limit)
    return value


@dataclass(frozen=True)
class Sum:
    """`total` is published as the sum of `parts`."""

    total: Key
    parts: tuple[Key, ...]


@dataclass
class Table:
    cells: dict[Key, int]
    sums: list[Sum] = field(default_factory=list)

    def check(self) -> None:
        """The sums hold and every count is a non-negative integer."""
        for key, value in self.cells.items():
            if int(value) != value or value < 0:
                raise ValueError(f"cell {key!r}: {value!r} is not a count")
        for relation in self.sums:
            total = sum(self.cells[part] for part in relation.parts)
            if total != self.cells[relation.total]:
                raise ValueError(f"the parts of {relation.total!r} add up to {total}")


@dataclass
class Protected:
    """A table as it may be published: `hidden` cells are shown by their label."""

    table: Table
    primary: frozenset
    secondary: frozenset
    limit: int

    @property
    def hidden(self) -> frozenset:
        return self.primary | self.secondary

    def display(self, key: Key):
        if key in self.primary:
            return small_label(self.limit)
        if key in self.secondary:
            return SECONDARY_MARK
        return self.table.cells[key]

    def value(self, key: Key) -> int | None:
        """The published number, or None when hidden."""
        return None if key in self.hidden else self.table.cells[key]


def unprotected(table: Table) -> Protected:
    """The table as is, for readers who may see small counts (NGO staff, own workers)."""
    return Protected(table, frozenset(), frozenset(), threshold())


# Exact linear programming ---------------------------------------------------------------


class _Unbounded(Exception):
    pass


def _pivot(tableau: list[list[Fraction]], row: int, column: int) -> None:
    """Gauss-Jordan step; the rows are sparse, so only the pivot row's non-zeros are touched.
    The tableau's last row may be a cost row: it is pivoted like the others."""
    pivot_row = tableau[row]
    factor = pivot_row[column]
    if factor != 1:
        pivot_row[:] = [value / factor if value else value for value in pivot_row]
    nonzero = [(index, value) for index, value in enumerate(pivot_row) if value]
    for index, other in enumerate(tableau):
        scale = other[column]
        if index != row and scale:
            for position, value in nonzero:
                other[position] -= scale * value


def _minimise(tableau, basis, cost, columns: int) -> Fraction:
    """Minimise cost·y over the canonical tableau (last column: right-hand side), using
    only the first `columns` columns to enter. Bland's rule, so it cannot cycle."""
    width = len(tableau[0]) if tableau else len(cost) + 1
    reduced = list(cost) + [Fraction(0)] * (width - len(cost))
    for i, row in enumerate(tableau):
        weight = reduced[basis[i]]
        if weight:
            for position, value in enumerate(row):
                if value:
                    reduced[position] -= weight * value
    tableau.append(reduced)  # pivoted with the rest: always the current reduced costs
    try:
        while True:
            entering = next((c for c in range(columns) if reduced[c] < 0), None)
            if entering is None:
                return -reduced[-1]
            best = None
            for i, row in enumerate(tableau[:-1]):
                if row[entering] > 0:
                    ratio = row[-1] / row[entering]
                    if best is None or (ratio, basis[i]) < (best[0], basis[best[1]]):
                        best = (ratio, i)
            if best is None:
                raise _Unbounded
            _pivot(tableau, best[1], entering)
            basis[best[1]] = entering
            reduced = tableau[-1]
    finally:
        tableau.pop()


def _bounds(
    variables: list[Key],
    lower: dict[Key, int],
    upper: dict[Key, int | None],
    equations: list[tuple[dict[Key, int], int]],
) -> dict[Key, tuple[Fraction, Fraction | None]]:
    """Exact min and max of each variable subject to the equations and its bounds.

    Standard form: y = x - lower >= 0; an upper bound adds y + slack = upper - lower.
    Phase one finds a feasible basis; each bound is then one phase-two run from a copy.
    """
    index = {key: i for i, key in enumerate(variables)}
    width = len(variables)
    bounded = [key for key in variables if upper[key] is not None]
    columns = width + len(bounded)
    rows: list[tuple[list[Fraction], Fraction]] = []
    for coefficients, rhs in equations:
        row = [Fraction(0)] * columns
        rhs = Fraction(rhs)
        for key, coefficient in coefficients.items():
            row[index[key]] += coefficient
            rhs -= coefficient * lower[key]
        rows.append((row, rhs))
    for slack, key in enumerate(bounded):
        row = [Fraction(0)] * columns
        row[index[key]] = Fraction(1)
        row[width + slack] = Fraction(1)
        rows.append((row, Fraction(upper[key] - lower[key])))
    count = len(rows)
    tableau = []
    for i, (row, rhs) in enumerate(rows):
        sign = -1 if rhs < 0 else 1
        artificial = [Fraction(0)] * count
        artificial[i] = Fraction(1)
        tableau.append([sign * value for value in row] + artificial + [sign * rhs])
    basis = [columns + i for i in range(count)]
    phase_one = [Fraction(0)] * columns + [Fraction(1)] * count
    if _minimise(tableau, basis, phase_one, columns + count) != 0:
        raise ValueError("the published figures contradict each other")
    # Drive artificial variables out of the basis; a row that cannot pivot is redundant.
    for i in reversed(range(len(tableau))):
        if basis[i] < columns:
            continue
        column = next((c for c in range(columns) if tableau[i][c] != 0), None)
        if column is None:
            del tableau[i]
            del basis[i]
        else:
            _pivot(tableau, i, column)
            basis[i] = column
    tableau = [row[:columns] + row[-1:] for row in tableau]
    found = {}
    for key in variables:
        low_high = []
        for sign in (1, -1):
            cost = [Fraction(0)] * columns
            cost[index[key]] = Fraction(sign)
            try:
                best = _minimise([row[:] for row in tableau], basis[:], cost, columns)
            except _Unbounded:
                low_high.append(None)
                continue
            low_high.append(sign * best + lower[key])
        found[key] = (low_high[0], low_high[1])
    return found


def bounds(
    table: Table, hidden: Iterable[Key], cache: dict | None = None
) -> dict[Key, tuple[int, float]]:
    """For each hidden cell, the smallest and largest value consistent with the visible
    cells and the sums, hidden cells being non-negative (the linear bounds, rounded
    inwards to integers). Unbounded above: math.inf. Solved per connected group of
    hidden cells; `cache` keeps each group's answer across calls (a group with the same
    members has the same equations)."""
    hidden = set(hidden)
    cache = {} if cache is None else cache
    cells = table.cells
    lower = dict.fromkeys(hidden, 0)
    upper = dict.fromkeys(hidden)
    equations = []
    for relation in table.sums:
        coefficients: dict[Key, int] = defaultdict(int)
        rhs = 0
        for part in relation.parts:
            if part in hidden:
                coefficients[part] += 1
            else:
                rhs -= cells[part]
        if relation.total in hidden:
            coefficients[relation.total] -= 1
        else:
            rhs += cells[relation.total]
        coefficients = {key: value for key, value in coefficients.items() if value}
        if coefficients:
            equations.append((coefficients, rhs))
    # Group hidden cells joined by an equation, so each LP stays small.
    parent = {key: key for key in hidden}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for coefficients, _rhs in equations:
        keys = list(coefficients)
        for other in keys[1:]:
            parent[root(other)] = root(keys[0])
    groups: dict[Key, list[Key]] = defaultdict(list)
    for key in hidden:
        groups[root(key)].append(key)
    grouped_equations: dict[Key, list] = defaultdict(list)
    for coefficients, rhs in equations:
        grouped_equations[root(next(iter(coefficients)))].append((coefficients, rhs))
    result = {}
    for group_root, members in groups.items():
        signature = frozenset(members)
        if signature not in cache:
            members.sort(key=repr)
            found = _bounds(members, lower, upper, grouped_equations[group_root])
            cache[signature] = {
                key: (math.ceil(low), math.inf if high is None else math.floor(high))
                for key, (low, high) in found.items()
            }
        result.update(cache[signature])
    return result


def exposed_cells(
    table: Table, hidden: Iterable[Key], limit: int, cache: dict | None = None
) -> list[Key]:
    """Hidden cells pinned too narrowly: a range narrower than `limit` (high - low), or,
    for a small count, a range that does not reach from 1 to `limit`, so that the sums
    would tell more than «<5» does."""
    exposed = []
    for key, (low, high) in bounds(table, hidden, cache).items():
        small = is_small(table.cells[key], limit)
        if high - low < limit or (small and (low > 1 or high < limit)):
            exposed.append(key)
    return exposed


def audit(protected: Protected, cache: dict | None = None) -> None:
    """Refuse (DisclosureError) if a hidden cell is pinned to fewer than `limit` values,
    or if a small count is visible. Everything published passes through here."""
    table, limit = protected.table, protected.limit
    visible_small = [
        key
        for key, value in table.cells.items()
        if is_small(value, limit) and key not in protected.hidden
    ]
    exposed = exposed_cells(table, protected.hidden, limit, cache)
    if visible_small or exposed:
        raise DisclosureError(
            _("These figures would reveal a small count; they cannot be published."),
            visible_small + exposed,
        )


# Complementary suppression --------------------------------------------------------------


def _cost(table: Table, key: Key, depth: dict[Key, int]) -> tuple:
    # Hide inner cells before subtotals, subtotals before the grand total; small first.
    return (depth.get(key, 0), table.cells[key], repr(key))


def _nearest_candidate(table, start, hidden, related, depth):
    """The cheapest visible non-zero cell sharing a sum with `start`, or, failing that,
    with the hidden cells reached from it through sums, nearest first."""
    seen, frontier = {start}, [start]
    while frontier:
        candidates = {
            key
            for cell in frontier
            for key in related[cell]
            if key not in hidden and table.cells[key] != 0
        }
        if candidates:
            return min(candidates, key=lambda key: _cost(table, key, depth))
        frontier = [
            key for cell in frontier for key in related[cell] if key in hidden and key not in seen
        ]
        seen.update(frontier)
    return None


def protect(table: Table, limit: int | None = None) -> Protected:
    """Hide small counts and enough other cells that none can be worked out; audited.

    Greedy: while some hidden cells are exposed, hide beside each the cheapest visible
    non-zero cell sharing a sum with it (inner cells before totals, smaller before larger). Raises
    DisclosureError when even that cannot protect the table (then nothing is published).
    """
    limit = threshold() if limit is None else limit
    table.check()
    primary = {key for key, value in table.cells.items() if is_small(value, limit)}
    hidden = set(primary)
    cache: dict = {}
    depth: dict[Key, int] = defaultdict(int)
    related: dict[Key, set] = defaultdict(set)
    for relation in table.sums:
        keys = {relation.total, *relation.parts}
        for key in keys:
            related[key] |= keys - {key}
    # A total's depth depends on its parts' depths: settle them.
    for _round in range(len(table.sums)):
        changed = False
        for relation in table.sums:
            wanted = 1 + max((depth[part] for part in relation.parts), default=0)
            if wanted > depth[relation.total]:
                depth[relation.total] = wanted
                changed = True
        if not changed:
            break
    while True:
        # First the cheap rule: a sum with exactly one hidden cell gives it away.
        added = False
        for relation in table.sums:
            keys = [relation.total, *relation.parts]
            inside = [key for key in keys if key in hidden]
            if len(inside) == 1:
                candidates = [key for key in keys if key not in hidden and table.cells[key] != 0]
                if candidates:
                    hidden.add(min(candidates, key=lambda key: _cost(table, key, depth)))
                    added = True
        if added:
            continue
        exposed = exposed_cells(table, hidden, limit, cache)
        if not exposed:
            break
        # One more cell beside each exposed cell (the nearest visible non-zero cell
        # through sums of hidden cells), then audit again.
        chosen = set()
        for cell in exposed:
            candidate = _nearest_candidate(table, cell, hidden, related, depth)
            if candidate is not None:
                chosen.add(candidate)
        if not chosen:
            raise DisclosureError(
                _("These figures would reveal a small count; they cannot be published."),
                exposed,
            )
        hidden |= chosen
    protected = Protected(table, frozenset(primary), frozenset(hidden - primary), limit)
    audit(protected, cache)
    return protected


# Hierarchical tables --------------------------------------------------------------------

TOTAL = "__total__"


@dataclass
class Grid:
    """Community rows within raions, raion subtotals and the oblast total, by columns
    with a total column. Keys: (row, column) with row = ("community", id),
    ("raion", name) or ("oblast", TOTAL), and column a column key or TOTAL."""

    table: Table
    raions: list[tuple[Key, list[Key]]]
    columns: list[Key]


def hierarchical_grid(
    rows: Iterable[tuple[Key, Key, dict[Key, int]]],
    columns: list[Key],
    *,
    column_total: bool = True,
) -> Grid:
    """Build the table from (raion, community, {column: count}) rows; absent counts are 0.
    The sums: each row's total column, each raion's subtotal per column, the oblast's."""
    cells: dict[Key, int] = {}
    sums: list[Sum] = []
    raions: dict[Key, list[Key]] = {}
    all_columns = [*columns, TOTAL] if column_total else list(columns)
    for raion, community, values in rows:
        raions.setdefault(raion, []).append(community)
        row = ("community", community)
        for column in columns:
            cells[(row, column)] = int(values.get(column, 0) or 0)
        if column_total:
            cells[(row, TOTAL)] = sum(cells[(row, column)] for column in columns)
    oblast = ("oblast", TOTAL)
    for raion, communities in raions.items():
        row = ("raion", raion)
        for column in all_columns:
            parts = tuple((("community", community), column) for community in communities)
            cells[(row, column)] = sum(cells[part] for part in parts)
            sums.append(Sum((row, column), parts))
    for column in all_columns:
        parts = tuple((("raion", raion), column) for raion in raions)
        cells[(oblast, column)] = sum(cells[part] for part in parts)
        sums.append(Sum((oblast, column), parts))
    if column_total:
        row_keys = [("community", c) for cs in raions.values() for c in cs]
        row_keys += [("raion", raion) for raion in raions] + [oblast]
        for row in row_keys:
            sums.append(Sum((row, TOTAL), tuple((row, column) for column in columns)))
    return Grid(Table(cells, sums), list(raions.items()), list(columns))


def protect_for(user, table: Table) -> Protected:
    """The table as this reader may see it: exact for roles holding
    "figures.view_small_counts" (NGO staff, the community's own social workers),
    protected and audited for everyone else, the public included."""
    from league import access

    if access.has_perm(user, "figures.view_small_counts"):
        return unprotected(table)
    return protect(table)


def shown_for(user, value):
    """One count outside any table, as this reader may see it."""
    from league import access

    return shown(value, protect=not access.has_perm(user, "figures.view_small_counts"))


def table_with_sums(cells: dict[tuple, int], axes: list[dict[Key, list[list[Key]]]]) -> Table:
    """A table of cells keyed by coordinates (one per axis), with every sum that holds
    between them: for each cell and axis, each group of child coordinates (for example the
    communities of a raion, the quarters of a range, the forms of exploitation of a total)
    whose cells are all published and add up to the cell's value.

    Cells of several tables of one report that share keys become one table, so that the
    figures of one table cannot undo the protection of another."""
    sums = []
    for key, value in cells.items():
        for position, hierarchy in enumerate(axes):
            for group in hierarchy.get(key[position], ()):
                parts = tuple((*key[:position], child, *key[position + 1 :]) for child in group)
                if all(part in cells for part in parts) and (
                    sum(cells[part] for part in parts) == value
                ):
                    sums.append(Sum(key, parts))
    return Table(dict(cells), sums)
