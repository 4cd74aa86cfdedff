"""The shared spreadsheet reader behind every import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from league.tables import TableRefused, read_records, read_table


def upload(content: bytes, name="file.csv"):
    return SimpleUploadedFile(name, content)


def test_reads_utf8_csv_with_a_byte_order_mark():
    table = read_table(upload("\ufeffname,year\nСумська,2022\n".encode()), max_rows=10)
    assert table == [["name", "year"], ["Сумська", "2022"]]


def test_reads_excels_windows_1251_csv_with_semicolons():
    table = read_table(upload("name;year\nКонотопська;2022\n".encode("cp1251")), max_rows=10)
    assert table == [["name", "year"], ["Конотопська", "2022"]]


def test_reads_xlsx_by_its_content_whatever_its_name():
    workbook = Workbook()
    workbook.active.append(["name", "year"])
    workbook.active.append(["Сумська", 2022.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(upload(buffer.getvalue(), name="disguised.csv"), max_rows=10)
    assert table == [["name", "year"], ["Сумська", "2022"]]


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
    records = read_records(upload(text.encode()), ["name", "year"], max_rows=10)
    assert records == [
        (2, {"name": "Сумська", "year": "2022"}),
        (4, {"name": "Конотопська", "year": ""}),
    ]
    with pytest.raises(TableRefused, match="year,name"):
        read_records(upload(b"year,name\n"), ["name", "year"], max_rows=10)
