"""A register that grows: `Scale.grow_to(n)` bulk-creates communities, each with the rows
every list and dashboard reads (a plan with measures, one of them overdue; a programme
with budget lines; a contract; approved monitoring reports with figures; an invitation
to every round table; a commitment; a person), so that a query per community, per plan,
per report or per round table would show as a different count at 51 and at 1,000.

`query_count(client, url)` returns how many queries one GET costs, and the SQL, so a
failing comparison says which query was added."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Community
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    PlanMeasure,
    ServiceContract,
)
from monitoring.catalogue import catalogue_load
from monitoring.models import DataValue, Indicator, MonitoringReport, previous_quarter
from monitoring.tests.factories import current_quarter, period_for
from roundtables.models import Commitment, Person, RoundTable, person_name_key
from roundtables.tests.factories import (
    ResolutionFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

QUARTERS = 2  # approved reports per community: the two quarters before the current one
ROUND_TABLES = 3


def query_count(client, url: str, data=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


class Scale:
    """The cast's raion, grown. Built once per test; `grow_to` may be called again with
    a larger number."""

    def __init__(self, cast):
        self.cast = cast
        self.raion = cast.raion
        catalogue_load()
        self.indicators = list(
            Indicator.objects.filter(code__in=["IDENTIFIED", "PREVENTION_EVENTS"])
        )
        assert len(self.indicators) == 2, "the catalogue lost the indicators the scale uses"
        keys = [previous_quarter(*current_quarter(), steps) for steps in range(1, QUARTERS + 1)]
        self.periods = [period_for(*key) for key in keys]
        series = RoundTableSeriesFactory(oblast=cast.oblast)
        self.round_tables = [
            RoundTableFactory(
                series=series,
                venue_community=cast.community_a,
                invited=[cast.community_a, cast.community_b],
            )
            for _ in range(ROUND_TABLES)
        ]
        self.resolution = ResolutionFactory(round_table=self.round_tables[0])
        self.today = timezone.localdate()

    def grow_to(self, total: int) -> list[Community]:
        """Bulk-create communities (with their rows) until the register holds `total`."""
        start = Community.objects.count()
        assert total > start, (total, start)
        new = Community.objects.bulk_create(
            Community(
                katottg=f"UA98{number:015d}",  # apart from the factories' UA59...
                name=f"Громада {number:04d}",
                type=Community.Type.RURAL,
                raion=self.raion,
                centre=f"Село {number}",
                population=1000 + number,
            )
            for number in range(start, total)
        )
        new = list(Community.objects.filter(katottg__in=[c.katottg for c in new]))
        self._plans(new)
        self._reports(new)
        self._round_tables(new)
        return new

    def _plans(self, communities):
        plans = IdentificationPlan.objects.bulk_create(
            IdentificationPlan(
                community=community,
                start_year=self.today.year - 1,
                end_year=self.today.year + 1,
                status=IdentificationPlan.Status.DRAFTING,
            )
            for community in communities
        )
        PlanMeasure.objects.bulk_create(
            PlanMeasure(
                plan=plan,
                category=PlanMeasure.Category.PREVENTION,
                description=f"Захід {number}",
                responsible="Відділ",
                deadline=self.today + datetime.timedelta(days=-30 if number == 0 else 30),
                status=PlanMeasure.Status.PLANNED,
            )
            for plan in plans
            for number in range(3)
        )
        programmes = LocalProgramme.objects.bulk_create(
            LocalProgramme(
                community=community,
                kind=LocalProgramme.Kind.SOCIAL,
                name="Програма",
                start_year=self.today.year,
                end_year=self.today.year,
            )
            for community in communities
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                programme=programme,
                year=self.today.year,
                purpose=purpose,
                planned=Decimal("100.10"),
                spent=Decimal("0.01"),
            )
            for programme in programmes
            for purpose in (BudgetLine.Purpose.PREVENTION, BudgetLine.Purpose.CAMPAIGN)
        )
        ServiceContract.objects.bulk_create(
            ServiceContract(
                community=community,
                service="Супровід",
                provider_name="ГО",
                provider_edrpou="12345678",
                amount=Decimal("10.00"),
                contract_date=datetime.date(self.today.year, 1, 1),
                period_start=datetime.date(self.today.year, 1, 1),
                period_end=datetime.date(self.today.year, 12, 31),
                status=ServiceContract.Status.CONTRACTED,
            )
            for community in communities
        )

    def _reports(self, communities):
        submitted = timezone.now() - datetime.timedelta(days=1)
        reports = MonitoringReport.objects.bulk_create(
            MonitoringReport(
                community=community,
                period=period,
                status="approved",
                first_submitted_at=submitted,
            )
            for community in communities
            for period in self.periods
        )
        DataValue.objects.bulk_create(
            (
                DataValue(report=report, indicator=indicator, value=Decimal(index % 3))
                for index, report in enumerate(reports)
                for indicator in self.indicators
            ),
            batch_size=2000,
        )

    def _round_tables(self, communities):
        Invited = RoundTable.invited_communities.through
        Invited.objects.bulk_create(
            Invited(roundtable=round_table, community=community)
            for round_table in self.round_tables
            for community in communities
        )
        Commitment.objects.bulk_create(
            Commitment(
                resolution=self.resolution,
                text="Обіцянка",
                community=community,
                responsible="Голова громади",
                due_date=self.today + datetime.timedelta(days=30),
            )
            for community in communities
        )
        Person.objects.bulk_create(
            Person(
                full_name=f"Учасник {community.katottg}",
                name_key=person_name_key(f"Учасник {community.katottg}"),
                position="Староста",
                community=community,
                category=Person.Category.values[0],
            )
            for community in communities
        )
