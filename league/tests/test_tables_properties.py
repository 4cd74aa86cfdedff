"""Property-based: whatever the bytes or the text, the reader and the figure parsers
answer with a value or a clear refusal, never another exception."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from league.tables import (
    FORMULA_STARTS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    CellError,
    TableRefused,
    iter_rows,
    neutralise,
    parse_count,
    parse_money,
    parse_year,
)
from league.tests.strategies import cell_text, csv_bytes


def read_all(content: bytes, max_rows=50):
    try:
        return list(iter_rows(SimpleUploadedFile("file.csv", content), max_rows=max_rows))
    except TableRefused as refused:
        assert refused.errors and all(isinstance(error, str) and error for error in refused.errors)
        return None


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(content):
    read_all(content)


@given(st.binary(max_size=2000))
def test_any_bytes_that_look_like_a_zip_are_read_or_refused(content):
    read_all(b"PK\x03\x04" + content)


@given(st.lists(st.lists(cell_text(), max_size=6), max_size=20))
def test_any_csv_is_read_within_the_limits_or_refused(rows):
    table = read_all(csv_bytes(["a", "b"], rows))
    if table is not None:
        assert all(len(cells) <= MAX_COLUMNS for _number, cells in table)
        assert all(len(cell) <= MAX_CELL_CHARS for _number, cells in table for cell in cells)
        assert all("\x00" not in cell for _number, cells in table for cell in cells)


@given(st.lists(st.lists(cell_text(), max_size=4), max_size=10))
def test_any_xlsx_is_read_or_refused(rows):
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    workbook = Workbook()
    for row in rows:
        try:
            workbook.active.append(row)
        except IllegalCharacterError:
            continue  # openpyxl itself refuses control characters in a cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    read_all(buffer.getvalue())


@given(st.integers(min_value=1, max_value=2**40), cell_text())
def test_a_sheet_with_any_row_number_is_read_or_refused_quickly(row_number, text):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    target_buffer = io.BytesIO()
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="{row_number}"><c r="A{row_number}" t="inlineStr"><is><t>'
        f"{escaped}</t></is></c></row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(target_buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode("utf-8", errors="surrogatepass")
            target.writestr(item.filename, data)
    read_all(target_buffer.getvalue(), max_rows=2000)


@given(cell_text())
def test_counts_are_whole_numbers_in_range_or_refused_in_words(text):
    try:
        count = parse_count(text)
    except CellError as error:
        assert str(error)
    else:
        assert isinstance(count, int) and 0 <= count <= 10_000_000


@given(cell_text())
def test_amounts_fit_the_database_or_are_refused_in_words(text):
    try:
        amount = parse_money(text)
    except CellError as error:
        assert str(error)
    else:
        assert Decimal(0) <= amount <= Decimal("999999999999.99")
        assert amount == amount.quantize(Decimal("0.01"))


@given(cell_text())
def test_years_are_in_range_or_refused_in_words(text):
    try:
        year = parse_year(text)
    except CellError as error:
        assert str(error)
    else:
        assert 2000 <= year <= 2100


@given(st.one_of(cell_text(), st.integers(), st.decimals(allow_nan=False), st.none()))
def test_a_neutralised_cell_is_never_a_formula_and_fits_an_xlsx(value):
    from openpyxl import Workbook

    shown = neutralise(value)
    if isinstance(value, str):
        assert not shown.startswith(FORMULA_STARTS)
    else:
        assert shown == value or shown is value
    Workbook().active.append([shown])
