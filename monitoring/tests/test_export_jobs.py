"""Exports too big for a request: a job, run by the task (immediate in tests), collected
by the person who asked for it; CSV for Ukrainian Excel; XLSX past Excel's row limit."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from communities.models import Community
from monitoring import export_jobs, exporting, selectors, services
from monitoring.models import DataValue, ExportJob
from monitoring.tests.factories import ReportFactory, period_for

YEAR = 2025


@pytest.fixture
def approved(cast, catalogue):
    report = ReportFactory(community=cast.community_a, period=period_for(YEAR, 1))
    services.report_save(
        report=report,
        figures={("PREVENTION_EVENTS", "", ""): Decimal(2)},
        explanation="Провели дві зустрічі в школах.",
        version=1,
        user=cast.staff,
    )
    services.report_submit(report=report, user=cast.staff)
    services.report_approve(report=report, user=cast.staff)
    return report


def test_an_xlsx_export_is_prepared_and_collected_by_its_owner(client_for, cast, approved):
    client = client_for("staff")
    response = client.get(reverse("monitoring:export"), {"format": "xlsx", "year": YEAR})
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:export")
    job = ExportJob.objects.get()
    assert (job.requested_by, job.state, job.year) == (cast.staff, ExportJob.State.DONE, YEAR)
    assert job.file_name.startswith(f"показники-{YEAR}-") and job.file_name.endswith(".xlsx")
    page = client.get(reverse("monitoring:export")).content.decode()
    assert reverse("monitoring:export_download", args=[job.pk]) in page

    download = client.get(reverse("monitoring:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert "filename*=utf-8''%D0%BF" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "область" and rows[1][-1] == "затверджено"
    assert job.rows == len(rows) - 1 > 0


def test_another_persons_export_is_not_found(client_for, cast, approved):
    job = export_jobs.export_job_create(
        user=cast.admin, year=YEAR, report_status="", raion=None, file_format="csv"
    )
    assert (
        client_for("staff").get(reverse("monitoring:export_download", args=[job.pk])).status_code
        == 404
    )
    assert "показники" not in client_for("staff").get(reverse("monitoring:export")).content.decode()


def test_a_job_not_yet_done_cannot_be_downloaded(client_for, cast):
    job = ExportJob.objects.create(requested_by=cast.staff, format="csv", file_name="x.csv")
    assert (
        client_for("staff").get(reverse("monitoring:export_download", args=[job.pk])).status_code
        == 404
    )


def test_every_year_goes_to_a_job_and_one_year_streams(client_for, approved):
    client = client_for("staff")
    assert client.get(reverse("monitoring:export"), {"format": "csv"}).status_code == 302
    assert ExportJob.objects.get().year is None
    one_year = client.get(reverse("monitoring:export"), {"format": "csv", "year": YEAR})
    assert b"".join(one_year.streaming_content).count(b"\n") == 2  # header and one figure
    assert ExportJob.objects.count() == 1


def test_csv_for_ukrainian_excel_has_semicolons_and_a_bom(client_for, approved):
    response = client_for("staff").get(
        reverse("monitoring:export"), {"format": "csv_semicolon", "year": YEAR}
    )
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeffобласть;район;громада".encode())
    assert content.decode().splitlines()[1].endswith(";затверджено")
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_a_failing_export_is_recorded_as_failed(cast, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs.selectors, "export_rows", broken)
    job = export_jobs.export_job_create(
        user=cast.staff, year=YEAR, report_status="", raion=None, file_format="xlsx"
    )
    job.refresh_from_db()
    assert (job.state, job.error) == (ExportJob.State.FAILED, "disk full")


def test_xlsx_past_the_row_limit_goes_on_to_further_sheets():
    rows = ([f"row {n}"] for n in range(7))
    buffer = io.BytesIO()
    assert exporting.xlsx_write(rows, buffer, max_rows=3) == 7
    workbook = load_workbook(buffer)
    sheets = [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in workbook]
    assert sheets == [
        ["область", "row 0", "row 1"],
        ["область", "row 2", "row 3"],
        ["область", "row 4", "row 5"],
        ["область", "row 6"],
    ]
    assert workbook.sheetnames == ["показники", "показники 2", "показники 3", "показники 4"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_same_csv_as_python_hostile_names_included(cast, catalogue):
    Community.objects.filter(pk=cast.community_a.pk).update(name='=HYPERLINK("http://x")')
    report = ReportFactory(community=cast.community_a, period=period_for(YEAR, 2))
    for code, value, text in [
        ("IDENTIFIED", Decimal(3), ""),
        ("BUDGET_SPENT", Decimal("12.50"), ""),
        ("NARRATIVE", None, "ВИДАЛИТИ"),
    ]:
        DataValue.objects.create(report=report, indicator=catalogue[code], value=value, text=text)
    DataValue.objects.create(
        report=report,
        indicator=catalogue["IDENTIFIED"],
        dimension="sex",
        option="male",
        value=Decimal(3),
    )
    choice = {"user": cast.staff, "year": YEAR, "status": "", "raion_id": None}
    copied = io.BytesIO()
    assert exporting.copy_csv(selectors.export_queryset(**choice), copied, delimiter=";") == 4
    python = "".join(
        exporting.csv_lines(exporting.long_rows(selectors.export_rows(**choice)), delimiter=";")
    )
    assert copied.getvalue().decode("utf-8").replace("\r\n", "\n") == python.replace("\r\n", "\n")
    assert "'=HYPERLINK" in python and ";'ВИДАЛИТИ;" in python
