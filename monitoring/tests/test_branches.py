"""The branches of the monitoring read and check code that the page tests do not reach:
a rule that no longer parses, a number cell left empty, an unsaved period, aggregates
with no indicator chosen, the export's year and raion filters."""

import logging
from decimal import Decimal

from communities.tests.factories import CommunityFactory, RaionFactory
from monitoring import selectors
from monitoring.exporting import format_figure
from monitoring.expressions import Number, references
from monitoring.models import DataValue, ReportingPeriod, ValidationRule
from monitoring.tests.factories import ReportFactory, period_for
from monitoring.validation import compile_rules

YEAR = 2025


def test_empty_figures_export_as_empty_cells_and_money_keeps_two_places():
    assert format_figure("number", None, "") == ""
    assert format_figure("money", Decimal("5"), "") == Decimal("5.00")
    assert format_figure("number", Decimal("7"), "") == 7
    assert format_figure("text", None, "ВИДАЛИТИ") == "'ВИДАЛИТИ"


def test_a_number_reads_no_figure():
    assert references(Number(Decimal(1))) == []


def test_a_rule_that_no_longer_parses_is_skipped_and_logged(catalogue, caplog):
    broken = ValidationRule(
        code="RETIRED", left="NO_LONGER_THERE", operator="<=", right="1", severity="error"
    )
    working = ValidationRule(
        code="FINE", left="STATUS_GRANTED", operator="<=", right="STATUS_APPLIED", severity="error"
    )
    with caplog.at_level(logging.WARNING, logger="monitoring.validation"):
        compiled = compile_rules([broken, working], catalogue)
    assert [item.rule.code for item in compiled] == ["FINE"]
    assert compiled[0].codes == {"STATUS_GRANTED", "STATUS_APPLIED"}
    assert "Validation rule RETIRED skipped" in caplog.text


def test_an_empty_number_cell_is_no_figure(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    DataValue.objects.create(report=report, indicator=catalogue["IDENTIFIED"], value=None)
    DataValue.objects.create(report=report, indicator=catalogue["REFERRALS"], value=3)
    DataValue.objects.create(report=report, indicator=catalogue["NARRATIVE"], text="Текст")
    numbers, texts = selectors.values_of([report])[report.pk]
    assert numbers == {("REFERRALS", "", ""): 3}
    assert texts == {"NARRATIVE": "Текст"}


def test_an_unsaved_period_has_no_extension_and_a_missing_one_is_built(cast, db):
    assert not ReportingPeriod.objects.filter(year=YEAR, quarter=2).exists()
    period = selectors.period_for(YEAR, 2)
    assert period.pk is None and (period.year, period.quarter) == (YEAR, 2)
    assert selectors.extension_for(cast.community_a.pk, period) is None
    stored = period_for(YEAR, 3)
    assert selectors.period_for(YEAR, 3) == stored


def test_aggregates_without_an_indicator_give_only_the_oblast_totals(cast, catalogue):
    report = ReportFactory(
        community=cast.community_a, period=period_for(YEAR, 1), status="approved"
    )
    DataValue.objects.create(report=report, indicator=catalogue["IDENTIFIED"], value=5)
    result = selectors.aggregates(oblast=cast.oblast, year=YEAR, indicator=None, raion=None)
    assert result.oblast_totals["IDENTIFIED"] == {(YEAR, 1): 5}
    assert result.raion_totals == {} and result.community_totals == {}
    assert result.breakdown == {}


def test_the_export_filters_by_year_and_raion(cast, catalogue):
    other = CommunityFactory(raion=RaionFactory(oblast=cast.oblast, name="Інший"))
    for community, year in ((cast.community_a, YEAR), (cast.community_a, YEAR - 1), (other, YEAR)):
        report = ReportFactory(community=community, period=period_for(year, 1))
        DataValue.objects.create(report=report, indicator=catalogue["IDENTIFIED"], value=1)

    def katottg_and_year(**filters):
        rows = list(selectors.export_rows(user=cast.staff, **filters))
        fields = selectors.EXPORT_FIELDS
        return sorted(
            (
                row[fields.index("report__community__katottg")],
                row[fields.index("report__period__year")],
            )
            for row in rows
        )

    assert len(katottg_and_year()) == 3
    assert katottg_and_year(year=YEAR) == sorted(
        [(cast.community_a.katottg, YEAR), (other.katottg, YEAR)]
    )
    assert katottg_and_year(raion_id=cast.raion.pk) == sorted(
        [(cast.community_a.katottg, YEAR - 1), (cast.community_a.katottg, YEAR)]
    )
