"""Export and import in long format: the round trip, and all-or-nothing refusals."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import services
from monitoring.exporting import COLUMNS
from monitoring.models import DataValue, ExportJob, MonitoringReport, StatusChange
from monitoring.tests.factories import ReportFactory, period_for

YEAR = 2025


@pytest.fixture
def data(cast, catalogue):
    """Three reports of communities A and B, approved, submitted and draft."""
    figures = {
        ("IDENTIFIED", "", ""): Decimal(2),
        ("IDENTIFIED", "sex", "female"): Decimal(2),
        ("IDENTIFIED", "age", "adult"): Decimal(2),
        ("IDENTIFIED", "exploitation", "labour"): Decimal(2),
        ("STATUS_APPLIED", "", ""): Decimal(1),
        ("STATUS_GRANTED", "", ""): Decimal(1),
        ("BUDGET_PLANNED", "", ""): Decimal("25000.00"),
        ("BUDGET_SPENT", "", ""): Decimal("12345.67"),
        ("NARRATIVE", "", ""): "Бракує притулку в громаді; домовились з обласним центром.",
    }
    for community, quarter, status in [
        (cast.community_a, 1, "approved"),
        (cast.community_a, 2, "submitted"),
        (cast.community_b, 1, "draft"),
    ]:
        report = ReportFactory(community=community, period=period_for(YEAR, quarter))
        services.report_save(
            report=report, figures=figures, explanation="", version=1, user=cast.staff
        )
        if status != "draft":
            services.report_submit(report=report, user=cast.staff)
        if status == "approved":
            services.report_approve(report=report, user=cast.staff)
    return figures


HEADER_UK = [
    "область",
    "район",
    "громада",
    "Код КАТОТТГ",
    "рік",
    "квартал",
    "показник",
    "розподіл",
    "значення",
    "статус",
]


def _export(client, **params) -> bytes:
    """The export's file: streamed at once (a CSV of one year), or made by the task
    (immediate in tests) and downloaded from the export page."""
    response = client.get(reverse("monitoring:export"), params)
    if response.status_code == 302:
        job = ExportJob.objects.latest("pk")
        assert job.state == ExportJob.State.DONE, job.error
        response = client.get(reverse("monitoring:export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv_rows(content: bytes):
    text = content.decode("utf-8-sig")
    return list(
        csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ",")
    )


def _wipe():
    # The log is append-only for the portal; the test clears it below that guard (on
    # PostgreSQL its trigger too, for this test's transaction only).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check pending
            cursor.execute("ALTER TABLE monitoring_statuschange DISABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    QuerySet.delete(StatusChange.objects.all())
    DataValue.objects.all().delete()
    MonitoringReport.objects.all().delete()


def _upload(client, content: bytes, name="figures.csv", explanation=""):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("monitoring:import"), {"file": upload, "explanation": explanation})


def test_csv_export_is_long_format(client_for, data, cast):
    rows = _csv_rows(_export(client_for("staff"), format="csv"))
    assert rows[0] == HEADER_UK
    assert len(rows) == 1 + 3 * len(data)
    assert [
        cast.oblast.name,
        cast.raion.name,
        cast.community_a.name,
        cast.community_a.katottg,
        str(YEAR),
        "1",
        "IDENTIFIED",
        "sex=female",
        "2",
        "затверджено",
    ] in rows
    assert [
        cast.oblast.name,
        cast.raion.name,
        cast.community_a.name,
        cast.community_a.katottg,
        str(YEAR),
        "1",
        "BUDGET_SPENT",
        "",
        "12345.67",
        "затверджено",
    ] in rows


def test_export_filters_by_status(client_for, data):
    rows = _csv_rows(_export(client_for("staff"), format="csv", status="draft"))
    assert {row[-1] for row in rows[1:]} == {"чернетка"}


def test_csv_round_trip_gives_the_same_values(client_for, data):
    client = client_for("staff")
    exported = _csv_rows(_export(client, format="csv"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(exported)
    _wipe()
    response = _upload(client, buffer.getvalue().encode("utf-8"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    again = _csv_rows(_export(client, format="csv"))
    assert again == exported
    # Importing the same file once more changes nothing.
    assert _upload(client, buffer.getvalue().encode("utf-8")).status_code == 302
    assert _csv_rows(_export(client, format="csv")) == exported
    assert MonitoringReport.objects.count() == 3


def test_xlsx_round_trip_gives_the_same_values(client_for, data):
    client = client_for("staff")
    content = _export(client, format="xlsx")
    workbook = load_workbook(io.BytesIO(content))
    before = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert before[0] == HEADER_UK
    _wipe()
    assert _upload(client, content, name="figures.xlsx").status_code == 302
    again = _export(client, format="xlsx")
    after = [
        list(row) for row in load_workbook(io.BytesIO(again)).active.iter_rows(values_only=True)
    ]
    assert after == before


def _file(*rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _row(cast, indicator, value, disaggregation="", status="submitted", quarter=1, community=None):
    community = community or cast.community_a
    return [
        "",
        "",
        community.name,
        community.katottg,
        YEAR,
        quarter,
        indicator,
        disaggregation,
        value,
        status,
    ]


def test_import_with_bad_rows_saves_nothing(client_for, cast, catalogue):
    content = _file(
        _row(cast, "PREVENTION_EVENTS", "2"),
        _row(cast, "PREVENTION_REACHED", "80"),
        _row(cast, "NO_SUCH", "1"),
        _row(cast, "IDENTIFIED", "1.5"),
        _row(cast, "IDENTIFIED", "1", "colour=red"),
        ["", "", "", "UA00000000000000000", YEAR, 1, "IDENTIFIED", "", "1", "submitted"],
        _row(cast, "PREVENTION_EVENTS", "-1", quarter=2),
        _row(cast, "BUDGET_SPENT", "10.555", quarter=2),
        _row(cast, "REFERRALS", "1", status="lost"),
    )
    response = _upload(client_for("staff"), content)
    assert response.status_code == 400
    page = response.content.decode()
    for number in range(4, 11):
        assert f"Рядок {number}:" in page
    assert not MonitoringReport.objects.exists() and not DataValue.objects.exists()


def test_import_goes_through_the_validation_rules(client_for, cast, catalogue):
    client = client_for("staff")
    content = _file(_row(cast, "STATUS_APPLIED", "1"), _row(cast, "STATUS_GRANTED", "2"))
    response = _upload(client, content)
    assert response.status_code == 400
    assert "(2)" in response.content.decode()
    assert not MonitoringReport.objects.exists()
    # A draft may hold errors, as in the form.
    content = _file(
        _row(cast, "STATUS_APPLIED", "1", status="draft"),
        _row(cast, "STATUS_GRANTED", "2", status="draft"),
    )
    assert _upload(client, content).status_code == 302
    assert MonitoringReport.objects.get().status == "draft"


def test_import_warning_needs_an_explanation(client_for, cast, catalogue):
    client = client_for("staff")
    content = _file(_row(cast, "PREVENTION_EVENTS", "3"), _row(cast, "PREVENTION_REACHED", "1"))
    assert _upload(client, content).status_code == 400
    assert not MonitoringReport.objects.exists()
    assert _upload(client, content, explanation="Зустрічі з фахівцями.").status_code == 302
    report = MonitoringReport.objects.get()
    assert report.status == "submitted" and report.explanation == "Зустрічі з фахівцями."


def test_import_refuses_changes_to_an_approved_report(client_for, cast, data):
    content = _file(_row(cast, "IDENTIFIED", "5", status="approved"))
    response = _upload(client_for("staff"), content)
    assert response.status_code == 400
    assert (
        DataValue.objects.get(
            report__period__quarter=1,
            report__community=cast.community_a,
            indicator__code="IDENTIFIED",
            dimension="",
        ).value
        == 2
    )


def test_import_refuses_a_wrong_header(client_for, catalogue):
    response = _upload(client_for("staff"), b"a,b,c\n1,2,3\n")
    assert response.status_code == 400
    assert not MonitoringReport.objects.exists()


def test_formula_like_text_is_quoted_in_exports_and_restored_on_import(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a, period=period_for(YEAR, 1))
    formula = '=HYPERLINK("http://example.org","x")'
    services.report_save(
        report=report,
        figures={("NARRATIVE", "", ""): formula},
        explanation="",
        version=1,
        user=cast.staff,
    )
    client = client_for("staff")
    rows = _csv_rows(_export(client, format="csv"))
    assert rows[1][8] == "'" + formula
    xlsx = _export(client, format="xlsx")
    cell = load_workbook(io.BytesIO(xlsx)).active.cell(row=2, column=9)
    assert cell.data_type == "s" and cell.value == "'" + formula
    _wipe()
    assert _upload(client, xlsx, name="figures.xlsx").status_code == 302
    assert DataValue.objects.get().text == formula


def _stored(cast, code, quarter=1):
    return DataValue.objects.get(
        report__period__quarter=quarter,
        report__community=cast.community_b,
        indicator__code=code,
        dimension="",
    )


def test_an_empty_cell_never_deletes_a_figure_the_marker_does(client_for, cast, data):
    client = client_for("staff")
    draft = [
        _row(cast, "BUDGET_SPENT", "", status="draft", community=cast.community_b),
        _row(cast, "STATUS_GRANTED", "", status="draft", community=cast.community_b),
    ]
    response = _upload(client, _file(*draft))
    assert response.status_code == 302
    assert _stored(cast, "BUDGET_SPENT").value == Decimal("12345.67")
    content = _file(
        _row(cast, "BUDGET_SPENT", "ВИДАЛИТИ", status="draft", community=cast.community_b),
        _row(cast, "STATUS_GRANTED", "delete", status="draft", community=cast.community_b),
    )
    assert _upload(client, content).status_code == 302
    remaining = DataValue.objects.filter(
        report__community=cast.community_b, report__period__quarter=1
    )
    assert not remaining.filter(indicator__code__in=["BUDGET_SPENT", "STATUS_GRANTED"]).exists()
    assert remaining.filter(indicator__code="BUDGET_PLANNED").exists()


def test_a_text_figure_that_reads_as_the_marker_survives_a_round_trip(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a, period=period_for(YEAR, 1))
    services.report_save(
        report=report,
        figures={("NARRATIVE", "", ""): "Delete"},
        explanation="",
        version=1,
        user=cast.staff,
    )
    client = client_for("staff")
    xlsx = _export(client, format="xlsx")
    _wipe()
    assert _upload(client, xlsx, name="figures.xlsx").status_code == 302
    assert DataValue.objects.get().text == "Delete"


@pytest.mark.parametrize(
    ("row_values", "message"),
    [
        ({"indicator": "BUDGET_SPENT", "value": "1e30"}, "не є сумою в гривнях"),
        ({"indicator": "BUDGET_SPENT", "value": "9" * 13}, "більше за"),
        ({"indicator": "IDENTIFIED", "value": "²"}, "не є цілим числом"),
        ({"indicator": "IDENTIFIED", "value": "9" * 5000}, "більше за"),
        ({"indicator": "IDENTIFIED", "value": "NaN"}, "не є цілим числом"),
        ({"indicator": "IDENTIFIED", "value": "1", "year": "²⁰²⁵"}, "не є роком"),
        ({"indicator": "IDENTIFIED", "value": "1", "year": "9" * 5000}, "не є роком"),
        ({"indicator": "IDENTIFIED", "value": "1", "quarter": "²"}, "від 1 до 4"),
        ({"indicator": "NARRATIVE", "value": "я" * 4001}, "довший за 4000"),
    ],
)
def test_every_bad_figure_gets_a_ukrainian_row_error(
    client_for, cast, catalogue, row_values, message
):
    row = _row(cast, row_values["indicator"], row_values["value"])
    row[4] = row_values.get("year", row[4])
    row[5] = row_values.get("quarter", row[5])
    response = _upload(client_for("staff"), _file(row))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Рядок 2:" in page and message in page
    assert not MonitoringReport.objects.exists()


def test_a_hundred_thousand_bad_rows_show_a_hundred_errors_and_a_count(client_for, cast, catalogue):
    rows = [_row(cast, "IDENTIFIED", "x", quarter=1)] * 100_000
    response = _upload(client_for("staff"), _file(*rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Рядок ") == 100
    assert "і ще 99" in page and "900 проблем" in page
    assert len(response.content) < 200_000
    assert not MonitoringReport.objects.exists()


def test_a_formula_in_an_imported_xlsx_is_refused_with_its_cell(client_for, cast, catalogue):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(COLUMNS)
    workbook.active.append(_row(cast, "IDENTIFIED", "=1+1"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client_for("staff"), buffer.getvalue(), name="figures.xlsx")
    assert response.status_code == 400
    assert "I2" in response.content.decode()
    assert not MonitoringReport.objects.exists()


def test_names_from_the_admin_are_neutralised_in_every_export(client_for, cast, data):
    cast.community_a.name = '=HYPERLINK("http://evil.example","click")'
    cast.community_a.save()
    cast.raion.name = "@SUM(1)"
    cast.raion.save()
    client = client_for("staff")
    rows = _csv_rows(_export(client, format="csv"))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert ["'@SUM(1)", "'" + cast.community_a.name] in [row[1:3] for row in rows]
    xlsx = _export(client, format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert "f" not in {cell.data_type for cell in cells}
    assert "'@SUM(1)" in {cell.value for cell in cells}
