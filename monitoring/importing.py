"""Reading a figures file (the export's long format, CSV or XLSX) into checked figures.

Nothing here writes: services.reports_import checks the result against the workflow and
the validation rules and saves it all or nothing. The rows are parsed as the file is
read, so only the parsed figures are held, never the whole table. See docs/imports.md.

An empty value cell changes nothing; a figure is removed only when its cell says
ВИДАЛИТИ (or DELETE).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from league import tables
from monitoring.exporting import COLUMNS, aliases
from monitoring.models import TEXT_MAX_CHARS, Indicator, ReportStatus, quarter_of
from monitoring.validation import Cell

MAX_ROWS = 200_000
# What a parsed value cell means besides a figure.
UNCHANGED = object()
REMOVE = None


def read_records(uploaded):
    """(row number, {column: text}) for each data row, as the file is read.

    Raises league.tables.TableRefused (possibly while iterating) when the file cannot be
    read, passes a limit or has the wrong header.
    """
    return tables.read_records(uploaded, COLUMNS, max_rows=MAX_ROWS, aliases=aliases())


def unquote_text(text: str) -> str:
    """Undo the export's apostrophe before a formula-like text or a delete marker."""
    rest = text[1:]
    if text.startswith("'") and (
        rest.startswith(tables.FORMULA_STARTS) or tables.is_delete_marker(rest)
    ):
        return rest
    return text


def parse_figure(indicator: Indicator, raw: str):
    """A figure from its cell: a number, a text, REMOVE (the delete marker) or UNCHANGED
    (an empty cell); or league.tables.CellError with the message to show."""
    if raw == "":
        return UNCHANGED
    if tables.is_delete_marker(raw):
        return REMOVE
    if indicator.is_text:
        text = unquote_text(raw)
        if len(text) > TEXT_MAX_CHARS:
            raise tables.CellError(
                _("the text is longer than %(limit)s characters") % {"limit": TEXT_MAX_CHARS}
            )
        return text
    if indicator.is_money:
        return tables.parse_money(raw)
    return Decimal(tables.parse_count(raw))


@dataclass
class ParsedReport:
    status: str
    figures: dict[Cell, object] = field(default_factory=dict)
    rows: dict[Cell, int] = field(default_factory=dict)

    @property
    def first_row(self) -> int:
        return min(self.rows.values())


@dataclass
class ParsedFile:
    # (community id, year, quarter) -> the report's figures, in the order of the file.
    reports: dict[tuple, ParsedReport]
    communities: dict[int, object]
    errors: list[str]


def _parse_row(row: dict, communities: dict, indicators: dict, today: datetime.date):
    """(report key, cell, figure, status) of a row, or raise CellError with the problem."""
    community = communities.get(row["katottg"])
    if community is None:
        raise tables.CellError(
            _("no community with KATOTTG code %(code)r") % {"code": row["katottg"][:50]}
        )
    year = tables.parse_year(row["year"])
    if row["quarter"] not in ("1", "2", "3", "4"):
        raise tables.CellError(
            _("the quarter must be a number from 1 to 4, not %(value)r")
            % {"value": row["quarter"][:50]}
        )
    key = (community.pk, year, int(row["quarter"]))
    if (key[1], key[2]) > quarter_of(today):
        raise tables.CellError(
            _("the quarter %(year)s/%(quarter)s has not begun")
            % {"year": key[1], "quarter": key[2]}
        )
    indicator = indicators.get(row["indicator"])
    if indicator is None:
        raise tables.CellError(_("no active indicator %(code)r") % {"code": row["indicator"][:50]})
    dimension = option = ""
    if row["disaggregation"]:
        dimension, _sep, option = row["disaggregation"].partition("=")
        if (dimension, option) not in indicator.cells():
            raise tables.CellError(
                _("%(code)s has no disaggregation %(cell)r")
                % {"code": indicator.code, "cell": row["disaggregation"][:50]}
            )
    figure = parse_figure(indicator, row["value"])
    # The export writes the status's label («затверджено»); its code is read as well.
    status = aliases().get(row["status"].lower(), row["status"])
    row = {**row, "status": status if status in ReportStatus.values else row["status"]}
    if row["status"] not in ReportStatus.values:
        raise tables.CellError(
            _("unknown status %(status)r (known: %(known)s)")
            % {"status": row["status"][:50], "known": ", ".join(ReportStatus.values)}
        )
    return key, (indicator.code, dimension, option), figure, row["status"]


def parse_records(
    records: Iterable[tuple[int, dict]],
    *,
    communities: dict,
    indicators: dict[str, Indicator],
    today: datetime.date,
) -> ParsedFile:
    """Check every row as it streams in; group the figures by report.

    `communities` maps KATOTTG codes to communities, `indicators` codes to the active
    indicators. Problems are collected, one per row, in `errors`; rows with an empty
    value cell are checked but change nothing.
    """
    errors: list[str] = []
    reports: dict[tuple, ParsedReport] = {}
    used: dict[int, object] = {}
    seen_any = False
    for number, row in records:
        seen_any = True
        try:
            key, cell, figure, status = _parse_row(row, communities, indicators, today)
        except tables.CellError as error:
            errors.append(_("Row %(row)s: %(problem)s.") % {"row": number, "problem": error})
            continue
        used[key[0]] = communities[row["katottg"]]
        entry = reports.setdefault(key, ParsedReport(status=status))
        if cell in entry.rows:
            errors.append(
                _("Row %(row)s: the same figure again (first in row %(first)s).")
                % {"row": number, "first": entry.rows[cell]}
            )
            continue
        if status != entry.status:
            errors.append(
                _("Row %(row)s: status %(status)s differs from the report's other rows.")
                % {"row": number, "status": status}
            )
        entry.rows[cell] = number
        if figure is not UNCHANGED:
            entry.figures[cell] = figure
    if not seen_any:
        errors.append(_("The file has no figures."))
    return ParsedFile(reports=reports, communities=used, errors=errors)
