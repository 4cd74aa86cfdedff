"""Export of figures in the long format: one row per figure, as CSV (streamed) or XLSX.

oblast, raion, community, katottg, year, quarter, indicator, disaggregation, value, status

The same format is read back by monitoring.importing. Every text cell goes through
league.tables.neutralise, so no name (a community renamed in the admin, say) can run
as a formula in the spreadsheet that opens the file.
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
    neutralised."""
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
                status,
            ]
        )


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
