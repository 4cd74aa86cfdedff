"""Every refusal of the figures import, one row each, read in English (the messages are
gettext msgids), and what the accepted cells mean (a delete marker, an empty cell, an
apostrophe before a formula-like text)."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from monitoring.importing import REMOVE, parse_records
from monitoring.models import quarter_of


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(community, indicator="IDENTIFIED", value="1", **columns):
    year, _quarter = quarter_of(timezone.localdate())
    return {
        "oblast": "",
        "raion": "",
        "community": community.name,
        "katottg": community.katottg,
        "year": str(year),
        "quarter": "1",
        "indicator": indicator,
        "disaggregation": "",
        "value": value,
        "status": "submitted",
        **columns,
    }


def parse(cast, catalogue, *rows):
    return parse_records(
        enumerate(rows, start=2),
        communities={cast.community_a.katottg: cast.community_a},
        indicators=catalogue,
        today=timezone.localdate(),
    )


def next_year():
    return str(timezone.localdate().year + 1)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"katottg": "UA00000000000000000"},
            "no community with KATOTTG code 'UA00000000000000000'",
        ),
        ({"year": "1999"}, "'1999' is not a year from 2000 to 2100"),
        ({"quarter": "5"}, "the quarter must be a number from 1 to 4, not '5'"),
        ({"quarter": ""}, "the quarter must be a number from 1 to 4, not ''"),
        ({"year": next_year}, "has not begun"),
        ({"indicator": "NO_SUCH"}, "no active indicator 'NO_SUCH'"),
        ({"disaggregation": "colour=red"}, "IDENTIFIED has no disaggregation 'colour=red'"),
        ({"disaggregation": "sex"}, "IDENTIFIED has no disaggregation 'sex'"),
        ({"value": "1.5"}, "Row 2:"),
        ({"value": "-1"}, "Row 2:"),
        ({"indicator": "BUDGET_SPENT", "value": "10.555"}, "Row 2:"),
        ({"indicator": "NARRATIVE", "value": "я" * 20_001}, "the text is longer than"),
        ({"status": "lost"}, "unknown status 'lost' (known: draft, submitted"),
    ],
)
def test_each_bad_cell_is_refused_with_its_row_and_reason(cast, catalogue, columns, message):
    columns = {name: value() if callable(value) else value for name, value in columns.items()}
    parsed = parse(cast, catalogue, row(cast.community_a, **columns))
    assert len(parsed.errors) == 1, parsed.errors
    assert parsed.errors[0].startswith("Row 2: ")
    assert message in parsed.errors[0]
    assert parsed.reports == {} and parsed.communities == {}


def test_the_same_figure_twice_is_refused_at_its_second_row(cast, catalogue):
    parsed = parse(cast, catalogue, row(cast.community_a), row(cast.community_a, value="2"))
    assert parsed.errors == ["Row 3: the same figure again (first in row 2)."]
    [report] = parsed.reports.values()
    assert list(report.figures.values()) == [1]


def test_rows_of_one_report_with_different_statuses_are_refused(cast, catalogue):
    parsed = parse(
        cast,
        catalogue,
        row(cast.community_a),
        row(cast.community_a, indicator="REFERRALS", status="approved"),
    )
    assert parsed.errors == ["Row 3: status approved differs from the report's other rows."]


def test_a_file_without_rows_is_refused(cast, catalogue):
    assert parse(cast, catalogue).errors == ["The file has no figures."]


def test_delete_markers_empty_cells_and_quoted_texts(cast, catalogue):
    parsed = parse(
        cast,
        catalogue,
        row(cast.community_a, value="ВИДАЛИТИ"),
        row(cast.community_a, indicator="REFERRALS", value=""),
        row(cast.community_a, indicator="NARRATIVE", value="'=SUM(A1)"),
        row(cast.community_a, indicator="BUDGET_SPENT", value="1 000,50"),
    )
    assert parsed.errors == []
    [report] = parsed.reports.values()
    assert report.figures == {
        ("IDENTIFIED", "", ""): REMOVE,
        ("NARRATIVE", "", ""): "=SUM(A1)",
        ("BUDGET_SPENT", "", ""): Decimal("1000.50"),
    }
    assert ("REFERRALS", "", "") in report.rows  # checked, but changes nothing
    assert report.first_row == 2
    assert parsed.communities == {cast.community_a.pk: cast.community_a}
