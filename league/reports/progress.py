"""The project progress report and the community profile.

The one module of the reports app that reads plans, programmes and contracts (and round
tables): each figure comes from one GROUP BY query, so a report costs the same number of
queries for 51 communities or 1,469.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Oblast
from communities.plans.models import BudgetLine, IdentificationPlan, PlanMeasure, ServiceContract
from league.advocacy.models import AdvocacyMeeting, Memorandum
from league.campaign.models import CampaignActivity, CommunityAgreement
from league.reports.labels import quarter_label
from league.reports.selectors import indicator_label
from league.targets import registry as target_registry
from league.targets.models import Project
from league.targets.selectors import progress_for_project
from league.translit import place_name
from monitoring import selectors as monitoring_selectors
from monitoring.models import ReportingPeriod, ReportStatus, previous_quarter, quarter_of
from roundtables.models import Commitment, RoundTable, RoundTableSeries

ZERO = Decimal("0.00")
ON_TIME_STATES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def plan_state(status: str, end_year: int | None, year: int) -> str:
    """A plan's status as reports show it: an adopted plan whose years are over is
    expired, not adopted."""
    if status == IdentificationPlan.Status.ADOPTED and end_year is not None and end_year < year:
        return IdentificationPlan.Status.EXPIRED
    return status


def plan_state_label(state: str | None) -> str:
    if not state:
        return _("no plan")
    return str(IdentificationPlan.Status(state).label)


def last_due_quarter(today: datetime.date) -> tuple[int, int]:
    """The latest quarter whose reports were due by today (default deadlines)."""
    key = previous_quarter(*quarter_of(today))
    while not ReportingPeriod.for_quarter(*key).is_past_deadline(today):
        key = previous_quarter(*key)
    return key


@dataclass
class CommunityStatus:
    """Where one community stands: the public page's and the progress report's row."""

    community_id: int
    katottg: str
    name: str
    raion: str
    round_table: bool = False
    plan_state: str | None = None
    plan_years: str = ""
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    contracts: int = 0
    contracted: Decimal = ZERO
    monitoring_on_time: bool = False

    @property
    def plan_label(self) -> str:
        return plan_state_label(self.plan_state)

    @property
    def plan_adopted(self) -> bool:
        return self.plan_state == IdentificationPlan.Status.ADOPTED

    @property
    def has_money(self) -> bool:
        return self.planned > 0


@dataclass
class ProjectProgress:
    oblast: Oblast
    as_of: datetime.date
    year: int
    target: int
    round_tables: dict[str, int]  # status -> count
    communities_total: int
    communities_reached: int
    commitments: list[tuple[str, int]]  # (status label, count)
    commitments_overdue: int
    plans: list[tuple[str, int]]  # (state label, communities)
    planned: Decimal
    spent: Decimal
    contracts: list[tuple[str, int, Decimal]]  # (status label, count, amount)
    monitoring_quarter: str
    rows: list[CommunityStatus] = field(default_factory=list)

    @property
    def held(self) -> int:
        return self.round_tables.get(RoundTable.Status.HELD, 0)


def community_statuses(*, oblast: Oblast, today: datetime.date) -> list[CommunityStatus]:
    """Every community of the oblast with its round tables, plan, money in the current
    year, contracts and last due monitoring report. Six queries."""
    year = today.year
    rows = {
        community.pk: CommunityStatus(
            community.pk, community.katottg, community.name, community.raion.name
        )
        for community in Community.objects.filter(raion__oblast=oblast)
        .select_related("raion")
        .order_by("raion__name", "name")
    }
    reached = set(
        RoundTable.invited_communities.through.objects.filter(
            roundtable__status=RoundTable.Status.HELD, community__raion__oblast=oblast
        ).values_list("community_id", flat=True)
    )
    # The newest plan of each community (by first year, then id).
    plans = (
        IdentificationPlan.objects.filter(community__raion__oblast=oblast)
        .order_by("community_id", "start_year", "pk")
        .values_list("community_id", "status", "start_year", "end_year")
    )
    for community_id, status, start, end in plans:
        row = rows[community_id]
        row.plan_state = plan_state(status, end, year)
        row.plan_years = f"{start}–{end}"
    money = (
        BudgetLine.objects.filter(programme__community__raion__oblast=oblast, year=year)
        .order_by()
        .values_list("programme__community_id")
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
    )
    for community_id, planned, spent in money:
        rows[community_id].planned = planned or ZERO
        rows[community_id].spent = spent or ZERO
    contracts = (
        ServiceContract.objects.filter(
            community__raion__oblast=oblast, status__in=ServiceContract.SIGNED_STATUSES
        )
        .order_by()
        .values_list("community_id")
        .annotate(count=Count("id"), amount=Sum("amount"))
    )
    for community_id, count, amount in contracts:
        rows[community_id].contracts = count
        rows[community_id].contracted = amount or ZERO
    due = last_due_quarter(today)
    for row in monitoring_selectors.reports_in_quarters(oblast_id=oblast.pk, first=due, last=due):
        community_id, _year, _quarter, status, submitted, deadline = row
        if status in ON_TIME_STATES and submitted and timezone.localdate(submitted) <= deadline:
            rows[community_id].monitoring_on_time = True
    for community_id in reached:
        rows[community_id].round_table = True
    return list(rows.values())


def project_progress(*, oblast: Oblast, today: datetime.date | None = None) -> ProjectProgress:
    """The project's progress in the oblast as of `today`. Ten queries."""
    today = today or timezone.localdate()
    rows = community_statuses(oblast=oblast, today=today)
    round_tables = dict(
        RoundTable.objects.filter(series__oblast=oblast)
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
    )
    target = (
        RoundTableSeries.objects.filter(oblast=oblast).aggregate(target=Sum("target"))["target"]
        or 0
    )
    commitments = Commitment.objects.filter(community__raion__oblast=oblast)
    by_status = dict(commitments.order_by().values_list("status").annotate(count=Count("id")))
    overdue = commitments.overdue(today).count()
    plan_counts: dict[str | None, int] = defaultdict(int)
    for row in rows:
        plan_counts[row.plan_state] += 1
    plan_order = [*IdentificationPlan.Status.values, None]
    contract_rows = {
        status: (count, amount or ZERO)
        for status, count, amount in ServiceContract.objects.filter(community__raion__oblast=oblast)
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"), amount=Sum("amount"))
    }
    return ProjectProgress(
        oblast=oblast,
        as_of=today,
        year=today.year,
        target=target,
        round_tables=round_tables,
        communities_total=len(rows),
        communities_reached=sum(row.round_table for row in rows),
        commitments=[
            (str(label), by_status.get(value, 0)) for value, label in Commitment.Status.choices
        ],
        commitments_overdue=overdue,
        plans=[(plan_state_label(state), plan_counts.get(state, 0)) for state in plan_order],
        planned=sum((row.planned for row in rows), ZERO),
        spent=sum((row.spent for row in rows), ZERO),
        contracts=[
            (str(label), *contract_rows.get(value, (0, ZERO)))
            for value, label in ServiceContract.Status.choices
        ],
        monitoring_quarter=quarter_label(last_due_quarter(today)),
        rows=rows,
    )


@dataclass
class CommunityProfile:
    community: Community
    name: str
    raion: str
    as_of: datetime.date
    quarters: list[str]
    figures: list[tuple[str, list]]  # (indicator, value per quarter)
    plans: list[dict]
    programmes: list[dict]
    contracts: list[ServiceContract]
    round_tables: list[RoundTable]
    commitments: list[tuple[str, int]]
    status: CommunityStatus


def community_profile(*, community: Community, today: datetime.date | None = None):
    """Everything about one community, for its own social workers and for staff (exact
    figures: they may see small counts). Fixed number of queries."""
    today = today or timezone.localdate()
    last = last_due_quarter(today)
    first = previous_quarter(*last, 3)
    quarters = monitoring_selectors.quarters_between(first, last)
    statuses = community_statuses(oblast=community.raion.oblast, today=today)
    status = next(row for row in statuses if row.community_id == community.pk)
    values: dict[tuple[str, tuple[int, int]], Decimal] = {}
    for row in monitoring_selectors.approved_figures(
        oblast_id=community.raion.oblast_id, first=first, last=last
    ):
        community_id, code, dimension, _option, year, quarter, total = row
        if community_id == community.pk and not dimension:
            values[(code, (year, quarter))] = total
    indicators = [
        indicator for indicator in monitoring_selectors.active_indicators() if not indicator.is_text
    ]
    figures = [
        (
            indicator_label(indicator),
            [
                values.get((indicator.code, key), Decimal(0))
                if indicator.is_money
                else int(values.get((indicator.code, key), 0))
                for key in quarters
            ],
        )
        for indicator in indicators
    ]
    plans = [
        {
            "years": f"{plan.start_year}–{plan.end_year}",
            "state": plan_state_label(plan_state(plan.status, plan.end_year, today.year)),
            "decision": plan.decision_number,
            "measures": plan.measure_count,
            "done": plan.measures_done,
        }
        for plan in IdentificationPlan.objects.filter(community=community)
        .annotate(
            measure_count=Count("measures"),
            measures_done=Count("measures", filter=Q(measures__status=PlanMeasure.Status.DONE)),
        )
        .order_by("-start_year")
    ]
    programmes = list(
        BudgetLine.objects.filter(programme__community=community)
        .order_by()
        .values("programme__name", "year")
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
        .order_by("-year", "programme__name")
    )
    contracts = list(ServiceContract.objects.filter(community=community).order_by("-period_start"))
    round_tables = list(
        RoundTable.objects.filter(invited_communities=community).order_by("-starts_at")
    )
    commitments = dict(
        Commitment.objects.filter(community=community)
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
    )
    return CommunityProfile(
        community=community,
        name=place_name(community.name),
        raion=place_name(community.raion.name),
        as_of=today,
        quarters=[quarter_label(key) for key in quarters],
        figures=figures,
        plans=plans,
        programmes=programmes,
        contracts=contracts,
        round_tables=round_tables,
        commitments=[
            (str(label), commitments.get(value, 0)) for value, label in Commitment.Status.choices
        ],
        status=status,
    )


@dataclass
class LeagueWork:
    """The campaign, advocacy and the logframe targets, for the progress report."""

    stances: list[tuple[str, int]]  # (stance, communities), agreeing stances first
    communities_agreed: int  # agreed or joined, counted once (the targets' own figure)
    activities: int
    people_reached: int
    meetings: list[tuple[str, int]]  # (outcome, meetings)
    memoranda_in_force: int
    targets: list[tuple[Project, list[dict]]]  # the targets page's sections per project


def league_work(*, oblast: Oblast, protect: bool, today: datetime.date) -> LeagueWork:
    """The League's own work in the oblast. Queries, whatever the number of communities:
    stances (GROUP BY), communities agreeing, activities and people reached, meetings by
    outcome, memoranda in force, projects, then per project the targets page's own
    (three, plus each named computation its logframe uses)."""
    stances = dict(
        CommunityAgreement.objects.filter(strategy__oblast=oblast)
        .values_list("stance")
        .annotate(communities=Count("community", distinct=True))
        .order_by()
    )
    order = [
        CommunityAgreement.Stance.AGREED,
        CommunityAgreement.Stance.JOINED,
        CommunityAgreement.Stance.INVITED,
        CommunityAgreement.Stance.DECLINED,
    ]
    activities = CampaignActivity.objects.filter(community__raion__oblast=oblast).aggregate(
        count=Count("pk"), people=Sum("people_reached", default=0)
    )
    meetings = dict(
        AdvocacyMeeting.objects.filter(oblast=oblast)
        .values_list("outcome")
        .annotate(count=Count("pk"))
        .order_by()
    )
    in_force = (
        Memorandum.objects.filter(oblast=oblast, status=Memorandum.Status.IN_FORCE)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .count()
    )
    projects = list(Project.objects.filter(oblast=oblast).select_related("oblast"))
    return LeagueWork(
        stances=[(str(stance.label), stances.get(stance, 0)) for stance in order],
        communities_agreed=target_registry.communities_agreed_strategy(oblast),
        activities=activities["count"],
        people_reached=activities["people"],
        meetings=[
            (str(outcome.label), meetings.get(outcome, 0)) for outcome in AdvocacyMeeting.Outcome
        ],
        memoranda_in_force=in_force,
        targets=[
            (project, progress_for_project(None, project, suppress=protect)) for project in projects
        ],
    )
