"""Aggregates count approved reports only, summed in SQL."""

from decimal import Decimal

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league import charts
from league.models import User
from league.tests.factories import UserFactory
from monitoring import selectors
from monitoring.models import DataValue
from monitoring.tests.factories import ReportFactory, period_for

YEAR = 2025


@pytest.fixture
def data(catalogue):
    oblast = OblastFactory()
    north = RaionFactory(oblast=oblast, name="Північний")
    south = RaionFactory(oblast=oblast, name="Південний")
    a = CommunityFactory(raion=north, name="Альфа")
    b = CommunityFactory(raion=north, name="Бета")
    c = CommunityFactory(raion=south, name="Гамма")
    q1, q2 = period_for(YEAR, 1), period_for(YEAR, 2)
    identified = catalogue["IDENTIFIED"]
    spent = catalogue["BUDGET_SPENT"]

    def report(community, period, status, figure, money=None):
        report = ReportFactory(community=community, period=period, status=status)
        DataValue.objects.create(report=report, indicator=identified, value=figure)
        DataValue.objects.create(
            report=report, indicator=identified, dimension="sex", option="female", value=figure
        )
        if money is not None:
            DataValue.objects.create(report=report, indicator=spent, value=Decimal(money))
        return report

    report(a, q1, "approved", 2, "1500.50")
    report(b, q1, "approved", 1, "100.00")
    report(c, q1, "approved", 4)
    report(a, q2, "approved", 1)
    # None of these may count:
    report(b, q2, "submitted", 50, "99999.00")
    report(c, q2, "draft", 60)
    report(c, period_for(YEAR, 3), "returned", 70)
    return {"oblast": oblast, "north": north, "identified": identified, "spent": spent}


def test_only_approved_figures_count(data):
    result = selectors.aggregates(
        oblast=data["oblast"], year=YEAR, indicator=data["identified"], raion=None
    )
    assert result.oblast_totals["IDENTIFIED"] == {(YEAR, 1): 7, (YEAR, 2): 1}
    assert result.oblast_totals["BUDGET_SPENT"] == {(YEAR, 1): Decimal("1600.50")}
    assert result.raion_totals == {
        "Південний": {(YEAR, 1): 4},
        "Північний": {(YEAR, 1): 3, (YEAR, 2): 1},
    }
    assert result.community_totals[("Альфа", next(iter(result.community_totals))[1])] == {
        (YEAR, 1): 2,
        (YEAR, 2): 1,
    }
    assert result.breakdown == {("sex", "female"): 8}
    assert result.trend == [((YEAR, 1), 7), ((YEAR, 2), 1)]
    assert result.approved_counts == {(YEAR, 1): 3, (YEAR, 2): 1}


def test_raion_narrows_the_community_table(data):
    result = selectors.aggregates(
        oblast=data["oblast"], year=YEAR, indicator=data["identified"], raion=data["north"]
    )
    assert {name for name, _code in result.community_totals} == {"Альфа", "Бета"}


def test_page_says_only_approved_data_counts(client, data, django_assert_num_queries):
    client.force_login(UserFactory(role=User.Role.STAFF))
    # session, user; the default oblast, the catalogue for the default indicator; the
    # chosen oblast, the catalogue again; five GROUP BY sums (by indicator, raion,
    # community, breakdown, quarter); reports per quarter; communities of the oblast;
    # the catalogue for the table; the filter's choices (oblasts twice, indicators,
    # raions): 18. None grows with communities or quarters.
    with django_assert_num_queries(18):
        response = client.get(
            reverse("monitoring:aggregates"),
            {"year": YEAR, "indicator": data["identified"].pk, "oblast": data["oblast"].pk},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="approved-only"' in page
    assert "<svg" in page and "I кв. 2025: 7" in page
    assert "1 600,50" in page.replace("\xa0", " ")
    assert "99 999" not in page.replace("\xa0", " ")


def test_trend_chart_has_one_bar_per_quarter_and_a_quarter_without_figures_at_zero():
    columns = charts.quarter_columns(
        [((2024, 4), Decimal(3)), ((2025, 2), Decimal(1))], label=lambda key: str(key)
    )

    assert [(column.label, column.figure) for column in columns] == [
        ("(2024, 4)", Decimal(3)),
        ("(2025, 1)", 0),
        ("(2025, 2)", Decimal(1)),
    ]
    svg = charts.columns_svg(columns, title="Разом")
    assert svg.startswith("<svg") and svg.count("<rect") == 3
    assert charts.quarter_columns([], label=str) == []


def test_the_indicator_choice_names_indicators_without_their_codes(client_for, cast):
    from monitoring.catalogue import catalogue_load

    catalogue_load()
    page = client_for("staff").get(reverse("monitoring:aggregates")).content.decode()
    start = page.index('name="indicator"')
    select = page[start : page.index("</select>", start)]
    assert "виявлен" in select
    assert "IDENTIFIED" not in select and " · " not in select
