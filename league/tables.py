"""Reading uploaded spreadsheets (CSV or XLSX) for the imports of every app.

The format is told by the content, never by the file name. Cells come back as stripped
strings; each app checks its own columns and rows.
"""

import csv
import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class TableRefused(Exception):
    """The file cannot be read as a table; `errors` say why, for the person who sent it."""

    code = "table_refused"

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or a year typed as a number
    return str(value).strip()


def read_table(uploaded, *, max_rows: int) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX file as lists of strings, header first."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise TableRefused(
            [
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                }
            ]
        )
    uploaded.seek(0)
    content = uploaded.read()
    if content.startswith(XLSX_MAGIC):
        table = _read_xlsx(content)
    elif b"\x00" in content[:1024]:
        raise TableRefused([_("This is neither a CSV nor an XLSX file.")])
    else:
        table = _read_csv(content)
    if not table:
        raise TableRefused([_("The file is empty.")])
    if len(table) - 1 > max_rows:
        raise TableRefused(
            [_("The file has more than %(limit)s rows; split it.") % {"limit": max_rows}]
        )
    return table


def read_records(uploaded, columns: list[str], *, max_rows: int):
    """(row number, {column: text}) for each non-empty data row; the header must be
    exactly `columns`. Row numbers count the header as row 1, as spreadsheets do."""
    table = read_table(uploaded, max_rows=max_rows)
    header = [name.lower() for name in table[0]]
    if header != columns:
        raise TableRefused(
            [
                _("Wrong columns: expected %(expected)s, found %(found)s.")
                % {"expected": ",".join(columns), "found": ",".join(header) or _("nothing")}
            ]
        )
    records = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        cells = cells + [""] * (len(columns) - len(cells))
        records.append((number, dict(zip(columns, cells[: len(columns)], strict=True))))
    return records


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only imports pay for it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableRefused([_("The XLSX file could not be read.")]) from None
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in a Ukrainian locale still saves CSV in Windows-1251.
        text = content.decode("cp1251", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
