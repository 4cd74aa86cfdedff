"""The long format of figures, shared by export and import: one row per figure.

oblast, raion, community, katottg, year, quarter, indicator, disaggregation, value, status
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

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


class ImportRefused(Exception):
    """The file was refused as a whole; `errors` name each row and its problem."""

    code = "import_refused"

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(uploaded) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each data row of a CSV or XLSX upload.

    Raises ImportRefused when the file cannot be read or has the wrong header.
    """
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    table = _read_xlsx(uploaded) if head.startswith(b"PK") else _read_csv(uploaded)
    if not table:
        raise ImportRefused([_("The file is empty.")])
    header = [_cell_text(name).lower() for name in table[0]]
    if header != COLUMNS:
        raise ImportRefused(
            [
                _("Wrong columns: expected %(expected)s, found %(found)s.")
                % {"expected": ",".join(COLUMNS), "found": ",".join(header) or _("nothing")}
            ]
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportRefused(
            [_("The file has more than %(limit)s rows; split it.") % {"limit": MAX_ROWS}]
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        texts += [""] * (len(COLUMNS) - len(texts))
        rows.append((number, dict(zip(COLUMNS, texts[: len(COLUMNS)], strict=True))))
    return rows


def _read_csv(uploaded) -> list[list[str]]:
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([_("The CSV file is not in UTF-8.")]) from None
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(uploaded) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused([_("The file could not be read as XLSX.")]) from None
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table
