"""The long format of figures, shared by export and import: one row per figure.

oblast, raion, community, katottg, year, quarter, indicator, disaggregation, value, status
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from league import tables

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
MAX_ROWS = 200_000


# A text starting with one of these would run as a formula in a spreadsheet: exports
# quote it with an apostrophe, and import takes the apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def format_figure(value_type: str, value: Decimal | None, text: str) -> object:
    if value_type == "text":
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    if value is None:
        return ""
    if value_type == "money":
        return value.quantize(Decimal("0.01"))
    return int(value)


def long_rows(values: Iterable[tuple]) -> Iterator[list]:
    """Export tuples (see selectors.EXPORT_FIELDS) as rows of COLUMNS."""
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
        yield [
            oblast,
            raion,
            community,
            katottg,
            year,
            quarter,
            code,
            f"{dimension}={option}" if dimension else "",
            format_figure(value_type, value, text),
            status,
        ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """CSV text line by line, starting with a byte-order mark so spreadsheets see UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(rows: Iterable[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("figures")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unquote_text(text: str) -> str:
    """Undo format_figure's apostrophe before a formula-like text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_table(uploaded) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each data row of a CSV or XLSX upload.

    Raises league.tables.TableRefused when the file cannot be read or has the wrong header.
    """
    return tables.read_records(uploaded, COLUMNS, max_rows=MAX_ROWS)
