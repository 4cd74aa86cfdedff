"""The public page's open data, read by the tools people use on it: a Frictionless Data
Package that `frictionless` validates, CSVs that pandas reads with its defaults, a JSON of
the same fields, and labels in the reader's language whatever language a report was
issued in."""

import json

import pandas
import pytest
from django.conf import settings
from django.urls import reverse
from frictionless import Package, validate

from league.models import User
from league.reports import services
from league.reports.models import IssuedReport
from league.reports.tests.conftest import YEAR, add_report
from league.tests.factories import UserFactory
from monitoring.tests.factories import period_for

BASE = "https://portal.example/"
FILES = {
    "datapackage.json": "reports:public_datapackage",
    "communities.csv": "reports:public_csv",
    "oblast-figures.csv": "reports:public_figures_csv",
}


@pytest.fixture
def issued(small_oblast):
    """The latest progress and monitoring reports of the oblast, issued in `language`."""

    # Legal help for two people in the oblast: a small count, withheld («<5»).
    add_report(small_oblast["b"], period_for(YEAR, 2), "approved", {"HELP_LEGAL": 2})

    def issue(language="uk"):
        staff = UserFactory(role=User.Role.STAFF)
        for kind, params in (
            (IssuedReport.Kind.PROGRESS, {"oblast": small_oblast["oblast"].pk}),
            (
                IssuedReport.Kind.MONITORING,
                {"oblast": small_oblast["oblast"].pk, "first": [YEAR, 1], "last": [YEAR, 2]},
            ),
        ):
            services.report_issue(
                kind=kind, params=params, issued_by=staff, base_url=BASE, language=language
            )
        return small_oblast

    return issue


def download(client, folder, **headers):
    """The package's files as the site serves them, written side by side."""
    for name, url in FILES.items():
        response = client.get(reverse(url), **headers)
        assert response.status_code == 200
        (folder / name).write_bytes(response.content)
    return folder


def test_the_data_package_validates_and_names_its_licence_and_sources(client, issued, tmp_path):
    issued()

    folder = download(client, tmp_path)
    report = validate(str(folder / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    indicators = len(IssuedReport.objects.get(kind="monitoring").data["sections"][0]["lines"])
    assert [task.stats["rows"] for task in report.tasks] == [3, indicators * 3]  # 3 columns
    package = Package(str(folder / "datapackage.json"))
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    numbers = [entry.number for entry in IssuedReport.objects.order_by("pk")]
    assert [source["title"].split(" · ")[0] for source in package.sources] == numbers
    figures = package.get_resource("oblast-figures")
    markers = {
        marker["value"]: marker["label"]
        for marker in figures.schema.to_descriptor()["missingValues"]
        if marker["value"]
    }
    assert set(markers) == {"<5", "×"} and all(markers.values())
    rows = figures.read_rows()
    withheld = [row for row in rows if row["value"] is None]
    assert withheld and {row["marker"] for row in withheld} <= {"<5", "×"}
    assert all(row["marker"] is None for row in rows if row["value"] is not None)


def test_pandas_reads_the_csvs_with_its_defaults(client, issued, tmp_path):
    issued()

    folder = download(client, tmp_path)
    communities = pandas.read_csv(folder / "communities.csv")
    figures = pandas.read_csv(folder / "oblast-figures.csv")

    assert list(communities.columns) == [
        "katottg",
        "name",
        "raion",
        "round_table",
        "plan",
        "plan_adopted",
        "money_planned",
        "money_spent",
        "contracts",
        "contracted",
        "monitoring_on_time",
    ]
    assert set(communities["name"]) == {"Бурин", "Знам'янка", "Згорани"}
    for column in ("money_planned", "money_spent", "contracted"):
        assert communities[column].dtype == "float64"
    assert communities["contracts"].dtype == "int64"
    assert communities["round_table"].dtype == "bool"
    assert list(figures.columns) == [
        "indicator",
        "unit",
        "period",
        "period_start",
        "period_end",
        "value",
        "marker",
    ]
    assert figures["value"].dtype == "float64"  # numbers, and NaN where withheld
    assert set(figures["marker"].dropna()) <= {"<5", "×"}


def test_the_csv_starts_with_its_header_in_utf8_that_excel_recognises(client, issued):
    issued()

    for url in ("reports:public_csv", "reports:public_figures_csv"):
        response = client.get(reverse(url))
        assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
        assert response.content.startswith("\ufeff".encode())  # the byte-order mark
        first_line = response.content.decode("utf-8-sig").splitlines()[0]
        assert first_line.startswith(("katottg,name,", "indicator,unit,"))


def test_the_json_follows_the_schema_numbers_as_numbers_and_withheld_as_null(client, issued):
    issued()
    package = json.loads(client.get(reverse("reports:public_datapackage")).content)
    data = client.get(reverse("reports:public_json")).json()

    for resource in package["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        rows = data[resource["name"]]
        assert rows and all(list(row) == fields for row in rows)
    for row in data["oblast-figures"]:
        assert isinstance(row["value"], int | float) or (
            row["value"] is None and row["marker"] in ("<5", "×")
        )
    for row in data["communities"]:
        assert isinstance(row["money_planned"], float) and isinstance(row["contracts"], int)
    assert data["datapackage"].endswith(reverse("reports:public_datapackage"))


def test_after_an_english_report_labels_follow_the_readers_language(client, issued):
    issued(language="en")

    page = client.get(reverse("reports:public")).content.decode()
    data = client.get(reverse("reports:public_json")).json()

    for text in ("Бурин", "Особи, виявлені", "I кв. 2025", "Разом"):
        assert text in page
    assert "Buryn" not in page and "Q1 2025" not in page and "Total" not in page
    assert {row["name"] for row in data["communities"]} == {"Бурин", "Знам'янка", "Згорани"}
    assert {row["period"] for row in data["oblast-figures"]} == {
        "I кв. 2025",
        "II кв. 2025",
        "Разом",
    }
    assert data["sources"][0]["title"] == "Звіт про хід проєкту"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's cookie
    english = client.get(reverse("reports:public_json")).json()
    assert {row["name"] for row in english["communities"]} == {"Buryn", "Znamianka", "Zghorany"}
    assert "Q1 2025" in {row["period"] for row in english["oblast-figures"]}


def test_the_data_costs_the_same_queries_for_every_request(
    client, issued, django_assert_num_queries
):
    issued()
    # the latest progress report, the latest monitoring report, the indicators
    with django_assert_num_queries(3):
        client.get(reverse("reports:public_json"))
    issued(language="en")
    # and the communities by code: an English report stored transliterated names
    with django_assert_num_queries(4):
        client.get(reverse("reports:public_json"))
