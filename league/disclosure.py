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

import highspy
import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from league.domain import DomainError

Key = Hashable
SECONDARY_MARK = "×"


class DisclosureError(DomainError):
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
# Entries are Python integers while the pivots are ±1 (always, for the sums of a grid: the
# matrices are totally unimodular) and Fractions otherwise: exact either way, and integer
# arithmetic is many times faster than Fraction's.


class _Unbounded(Exception):
    pass


class _Settled(Exception):
    pass


def _divide(value, factor):
    if factor == 1:
        return value
    if factor == -1:
        return -value
    return Fraction(value) / factor


def _pivot(tableau: list[list], row: int, column: int) -> None:
    """Gauss-Jordan step; the rows are sparse, so only the pivot row's non-zeros are touched.
    The tableau's last row may be a cost row: it is pivoted like the others."""
    pivot_row = tableau[row]
    factor = pivot_row[column]
    if factor != 1:
        pivot_row[:] = [_divide(value, factor) if value else value for value in pivot_row]
    nonzero = [(index, value) for index, value in enumerate(pivot_row) if value]
    for index, other in enumerate(tableau):
        scale = other[column]
        if index != row and scale:
            for position, value in nonzero:
                other[position] -= scale * value


def _minimise(tableau, basis, cost, columns: int, observe=None):
    """Minimise cost·y over the canonical tableau (last column: right-hand side), using
    only the first `columns` columns to enter. Bland's rule, so it cannot cycle.
    `observe(tableau, basis)` sees every basic feasible solution on the way; it raises
    _Settled to stop early."""
    width = len(tableau[0]) if tableau else len(cost) + 1
    reduced = list(cost) + [0] * (width - len(cost))
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
                    ratio = _divide(row[-1], row[entering])
                    if best is None or (ratio, basis[i]) < (best[0], basis[best[1]]):
                        best = (ratio, i)
            if best is None:
                raise _Unbounded
            _pivot(tableau, best[1], entering)
            basis[best[1]] = entering
            reduced = tableau[-1]
            if observe is not None:
                tableau.pop()
                try:
                    observe(tableau, basis)
                finally:
                    tableau.append(reduced)
    finally:
        tableau.pop()


def _exact_bounds(
    variables: list[Key],
    lower: dict[Key, int],
    upper: dict[Key, int | None],
    equations: list[tuple[dict[Key, int], int]],
    settle=None,
    start: dict[Key, int] | None = None,
    targets: Iterable[Key] | None = None,
) -> dict[Key, tuple]:
    """Exact min and max of each variable subject to the equations and its bounds, by a
    simplex in exact arithmetic: the fall-back of `_bounds()` where HiGHS's answer cannot
    be certified (a programme that is not totally unimodular, or a numerical surprise).

    Standard form: y = x - lower >= 0; an upper bound adds y + slack = upper - lower.
    Phase one finds a feasible basis; each bound is then one phase-two run from a copy.

    With `settle(key, low, high)`: every feasible point met on the way (and `start`, a
    known solution) widens a seen range per variable; a variable is left out (no runs, or
    its run stopped) once `settle` accepts its seen range. Those are missing from the
    answer, which holds the exact bounds of the others. With `targets`, only those
    variables are solved for.
    """
    index = {key: i for i, key in enumerate(variables)}
    width = len(variables)
    bounded = [key for key in variables if upper[key] is not None]
    columns = width + len(bounded)
    rows: list[tuple[list, object]] = []
    for coefficients, rhs in equations:
        row = [0] * columns
        for key, coefficient in coefficients.items():
            row[index[key]] += coefficient
            rhs -= coefficient * lower[key]
        rows.append((row, rhs))
    for slack, key in enumerate(bounded):
        row = [0] * columns
        row[index[key]] = 1
        row[width + slack] = 1
        rows.append((row, upper[key] - lower[key]))
    count = len(rows)
    tableau = []
    for i, (row, rhs) in enumerate(rows):
        sign = -1 if rhs < 0 else 1
        artificial = [0] * count
        artificial[i] = 1
        tableau.append([sign * value for value in row] + artificial + [sign * rhs])
    basis = [columns + i for i in range(count)]
    phase_one = [0] * columns + [1] * count
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
    seen_low = dict(start) if start else {}
    seen_high = dict(start) if start else {}
    settled: set = set()
    current = [None]

    wanted = set(variables if targets is None else targets)

    def observe(rows_now, basis_now):
        point = dict.fromkeys(range(width), 0)
        for i, column in enumerate(basis_now):
            if column < width:
                point[column] = rows_now[i][-1]
        for position, value in point.items():
            key = variables[position]
            value += lower[key]
            changed = False
            if key not in seen_low or value < seen_low[key]:
                seen_low[key] = value
                changed = True
            if key not in seen_high or value > seen_high[key]:
                seen_high[key] = value
                changed = True
            if (
                changed
                and key in wanted
                and key not in settled
                and settle(key, seen_low[key], seen_high[key])
            ):
                settled.add(key)
        if current[0] in settled:
            raise _Settled

    if settle is not None:
        for key in wanted:
            if key in seen_low and settle(key, seen_low[key], seen_high[key]):
                settled.add(key)
        observe(tableau, basis)
    found = {}
    for key in variables:
        if key not in wanted:
            continue
        low_high = []
        for sign in (1, -1):
            if key in settled:
                break
            cost = [0] * columns
            cost[index[key]] = sign
            current[0] = key
            try:
                best = _minimise(
                    [row[:] for row in tableau],
                    basis[:],
                    cost,
                    columns,
                    observe if settle is not None else None,
                )
            except _Unbounded:
                low_high.append(None)
                continue
            except _Settled:
                break
            low_high.append(sign * best + lower[key])
        if key not in settled:
            found[key] = (low_high[0], low_high[1])
    return found


# Bounds through HiGHS, every answer checked exactly -------------------------------------
# HiGHS solves in floating point; its answers count only once certified in integer
# arithmetic. A bound is the value of a feasible point (rational with a small common
# denominator, checked against every equation) that a dual solution (the same) proves
# optimal by weak duality; "unbounded" needs an integral ray. For the sums of a grid the
# programme is totally unimodular, so HiGHS's vertices and dual vertices are integral and
# pass after rounding; the three-way sums of a joint family have vertices with small
# denominators, which pass too. Whatever does not pass goes to the exact simplex above.

_DENOMINATORS = (1, 2, 3, 4, 6, 12)
_SAFE = 2**50  # integers below this are exact in float64 sums


class _Uncertified(Exception):
    pass


class _Programme:
    """One group's equations in HiGHS, variables >= their lower bound, no upper bound."""

    def __init__(self, variables: list[Key], lower: dict[Key, int], equations: list):
        position = {key: i for i, key in enumerate(variables)}
        rows, columns, coefficients = [], [], []
        for row, (equation, _rhs) in enumerate(equations):
            for key, coefficient in equation.items():
                rows.append(row)
                columns.append(position[key])
                coefficients.append(coefficient)
        self.size, self.height = len(variables), len(equations)
        self.rows = np.array(rows, dtype=np.int64)
        self.columns = np.array(columns, dtype=np.int64)
        self.coefficients = np.array(coefficients, dtype=np.int64)
        self.rhs = np.array([rhs for _equation, rhs in equations], dtype=np.int64)
        self.lower = np.array([lower[key] for key in variables], dtype=np.int64)
        self.shifted = self.rhs - self._times(self.lower.astype(float)).astype(np.int64)
        self.cost = np.zeros(self.size, dtype=np.int64)
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # keeps rays and duals of the model
        self.highs.addCols(
            self.size,
            np.zeros(self.size),
            self.lower.astype(float),
            np.full(self.size, highspy.kHighsInf),
            0,
            np.array([], dtype=np.int32),
            np.array([], dtype=np.int32),
            np.array([], dtype=float),
        )
        starts = np.searchsorted(self.rows, np.arange(self.height)).astype(np.int32)
        self.highs.addRows(
            self.height,
            self.rhs.astype(float),
            self.rhs.astype(float),
            len(coefficients),
            starts,
            self.columns.astype(np.int32),
            self.coefficients.astype(float),
        )

    def _times(self, values: np.ndarray) -> np.ndarray:
        """A·values, exactly for integers below _SAFE."""
        products = self.coefficients * values[self.columns]
        return np.rint(np.bincount(self.rows, weights=products, minlength=self.height))

    def _transposed_times(self, values: np.ndarray) -> np.ndarray:
        products = self.coefficients * values[self.rows]
        return np.rint(np.bincount(self.columns, weights=products, minlength=self.size))

    def point(self, approximate) -> tuple[np.ndarray, int] | None:
        """HiGHS's point as an exact feasible point (numerators, common denominator)."""
        approximate = np.asarray(approximate, dtype=float)
        for denominator in _DENOMINATORS:
            numerators = np.rint(approximate * denominator)
            if np.abs(numerators).max(initial=0) >= _SAFE:
                return None
            if (
                np.abs(approximate * denominator - numerators).max(initial=0) < 1e-6
                and (numerators >= self.lower * denominator).all()
                and (self._times(numerators) == self.rhs * denominator).all()
            ):
                return numerators, denominator
        return None

    def _proves(self, dual, value: Fraction) -> bool:
        """Whether the row duals certify that cost·x >= value for every feasible x: with
        y·A <= cost, cost·x = cost·lower + (cost - y·A)·(x - lower) + y·A·x >= cost·lower
        + y·(rhs - A·lower)."""
        approximate = np.asarray(dual, dtype=float)
        for denominator in _DENOMINATORS:
            numerators = np.rint(approximate * denominator)
            if np.abs(numerators).max(initial=0) >= _SAFE:
                return False
            if (self._transposed_times(numerators) > self.cost * denominator).any():
                continue
            bound = Fraction(
                int(self.cost @ self.lower) * denominator + int(numerators @ self.shifted),
                denominator,
            )
            if bound == value:
                return True
        return False

    def _ray(self, approximate) -> np.ndarray | None:
        """An integral direction r >= 0 with A·r = 0 along which cost·x falls."""
        approximate = np.where(np.abs(approximate) < 1e-9, 0.0, np.asarray(approximate))
        nonzero = np.abs(approximate[approximate != 0])
        for scale in (nonzero.min(initial=1), nonzero.max(initial=1)):
            ray = np.rint(approximate / scale)
            if (
                np.abs(ray).max(initial=0) < _SAFE
                and (ray >= 0).all()
                and (self._times(ray) == 0).all()
                and self.cost @ ray < 0
            ):
                return ray
        return None

    def solve(self, cost: np.ndarray):
        """Minimise cost·x: (optimum, exact point) or (None, integral ray) when unbounded,
        the point then being a feasible point HiGHS gave, or None. _Uncertified when an
        answer cannot be checked."""
        changed = np.flatnonzero(cost != self.cost)
        if changed.size:
            self.highs.changeColsCost(
                changed.size, changed.astype(np.int32), cost[changed].astype(float)
            )
            self.cost = cost.copy()
        self.highs.run()
        status = self.highs.getModelStatus()
        solution = self.highs.getSolution()
        found = self.point(solution.col_value) if solution.value_valid else None
        if status == highspy.HighsModelStatus.kOptimal:
            if found is None:
                raise _Uncertified
            numerators, denominator = found
            value = Fraction(int(self.cost @ numerators.astype(np.int64)), denominator)
            if not self._proves(solution.row_dual, value):
                raise _Uncertified
            return value, found
        if status == highspy.HighsModelStatus.kUnbounded:
            _status, has_ray, direction = self.highs.getPrimalRay()
            ray = self._ray(direction) if has_ray else None
            if ray is None:
                raise _Uncertified
            return None, (found, ray)
        raise _Uncertified


def _highs_bounds(variables, lower, equations, settle, start, targets, quick=False) -> dict:
    """`_bounds()` through HiGHS. First a few solves that push many variables at once
    (minimise, then maximise, the sum of the unsettled ones), every point met widening
    a seen range per variable; then one solve per bound still needed. A seen low equal to
    the lower bound, or a ray, is already exact and costs no solve."""
    programme = _Programme(variables, lower, equations)
    size = len(variables)
    seen_low = np.full(size, math.inf)
    seen_high = np.full(size, -math.inf)
    unbounded = np.zeros(size, dtype=bool)
    wanted = np.zeros(size, dtype=bool)
    position = {key: i for i, key in enumerate(variables)}
    for key in variables if targets is None else targets:
        wanted[position[key]] = True
    settled = np.zeros(size, dtype=bool)
    feasible = [start is not None]

    def judge(indices):
        if settle is None:
            return
        for i in indices:
            if wanted[i] and not settled[i]:
                high = math.inf if unbounded[i] else math.floor(seen_high[i])
                if settle(variables[i], math.ceil(seen_low[i]), high):
                    settled[i] = True

    def see(found):
        numerators, denominator = found
        values = numerators / denominator
        changed = np.flatnonzero((values < seen_low) | (values > seen_high))
        np.minimum(seen_low, values, out=seen_low)
        np.maximum(seen_high, values, out=seen_high)
        feasible[0] = True
        judge(changed)

    def solve(cost):
        optimum, answer = programme.solve(cost)
        if optimum is not None:
            see(answer)
            return optimum
        found, ray = answer
        if found is not None:
            see(found)
        if not feasible[0]:
            raise _Uncertified
        fresh = np.flatnonzero((ray > 0) & ~unbounded)
        unbounded[fresh] = True
        judge(fresh)
        return None

    if start is not None:
        see((np.array([start[key] for key in variables], dtype=float), 1))
    lower_bound = programme.lower.astype(float)
    # Push the unsettled variables down together, then up together, then half up and
    # half down (alternating, then at random, each pair with its opposite), while that
    # settles some (without `settle`, one round: a low at the lower bound is exact).
    signs = np.random.default_rng(0)
    pushes, stalled, rounds = [1, -1], 0, 0
    while True:
        before = int(settled.sum())
        for sign in pushes:
            open_cells = wanted & ~settled & ~unbounded
            if isinstance(sign, int) and sign == 1:  # a low at its bound is exact
                open_cells &= seen_low > lower_bound
            if open_cells.any():
                try:
                    solve(np.where(open_cells, sign, 0).astype(np.int64))
                except _Uncertified:
                    if settle is None:
                        raise
        if settle is None or (settled | ~wanted).all():
            break
        stalled = stalled + 1 if int(settled.sum()) == before else 0
        if stalled == 3:  # the sums', the alternating and a random pair settled nothing
            break
        rounds += 1
        if rounds == 1:
            mixed = np.where(np.arange(size) % 2 == 0, 1, -1)
        else:
            mixed = signs.choice(np.array([-1, 1]), size)
        pushes = [mixed, -mixed]
    found = {}
    for i in np.flatnonzero(wanted):
        key, bounds_of_key = variables[i], []
        if quick and not settled[i]:
            # Only the range the checked points show (inside the true one).
            found[key] = (seen_low[i], math.inf if unbounded[i] else seen_high[i])
            continue
        for sign in (1, -1):
            if settled[i]:
                break
            if sign == 1 and seen_low[i] == lower_bound[i]:
                bounds_of_key.append(lower[key])
                continue
            if sign == -1 and unbounded[i]:
                bounds_of_key.append(None)
                continue
            cost = np.zeros(size, dtype=np.int64)
            cost[i] = sign
            try:
                optimum = solve(cost)
            except _Uncertified:
                if settle is None:
                    raise
                # The audit's safe side: the range the checked points show lies inside
                # the true one, so judging by it may call a protected cell exposed (one
                # more cell hidden), never the reverse.
                high = math.inf if unbounded[i] else seen_high[i]
                bounds_of_key = [seen_low[i], high]
                break
            bounds_of_key.append(None if optimum is None else sign * optimum)
        if not settled[i]:
            found[key] = tuple(bounds_of_key)
    return found


def _bounds(
    variables: list[Key],
    lower: dict[Key, int],
    upper: dict[Key, int | None],
    equations: list[tuple[dict[Key, int], int]],
    settle=None,
    start: dict[Key, int] | None = None,
    targets: Iterable[Key] | None = None,
    quick: bool = False,
) -> dict[Key, tuple]:
    """Exact min and max of each variable subject to the equations and its bounds (None
    for no upper bound): HiGHS, certified (above), or the exact simplex where HiGHS's
    answer cannot be certified or a variable has an upper bound.

    With `settle(key, low, high)`: every feasible point met on the way (and `start`, a
    known solution) widens a seen range per variable; a variable is left out (no runs, or
    its run stopped) once `settle` accepts its seen range, rounded inwards. Those are
    missing from the answer, which holds the exact bounds of the others. With `targets`,
    only those variables are solved for. With `quick` (and `settle`), a variable the
    joint pushes leave unsettled gets the range its checked points show, no solves."""
    targets = None if targets is None else list(targets)
    if variables and all(upper[key] is None for key in variables):
        try:
            return _highs_bounds(variables, lower, equations, settle, start, targets, quick)
        except _Uncertified:
            pass
    return _exact_bounds(variables, lower, upper, equations, settle, start, targets)


def _groups(table: Table, hidden: set) -> list[tuple[list[Key], list]]:
    """The hidden cells in groups joined by equations, each with its equations: each
    group is a programme of its own (a cell's range depends only on its group)."""
    equations = _equations(table, hidden)
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
    return [
        (sorted(members, key=repr), grouped_equations[group_root])
        for group_root, members in groups.items()
    ]


def bounds(
    table: Table, hidden: Iterable[Key], cache: dict | None = None, only: Iterable[Key] = ()
) -> dict[Key, tuple[int, float]]:
    """For each hidden cell, the smallest and largest value consistent with the visible
    cells and the sums, hidden cells being non-negative (the linear bounds, rounded
    inwards to integers). Unbounded above: math.inf. Solved per connected group of
    hidden cells; `cache` keeps each group's answer across calls (a group with the same
    members has the same equations). With `only`, just the groups holding those cells."""
    hidden = set(hidden)
    cache = {} if cache is None else cache
    only = set(only)
    result = {}
    for members, equations in _groups(table, hidden):
        if only and only.isdisjoint(members):
            continue
        signature = frozenset(members)
        if signature not in cache:
            found = _bounds(members, dict.fromkeys(members, 0), dict.fromkeys(members), equations)
            cache[signature] = _rounded(found)
        result.update(cache[signature])
    return result


def _equations(table: Table, hidden: set, sums: Iterable[Sum] | None = None) -> list:
    """The sums as equations over the hidden cells, every other cell at its value."""
    cells = table.cells
    equations = []
    for relation in table.sums if sums is None else sums:
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
    return equations


def _rounded(found) -> dict[Key, tuple[int, float]]:
    return {
        key: (math.ceil(low), math.inf if high is None else math.floor(high))
        for key, (low, high) in found.items()
    }


def _is_protected(value: int, low, high, limit: int) -> bool:
    """The rule of the audit: a range at least `limit` wide, and for a small count one
    reaching from 1 (or 0) to `limit`."""
    small = is_small(value, limit)
    return not (high - low < limit or (small and (low > 1 or high < limit)))


def _certified(table: Table, cache: dict) -> set:
    """The cells one table's audits have shown protected. Valid while the table does not
    change: hiding further cells only widens every range (the programme with more hidden
    cells holds the old one's solutions, the new cells at their true values)."""
    found = cache.get("certified")
    if found is None or found[0] is not table:
        found = (table, set())
        cache["certified"] = found
    return found[1]


def exposed_cells(
    table: Table,
    hidden: Iterable[Key],
    limit: int,
    cache: dict | None = None,
    *,
    quick: bool = False,
) -> list[Key]:
    """Hidden cells pinned too narrowly: a range narrower than `limit` (high - low), or,
    for a small count, a range that does not reach from 1 to `limit`, so that the sums
    would tell more than «<5» does. Exact: each group of joined hidden cells is one
    programme (the whole joint family at once); a cell is settled as soon as the points
    met show a wide enough range, and only the others are solved for their bounds.
    With `quick`, those others are not solved: they are returned as exposed (a superset
    of the exact answer, which `protect()` uses to choose further cells cheaply)."""
    cache = {} if cache is None else cache
    certified = _certified(table, cache)
    values = table.cells

    def settle(key, low, high):
        return _is_protected(values[key], low, high, limit)

    exposed = []
    for members, equations in _groups(table, set(hidden)):
        targets = [key for key in members if key not in certified]
        if not targets:
            continue
        found = _rounded(
            _bounds(
                members,
                dict.fromkeys(members, 0),
                dict.fromkeys(members),
                equations,
                settle=settle,
                start={key: values[key] for key in members},
                targets=targets,
                quick=quick,
            )
        )
        for key in targets:
            if key in found and not _is_protected(values[key], *found[key], limit):
                exposed.append(key)
            else:
                certified.add(key)
    return sorted(exposed, key=repr)


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


def _nearest_candidate(table, start, hidden, related, depth, keep=frozenset()):
    """The cheapest visible non-zero cell sharing a sum with `start` (never one of `keep`),
    or, failing that, with the hidden cells reached from it through sums, nearest first."""
    seen, frontier = {start}, [start]
    while frontier:
        candidates = {
            key
            for cell in frontier
            for key in related[cell]
            if key not in hidden and key not in keep and table.cells[key] != 0
        }
        if candidates:
            return min(candidates, key=lambda key: _cost(table, key, depth))
        following = []
        for cell in frontier:
            for key in related[cell]:
                if key in hidden and key not in seen:
                    seen.add(key)
                    following.append(key)
        frontier = following
    return None


def protect(
    table: Table, limit: int | None = None, *, sensitive=frozenset(), keep=frozenset()
) -> Protected:
    """Hide small counts and enough other cells that none can be worked out; audited.

    `sensitive` cells are hidden from the start too, whatever their value: a total that
    one contributor could subtract its own figure from to learn that the rest is small
    (see league/reports/releases.py, insider_sensitive). They are shown as «×». `keep`
    cells are never chosen to hide another: figures an earlier release already showed.

    Greedy: while some hidden cells are exposed, hide beside each the cheapest visible
    non-zero cell sharing a sum with it (inner cells before totals, smaller before larger). Raises
    DisclosureError when even that cannot protect the table (then nothing is published).
    """
    limit = threshold() if limit is None else limit
    table.check()
    primary = {key for key, value in table.cells.items() if is_small(value, limit)}
    hidden = primary | {key for key in sensitive if table.cells[key] != 0}
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
                candidates = [
                    key
                    for key in keys
                    if key not in hidden and key not in keep and table.cells[key] != 0
                ]
                if candidates:
                    hidden.add(min(candidates, key=lambda key: _cost(table, key, depth)))
                    added = True
        if added:
            continue
        # Cells the joint pushes leave unsettled get a further cell beside them; the
        # exact bounds are asked only when nothing is left to hide.
        exposed = exposed_cells(table, hidden, limit, cache, quick=True)
        if not exposed:
            break
        # One more cell beside each exposed cell (the nearest visible non-zero cell
        # through sums of hidden cells), then audit again.
        chosen = set()
        for cell in exposed:
            candidate = _nearest_candidate(table, cell, hidden, related, depth, keep)
            if candidate is not None:
                chosen.add(candidate)
        if not chosen and not exposed_cells(table, hidden, limit, cache):
            break
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
