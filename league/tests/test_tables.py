"""The shared spreadsheet reader behind every import, against careless and hostile files."""

import csv
import io
import time
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from league.tables import (
    MAX_CELL_CHARS,
    CellError,
    TableRefused,
    cap_errors,
    iter_rows,
    neutralise,
    parse_count,
    parse_money,
    parse_year,
    read_records,
    read_table,
)

MEMORY_LIMIT = 50 * 1024 * 1024


def upload(content: bytes, name="file.csv"):
    return SimpleUploadedFile(name, content)


def xlsx(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(["x"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(item.filename, data)
    return buffer.getvalue()


def sheet(rows_xml: str, dimension: str = "A1:A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _read(content: bytes, max_rows: int):
    try:
        for _row in iter_rows(upload(content), max_rows=max_rows):
            pass
    except TableRefused as refused:
        return refused
    return None


def consume(content: bytes, max_rows: int):
    """Read the whole file through the reader, timed, then again with memory traced
    (tracing slows it down); return (refusal or None, seconds, peak bytes). The time is this
    process's CPU time, so other work on a loaded machine does not count against it."""
    started = time.process_time()
    refusal = _read(content, max_rows)
    seconds = time.process_time() - started
    tracemalloc.start()
    _read(content, max_rows)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return refusal, seconds, peak


def test_reads_utf8_csv_with_a_byte_order_mark():
    table = read_table(upload("\ufeffname,year\nСумська,2022\n".encode()), max_rows=10)
    assert table == [["name", "year"], ["Сумська", "2022"]]


def test_reads_excels_windows_1251_csv_with_semicolons():
    table = read_table(upload("name;year\nКонотопська;2022\n".encode("cp1251")), max_rows=10)
    assert table == [["name", "year"], ["Конотопська", "2022"]]


def test_reads_xlsx_by_its_content_whatever_its_name():
    content = xlsx(["name", "year"], ["Сумська", 2022.0])
    table = read_table(upload(content, name="disguised.csv"), max_rows=10)
    assert table == [["name", "year"], ["Сумська", "2022"]]


def test_keeps_the_row_numbers_of_rows_an_xlsx_skips():
    content = xlsx_with_sheet(
        sheet(f"<row r='1'>{inline('A1', 'name')}</row><row r='4'>{inline('A4', 'Сумська')}</row>")
    )
    assert read_table(upload(content), max_rows=10) == [["name"], [], [], ["Сумська"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "не файл CSV і не XLSX"),
        (b"PK\x03\x04broken zip", "XLSX"),
        (b"", "порожній"),
        (b"name\n" + b"x\n" * 11, "понад 10 рядків"),
    ],
)
def test_refuses_what_it_cannot_read(content, message):
    with pytest.raises(TableRefused) as refused:
        read_table(upload(content), max_rows=10)
    assert message in refused.value.errors[0]


def test_records_need_exactly_the_expected_columns_and_skip_empty_rows():
    text = "name,year\nСумська,2022\n,\nКонотопська\n"
    records = list(read_records(upload(text.encode()), ["name", "year"], max_rows=10))
    assert records == [
        (2, {"name": "Сумська", "year": "2022"}),
        (4, {"name": "Конотопська", "year": ""}),
    ]
    with pytest.raises(TableRefused, match="year,name"):
        list(read_records(upload(b"year,name\n"), ["name", "year"], max_rows=10))


# Hostile XLSX: small files that would unpack into a huge table --------------------------


def test_a_row_numbered_two_billion_is_refused_at_once_in_flat_memory():
    content = xlsx_with_sheet(
        sheet(
            f"<row r='1'>{inline('A1', 'name')}</row>"
            f"<row r='2000000000'>{inline('A2000000000', 'x')}</row>"
        )
    )
    refusal, seconds, peak = consume(content, max_rows=2000)
    assert "понад 2000 рядків" in refusal.errors[0]
    assert seconds < 1
    assert peak < MEMORY_LIMIT


def test_a_huge_declared_dimension_is_ignored():
    content = xlsx_with_sheet(
        sheet(
            f"<row r='1'>{inline('A1', 'name')}</row><row r='2'>{inline('B2', 'x')}</row>",
            dimension="A1:XFD1048576",
        )
    )
    tracemalloc.start()
    table = read_table(upload(content), max_rows=2000)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert table == [["name"], ["", "x"]]
    assert peak < MEMORY_LIMIT


def test_a_row_numbered_two_billion_is_refused_at_once_at_monitorings_limit_too():
    content = xlsx_with_sheet(
        sheet(
            f"<row r='1'>{inline('A1', 'name')}</row>"
            f"<row r='2000000000'>{inline('A2000000000', 'x')}</row>"
        )
    )
    refusal, seconds, _peak = consume(content, max_rows=200_000)
    assert "понад 200000 рядків" in refusal.errors[0]
    assert seconds < 1


def test_a_row_numbered_two_billion_hidden_among_others_is_refused_in_under_a_second():
    content = xlsx_with_sheet(
        sheet(
            f"<row r='1'>{inline('A1', 'name')}</row>"
            f"<row r='2000000000'>{inline('A2000000000', 'x')}</row>"
            f"<row r='3'>{inline('A3', 'y')}</row>"
        )
    )
    refusal, seconds, peak = consume(content, max_rows=200_000)
    assert "понад 200000 рядків" in refusal.errors[0]
    assert seconds < 1
    assert peak < MEMORY_LIMIT


def test_rows_without_numbers_are_counted_too():
    content = xlsx_with_sheet(sheet(f"<row>{inline('A1', 'x')}</row>" * 12))
    with pytest.raises(TableRefused, match="понад 10 рядків"):
        read_table(upload(content), max_rows=10)
    content = xlsx_with_sheet(sheet(f"<row>{inline('A1', 'x')}</row>" * 11))
    assert len(read_table(upload(content), max_rows=10)) == 11


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    content = xlsx_with_sheet(sheet(f"<row r='1'>{inline('A1', 'a')}{inline('XFD1', 'z')}</row>"))
    assert read_table(upload(content), max_rows=10) == [["a"]]


def test_a_quarter_of_a_million_real_rows_stop_at_the_limit_in_flat_memory():
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'
        for n in range(1, 250_001)
    )
    content = xlsx_with_sheet(sheet(rows, dimension="A1:B250000"))
    # Monitoring's limit: the file is refused before 200,000 rows are parsed.
    refusal, seconds, peak = consume(content, max_rows=200_000)
    assert "понад 200000 рядків" in refusal.errors[0]
    assert seconds < 1
    assert peak < MEMORY_LIMIT


def test_a_quarter_of_a_million_csv_rows_stop_at_the_limit_in_flat_memory():
    content = b"a,b\n" + b"1,2\n" * 250_000
    refusal, seconds, peak = consume(content, max_rows=2000)
    assert "понад 2000 рядків" in refusal.errors[0]
    assert seconds < 1
    assert peak < MEMORY_LIMIT


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_it_is_parsed():
    huge = b"<row>" + b" " * (65 * 1024 * 1024) + b"</row>"
    content = xlsx_with_sheet(sheet("").replace(b"<sheetData>", b"<sheetData>" + huge))
    refusal, seconds, peak = consume(content, max_rows=2000)
    assert seconds < 1
    assert "розпаковується" in refusal.errors[0]
    assert peak < MEMORY_LIMIT


def test_a_shared_strings_table_that_unpacks_too_large_is_refused_before_it_is_loaded():
    source = zipfile.ZipFile(io.BytesIO(xlsx(["x"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (17 * 1024 * 1024) + b"</sst>")
    refusal, seconds, peak = consume(buffer.getvalue(), max_rows=2000)
    assert "розпаковується" in refusal.errors[0]
    assert seconds < 1
    assert peak < MEMORY_LIMIT


def test_an_overlong_cell_is_refused_with_its_name():
    long_text = "я" * (MAX_CELL_CHARS + 1)
    with pytest.raises(TableRefused, match="B2"):
        read_table(upload(xlsx(["a", "b"], ["x", long_text])), max_rows=10)
    with pytest.raises(TableRefused, match="B2"):
        read_table(upload(f"a,b\nx,{long_text}\n".encode()), max_rows=10)


@pytest.fixture
def csv_default_limit():
    """The csv module's limit is process-wide; frictionless (a test dependency, imported
    by the open-data tests) raises it. The portal runs with Python's default."""
    previous = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(previous)


def test_a_csv_cell_past_the_csv_modules_own_limit_is_refused_clearly(csv_default_limit):
    content = b'a\n"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(TableRefused) as refused:
        read_table(upload(content), max_rows=10)
    assert "Рядок 2 не вдалося прочитати" in refused.value.errors[0]


def test_a_nul_byte_inside_a_csv_is_refused_clearly():
    content = b"a\n" + b"x\n" * 700 + b"x\x00y\n"
    with pytest.raises(TableRefused, match="A702"):
        read_table(upload(content), max_rows=1000)


# Formulas -------------------------------------------------------------------------------


def test_a_formula_is_refused_with_the_cell_named():
    with pytest.raises(TableRefused) as refused:
        read_table(upload(xlsx(["a", "b", "c"], [1, 2, 3], [1, 2, "=A3+B3"])), max_rows=10)
    assert "C3" in refused.value.errors[0]
    assert "формул" in refused.value.errors[0]


def test_a_formula_without_a_cached_value_is_not_read_as_empty():
    content = xlsx_with_sheet(
        sheet(f"<row r='1'>{inline('A1', 'value')}</row><row r='2'><c r='A2'><f>1+1</f></c></row>")
    )
    with pytest.raises(TableRefused, match="A2"):
        read_table(upload(content), max_rows=10)


def test_a_text_starting_with_an_equals_sign_is_not_a_formula():
    content = xlsx_with_sheet(sheet(f"<row r='1'>{inline('A1', '=not a formula')}</row>"))
    assert read_table(upload(content), max_rows=10) == [["=not a formula"]]


# Errors ---------------------------------------------------------------------------------


def test_a_refusal_lists_the_first_hundred_problems_and_counts_the_rest():
    refused = TableRefused([f"problem {number}" for number in range(100_000)])
    assert len(refused.errors) == 101
    assert refused.errors[99] == "problem 99"
    assert "99900" in refused.errors[100]
    assert cap_errors(["one"]) == ["one"]


# Figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"), [("0", 0), ("12", 12), ("1 200", 1200), ("10000000", 10_000_000)]
)
def test_counts(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize(
    "text", ["", "-1", "1.5", "1e3", "²", "１２", "٣", "1_000", "10000001", "9" * 5000, "NaN"]
)
def test_bad_counts_are_refused_in_words(text):
    with pytest.raises(CellError) as refused:
        parse_count(text)
    assert str(refused.value).startswith(repr(text[:50]))


@pytest.mark.parametrize(
    ("text", "amount"),
    [("0", Decimal("0.00")), ("1 200,5", Decimal("1200.50")), ("99.99", Decimal("99.99"))],
)
def test_money(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize(
    "text", ["1e30", "1E3", "-5", "1.234", "²", "inf", "NaN", "1" * 13, "9" * 100_000, "1,2,3"]
)
def test_bad_money_is_refused_in_words(text):
    with pytest.raises(CellError):
        parse_money(text)


@pytest.mark.parametrize("text", ["1999", "2101", "²⁰²⁴", "20 24", "2024.0", "02024", ""])
def test_bad_years_are_refused_in_words(text):
    with pytest.raises(CellError):
        parse_year(text)
    assert parse_year("2024") == 2024


# Exports --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Сумська", "Сумська"),
        (-5, -5),
        (Decimal("-5.50"), Decimal("-5.50")),
        (None, None),
    ],
)
def test_neutralise(value, shown):
    assert neutralise(value) == shown
