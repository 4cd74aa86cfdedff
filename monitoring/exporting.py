"""Export of figures in the long format: one row per figure, as CSV (streamed) or XLSX.

oblast, raion, community, katottg, year, quarter, indicator, disaggregation, value, status

The same format is read back by monitoring.importing. Every text cell goes through
league.tables.neutralise, so no name (a community renamed in the admin, say) can run
as a formula in the spreadsheet that opens the file.
"""

import csv
import functools
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from league import tables
from monitoring.models import ReportStatus

COLUMNS = [
    "oblast",
    "raion",
    "community",
    "katottg",
    "year",
    "quarter",
    "indicator",
    "disaggregation",
    "value",
    "status",
]
# What people read in the header; monitoring.importing accepts these as well as COLUMNS.
COLUMN_LABELS = {
    "oblast": _("oblast"),
    "raion": _("raion"),
    "community": _("community"),
    "katottg": _("KATOTTG code"),
    "year": _("year"),
    "quarter": _("quarter"),
    "indicator": _("indicator"),
    "disaggregation": _("disaggregation"),
    "value": _("value"),
    "status": _("status"),
}
# Excel's limit, header row included: a bigger export goes on to further sheets.
XLSX_MAX_ROWS = 1_048_576


def header() -> list[str]:
    """The column names in the active language."""
    return [str(COLUMN_LABELS[column]) for column in COLUMNS]


@functools.cache
def aliases() -> dict[str, str]:
    """Column names and status labels, in every language, mapped to their codes: what a
    file exported in Ukrainian or English may say."""
    names: dict[str, str] = {}
    for language in ("uk", "en"):
        with translation.override(language):
            names.update({str(label).lower(): code for code, label in COLUMN_LABELS.items()})
            names.update({str(label).lower(): code for code, label in ReportStatus.choices})
    return names


def format_figure(value_type: str, value: Decimal | None, text: str) -> object:
    if value_type == "text":
        # A text that reads as the delete marker is quoted like a formula, so that
        # importing the export again keeps it rather than clearing the figure.
        return "'" + text if tables.is_delete_marker(text) else text
    if value is None:
        return ""
    if value_type == "money":
        return value.quantize(Decimal("0.01"))
    return int(value)


def long_rows(values: Iterable[tuple]) -> Iterator[list]:
    """Export tuples (see selectors.EXPORT_FIELDS) as rows of COLUMNS, every text cell
    neutralised; the status as its label in the active language."""
    statuses = {code: str(label) for code, label in ReportStatus.choices}
    for (
        oblast,
        raion,
        community,
        katottg,
        year,
        quarter,
        code,
        value_type,
        dimension,
        option,
        value,
        text,
        status,
    ) in values:
        yield tables.neutralise_row(
            [
                oblast,
                raion,
                community,
                katottg,
                year,
                quarter,
                code,
                f"{dimension}={option}" if dimension else "",
                format_figure(value_type, value, text),
                statuses.get(status, status),
            ]
        )


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[list], *, delimiter: str = ",") -> Iterator[str]:
    """CSV text line by line, starting with a byte-order mark so spreadsheets see UTF-8.
    `delimiter=";"` suits Excel in a Ukrainian locale, which opens such a file directly."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow(header())
    for row in rows:
        yield writer.writerow(row)


def xlsx_write(rows: Iterable[list], target, *, max_rows: int = XLSX_MAX_ROWS) -> int:
    """Write the rows as XLSX to `target` (a path or a binary file), streaming; past
    Excel's row limit the rows go on to a second sheet, and so on. Returns the rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    names = header()
    sheet, in_sheet, written, sheets = None, max_rows, 0, 0
    for row in rows:
        if in_sheet >= max_rows:
            sheets += 1
            sheet = workbook.create_sheet(str(_("figures")) + (f" {sheets}" if sheets > 1 else ""))
            sheet.append(names)
            in_sheet = 1
        sheet.append(row)
        in_sheet += 1
        written += 1
    if sheet is None:
        workbook.create_sheet(str(_("figures"))).append(names)
    workbook.save(target)
    return written


def xlsx_bytes(rows: Iterable[list]) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(rows, buffer)
    return buffer.getvalue()


def copy_csv(queryset, target, *, delimiter: str = ",") -> int:
    """The CSV of `queryset` (selectors.export_queryset) written to the binary file
    `target` by PostgreSQL's COPY: the same cells as csv_lines(long_rows(...)) — texts
    neutralised, statuses as labels, header and byte-order mark — formatted by the
    database instead of row by row in Python. Returns the rows. PostgreSQL only."""
    from django.db import connection

    from monitoring.selectors import EXPORT_FIELDS, export_column

    sql, params = queryset.query.sql_with_params()
    column = {field: connection.ops.quote_name(export_column(field)) for field in EXPORT_FIELDS}
    statuses = " ".join(
        f"WHEN {_literal(code)} THEN {_literal(str(label))}" for code, label in ReportStatus.choices
    )
    markers = ", ".join(_literal(marker) for marker in tables.DELETE_MARKERS)
    figure = (
        f"CASE WHEN {column['indicator__value_type']} = 'text' THEN "
        f"  CASE WHEN upper(btrim({column['text']})) IN ({markers}) "
        f"  THEN '''' || {column['text']} ELSE {column['text']} END "
        f"WHEN {column['value']} IS NULL THEN '' "
        f"WHEN {column['indicator__value_type']} = 'money' THEN round({column['value']}, 2)::text "
        f"ELSE trunc({column['value']})::bigint::text END"
    )
    cells = [
        column["report__community__raion__oblast__name"],
        column["report__community__raion__name"],
        column["report__community__name"],
        column["report__community__katottg"],
        f"{column['report__period__year']}::text",
        f"{column['report__period__quarter']}::text",
        column["indicator__code"],
        f"CASE WHEN {column['dimension']} <> '' THEN "
        f"{column['dimension']} || '=' || {column['option']} ELSE '' END",
        figure,
        f"CASE {column['report__status']} {statuses} ELSE {column['report__status']} END",
    ]
    # neutralise(): control characters out, then an apostrophe before a formula start;
    # an empty text as NULL, which COPY writes unquoted, as the csv module does.
    clean = [
        f"regexp_replace({cell}, E'[\\\\x01-\\\\x08\\\\x0b\\\\x0c\\\\x0e-\\\\x1f]', '', 'g')"
        for cell in cells
    ]
    guarded = [
        f"CASE WHEN c{index} ~ E'^[=+@\\\\t\\\\r-]' THEN '''' || c{index} "
        f"ELSE NULLIF(c{index}, '') END"
        for index in range(len(cells))
    ]
    select = (
        f"SELECT {', '.join(guarded)} FROM (SELECT "
        + ", ".join(f"{expression} AS c{index}" for index, expression in enumerate(clean))
        + f" FROM ({sql}) AS figures) AS cleaned"
    )
    target.write(next(csv_lines([], delimiter=delimiter)).encode("utf-8"))
    with connection.cursor() as cursor:
        copy = cursor.cursor.mogrify(
            f"COPY ({select}) TO STDOUT WITH (FORMAT csv, DELIMITER %s)",
            [*params, delimiter],
        )
        cursor.cursor.copy_expert(copy, target)
        return cursor.cursor.rowcount


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
