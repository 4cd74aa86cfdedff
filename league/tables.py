"""Reading uploaded spreadsheets (CSV or XLSX) for the imports of every app, parsing the
figures in their cells, and making exported cells safe to open in a spreadsheet.

The format is told by the content, never by the file name. Rows are streamed: a file is
refused as soon as it passes a limit (rows, columns, cell length, unpacked size), so a
small hostile file cannot make the server build a huge table first. Cells come back as
stripped strings; each app checks its own columns and rows. See docs/imports.md.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from league.domain import DomainError

XLSX_MAGIC = b"PK\x03\x04"
# Longer than any text a form accepts; a longer cell is a mistake or an attack.
MAX_CELL_CHARS = 5000
# Columns read per row: every import has fewer; the rest of a row is ignored.
MAX_COLUMNS = 20
# An XLSX is a zip of XML: its parts are refused past these unpacked sizes (a 10 MB
# upload can unpack to gigabytes).
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024
MAX_OTHER_XML_BYTES = 16 * 1024 * 1024
# A refusal lists this many problems and counts the rest, so the page stays small.
MAX_SHOWN_ERRORS = 100
# The word that clears a figure on import; an empty cell never clears anything.
DELETE_MARKERS = ("ВИДАЛИТИ", "DELETE")
# A text starting with one of these runs as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What openpyxl and the zip and XML parsers below it raise on a damaged or hostile file.
XLSX_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    OverflowError,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
)


class TableRefused(DomainError):
    """The file cannot be imported; `errors` say why, for the person who sent it.

    Only the first MAX_SHOWN_ERRORS problems are kept, followed by a count of the rest.
    """

    code = "table_refused"

    def __init__(self, errors: list[str]):
        self.errors = cap_errors(errors)
        super().__init__("\n".join(self.errors))


def cap_errors(errors: list[str]) -> list[str]:
    """The first MAX_SHOWN_ERRORS messages and, when there are more, how many more."""
    if len(errors) <= MAX_SHOWN_ERRORS:
        return list(errors)
    rest = len(errors) - MAX_SHOWN_ERRORS
    return [
        *errors[:MAX_SHOWN_ERRORS],
        _("…and %(count)s more problems of the same kinds.") % {"count": rest},
    ]


class CellError(ValueError):
    """A cell's text is not what its column holds; the message says so, in words."""


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or a year typed as a number
    return str(value).strip()


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA: how a spreadsheet names a column."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _too_many_rows(max_rows: int) -> TableRefused:
    return TableRefused(
        [_("The file has more than %(limit)s rows; split it.") % {"limit": max_rows}]
    )


def _cell_too_long(row: int, column: int) -> TableRefused:
    return TableRefused(
        [
            _("Cell %(cell)s is longer than %(limit)s characters.")
            % {"cell": f"{column_letter(column)}{row}", "limit": MAX_CELL_CHARS}
        ]
    )


def iter_rows(uploaded, *, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for each row of an uploaded CSV or XLSX file, header first,
    as the file is read. Row numbers count the header as row 1, as spreadsheets do.

    Raises TableRefused (possibly after some rows were yielded) at the first limit the
    file passes: more than `max_rows` rows after the header, a cell longer than
    MAX_CELL_CHARS, a formula, or an XLSX whose parts unpack too large.
    """
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
        rows = _xlsx_rows(content, max_rows)
    elif b"\x00" in content[:1024]:
        raise TableRefused([_("This is neither a CSV nor an XLSX file.")])
    else:
        rows = _csv_rows(content)
    empty = True
    for number, cells in rows:
        if number > max_rows + 1:
            raise _too_many_rows(max_rows)
        for column, cell in enumerate(cells, start=1):
            if len(cell) > MAX_CELL_CHARS:
                raise _cell_too_long(number, column)
            if "\x00" in cell:  # PostgreSQL cannot store it; no one types it
                raise TableRefused(
                    [
                        _("Cell %(cell)s holds a control character.")
                        % {"cell": f"{column_letter(column)}{number}"}
                    ]
                )
        empty = False
        yield number, cells
    if empty:
        raise TableRefused([_("The file is empty.")])


def read_table(uploaded, *, max_rows: int) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX file as lists of strings, header first.
    Only for small imports: the list holds at most `max_rows` rows of MAX_COLUMNS cells."""
    table = []
    for number, cells in iter_rows(uploaded, max_rows=max_rows):
        table.extend([] for _gap in range(number - 1 - len(table)))  # rows the XLSX skipped
        table.append(cells)
    return table


def read_records(
    uploaded, columns: list[str], *, max_rows: int, aliases: dict[str, str] | None = None
) -> Iterator[tuple[int, dict]]:
    """(row number, {column: text}) for each non-empty data row, as the file is read; the
    header must be exactly `columns`, each name possibly in one of its `aliases`
    (lower-case name -> column), such as the Ukrainian header of an export."""
    rows = iter_rows(uploaded, max_rows=max_rows)
    _number, header = next(rows)
    header = [(aliases or {}).get(name.lower(), name.lower()) for name in header]
    while header and not header[-1]:
        header.pop()
    if header != columns:
        raise TableRefused(
            [
                _("Wrong columns: expected %(expected)s, found %(found)s.")
                % {"expected": ",".join(columns), "found": ",".join(header) or _("nothing")}
            ]
        )
    for number, cells in rows:
        if not any(cells):
            continue
        cells = cells + [""] * (len(columns) - len(cells))
        yield number, dict(zip(columns, cells[: len(columns)], strict=True))


_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']([0-9]{1,15})["']""")


def _rows_past(archive: zipfile.ZipFile, path: str, max_rows: int) -> bool:
    """Whether the sheet has more rows, or a last row numbered higher, than the limit
    allows, found by counting row tags in its XML at C speed before openpyxl parses a
    single row (Python speed, far slower): a quarter of a million rows is refused at once.
    What this scan misses (rows out of order, a namespace prefix) the streaming count in
    iter_rows still stops at the limit, only more slowly."""
    count = 0
    leftover = b""
    with archive.open(path) as source:
        while chunk := source.read(1024 * 1024):
            buffer = leftover + chunk
            cut = buffer.rfind(b"<")  # the last tag may be cut in two: keep it for later
            cut = len(buffer) if cut < 0 else cut
            count += buffer.count(b"<row ", 0, cut) + buffer.count(b"<row>", 0, cut)
            last = buffer.rfind(b"<row ", 0, cut)
            if last >= 0:
                number = _ROW_NUMBER.search(buffer, last, buffer.find(b">", last, cut))
                if number and int(number.group(1)) > max_rows + 1:
                    return True
            if count > max_rows + 1:
                return True
            # Past a long text with no tag in it, nothing worth keeping is left.
            leftover = buffer[cut:] if len(buffer) - cut <= 65536 else b""
    return False


def _xlsx_rows(content: bytes, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only imports pay for it
    from openpyxl.cell.read_only import EMPTY_CELL

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableRefused([_("The XLSX file could not be read.")]) from None
    for part in parts:
        limit = (
            MAX_SHEET_XML_BYTES
            if part.filename.startswith("xl/worksheets/")
            else MAX_OTHER_XML_BYTES
        )
        if part.file_size > limit:
            raise TableRefused(
                [
                    _("The XLSX file unpacks to more than %(limit)s; split it.")
                    % {"limit": filesizeformat(limit)}
                ]
            )
    try:
        # Not data_only: a formula must be seen as one, to be refused, rather than read
        # as its cached value (or as an empty cell when nothing was cached).
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # openpyxl keeps the first sheet's part name privately; it is stable across 3.x.
        too_many = _rows_past(archive, sheet._worksheet_path, max_rows)
    except XLSX_READ_ERRORS:
        raise TableRefused([_("The XLSX file could not be read.")]) from None
    if too_many:
        workbook.close()
        raise _too_many_rows(max_rows)
    try:
        # The declared dimension may claim a million columns: ignore it, and read no
        # further right than MAX_COLUMNS. Rows the file skips come as empty rows, one
        # per row number, so counting them stops a row numbered in the billions.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS)
        skipped = None  # openpyxl yields one and the same tuple for each row skipped
        for number, row in enumerate(rows, start=1):
            if row is skipped:
                yield number, []
                continue
            if row and all(cell is EMPTY_CELL for cell in row):
                skipped = row
            cells = []
            for column, cell in enumerate(row, start=1):
                if cell.data_type == "f":
                    raise TableRefused(
                        [
                            _(
                                "Cell %(cell)s holds a formula. The import reads values only: "
                                "copy the sheet and paste it as values, then try again."
                            )
                            % {"cell": f"{column_letter(column)}{number}"}
                        ]
                    )
                cells.append(cell_text(cell.value))
            while cells and not cells[-1]:
                cells.pop()
            yield number, cells
    except XLSX_READ_ERRORS:
        raise TableRefused([_("The XLSX file could not be read.")]) from None
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in a Ukrainian locale still saves CSV in Windows-1251.
        text = content.decode("cp1251", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for row in reader:
            number += 1
            yield number, [cell.strip() for cell in row[:MAX_COLUMNS]]
    except csv.Error:
        # The csv module's own limit: a field over its size limit.
        raise TableRefused(
            [
                _("Row %(row)s could not be read: a cell is too long or holds a control character.")
                % {"row": number + 1}
            ]
        ) from None


# Parsing figures -------------------------------------------------------------------------

_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?", re.ASCII)
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_count(text: str, *, maximum: int = 10_000_000) -> int:
    """A whole number from 0 to `maximum` written with ASCII digits (spaces between
    thousands allowed), or CellError saying what is wrong."""
    compact = _SPACES.sub("", text)
    if not _WHOLE.fullmatch(compact):
        raise CellError(_("%(value)r is not a whole number of 0 or more") % {"value": text[:50]})
    if len(compact) > len(str(maximum)) or int(compact) > maximum:
        raise CellError(
            _("%(value)r is more than %(limit)s") % {"value": text[:50], "limit": maximum}
        )
    return int(compact)


def parse_money(text: str, *, maximum: Decimal = Decimal("999999999999.99")) -> Decimal:
    """An amount in UAH with at most two decimals (comma or point), from 0 to `maximum`,
    or CellError saying what is wrong. No exponents, no other digits than 0-9."""
    compact = _SPACES.sub("", text).replace(",", ".")
    if not _AMOUNT.fullmatch(compact):
        raise CellError(
            _("%(value)r is not an amount in UAH (digits, and kopiykas after a comma)")
            % {"value": text[:50]}
        )
    whole = compact.split(".")[0].lstrip("0")
    try:
        amount = Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise CellError(_("%(value)r is not an amount in UAH") % {"value": text[:50]}) from None
    if len(whole) > len(str(int(maximum))) or amount > maximum:
        raise CellError(
            _("%(value)r is more than %(limit)s") % {"value": text[:50], "limit": maximum}
        )
    return amount.quantize(Decimal("0.01"))


def parse_year(text: str, *, first: int = 2000, last: int = 2100) -> int:
    """A year from `first` to `last`, or CellError."""
    compact = text.strip()
    if not (_WHOLE.fullmatch(compact) and len(compact) == 4 and first <= int(compact) <= last):
        raise CellError(
            _("%(value)r is not a year from %(first)s to %(last)s")
            % {"value": text[:50], "first": first, "last": last}
        )
    return int(compact)


def is_delete_marker(text: str) -> bool:
    """Whether a cell says, explicitly, that its figure is to be removed."""
    return text.strip().upper() in DELETE_MARKERS


# Writing cells ---------------------------------------------------------------------------


# Control characters an XLSX cannot hold (openpyxl refuses them); a CSV has no use for them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """A cell value that a spreadsheet shows as text, never runs as a formula.

    Texts starting with = + - @ or a tab or carriage return get an apostrophe in front
    (spreadsheets hide it), and lose control characters that no sheet can hold; numbers,
    dates and other values are returned unchanged, so a real negative number stays a
    number. Every export passes every cell through this.
    """
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row) -> list:
    return [neutralise(value) for value in row]
