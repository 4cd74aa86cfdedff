"""Reads of plans, programmes and contracts: scoped to the user, joined and aggregated
in SQL so that a page costs the same number of queries for 5 communities or 1,469."""

from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from communities.models import Community
from communities.plans.models import (
    MONEY_DIGITS,
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league import access
from league.derived import DerivedCol, join_derived

MONEY = DecimalField(max_digits=MONEY_DIGITS + 4, decimal_places=2)
ZERO_MONEY = Value(Decimal("0.00"), output_field=MONEY)
ZERO_COUNT = Value(0, output_field=IntegerField())


def _or_zero(column: DerivedCol):
    """A derived table's figure, 0 (or 0.00) for a row that has no children."""
    zero = ZERO_MONEY if column.output_field is MONEY else ZERO_COUNT
    return Coalesce(column, zero, output_field=column.output_field)


# --- The oblast table ---


def plan_overview_for_user(user, year: int, oblast=None) -> QuerySet[Community]:
    """The communities the user may see, each annotated in SQL with its newest plan
    (id, status, period, adoption date), that plan's measures done and in total, the
    money its programmes plan and spend in `year`, and the contracts in force in
    `year` (signed, not terminated) with their amount.

    One query however many rows: each child table is grouped by community (or plan) in
    a derived table of its own, joined once, so that a community's budget lines never
    multiply its contracts or measures (see league/derived.py). With `oblast`, the
    derived tables group only that oblast's rows, not the whole country's."""

    def of_oblast(queryset, path_to_oblast):
        return queryset if oblast is None else queryset.filter(**{path_to_oblast: oblast})

    newest_plans = (
        of_oblast(IdentificationPlan.objects, "community__raion__oblast")
        .order_by()
        .annotate(
            # "expired" once the plan's years are over (derived, see shown_status).
            newest_shown_status=IdentificationPlan.shown_status_expression(),
            newness=Window(
                RowNumber(),
                partition_by=[F("community_id")],
                order_by=[F("start_year").desc(), F("pk").desc()],
            ),
        )
        .values(
            "newness",
            "newest_shown_status",
            newest_id=F("pk"),
            newest_community=F("community_id"),
            newest_start_year=F("start_year"),
            newest_end_year=F("end_year"),
            newest_decision_date=F("decision_date"),
        )
    )
    measures = (
        of_oblast(PlanMeasure.objects, "plan__community__raion__oblast")
        .order_by()
        .values(measured_plan=F("plan_id"))
        .annotate(
            measures_all=Count("pk"),
            measures_finished=Count("pk", filter=Q(status=PlanMeasure.Status.DONE)),
        )
    )
    lines = (
        of_oblast(BudgetLine.objects, "programme__community__raion__oblast")
        .filter(year=year)
        .order_by()
        .values(lines_community=F("programme__community_id"))
        .annotate(lines_planned=Sum("planned"), lines_spent=Sum("spent"))
    )
    contracts = (
        of_oblast(ServiceContract.objects, "community__raion__oblast")
        .filter(
            status__in=[ServiceContract.Status.CONTRACTED, ServiceContract.Status.DELIVERED],
            period_start__year__lte=year,
            period_end__year__gte=year,
        )
        .order_by()
        .values(contracts_community=F("community_id"))
        .annotate(contracts_all=Count("pk"), contracts_sum=Sum("amount"))
    )
    queryset = of_oblast(Community.objects.select_related("raion"), "raion__oblast")
    queryset, plan = join_derived(
        queryset,
        newest_plans,
        name="newest_plan",
        column="newest_community",
        extra={"newness": 1},
    )
    queryset, measure = join_derived(
        queryset,
        measures,
        name="plan_measures",
        column="measured_plan",
        parent_alias=plan,
        parent_column="newest_id",
    )
    queryset, line = join_derived(queryset, lines, name="year_lines", column="lines_community")
    queryset, contract = join_derived(
        queryset, contracts, name="year_contracts", column="contracts_community"
    )
    queryset = queryset.annotate(
        plan_id=DerivedCol(plan, "newest_id", IntegerField()),
        plan_status=DerivedCol(plan, "newest_shown_status", CharField()),
        plan_start_year=DerivedCol(plan, "newest_start_year", IntegerField()),
        plan_end_year=DerivedCol(plan, "newest_end_year", IntegerField()),
        plan_decision_date=DerivedCol(plan, "newest_decision_date", DateField()),
        measures_total=_or_zero(DerivedCol(measure, "measures_all", IntegerField())),
        measures_done=_or_zero(DerivedCol(measure, "measures_finished", IntegerField())),
        money_planned=_or_zero(DerivedCol(line, "lines_planned", MONEY)),
        money_spent=_or_zero(DerivedCol(line, "lines_spent", MONEY)),
        contracts_count=_or_zero(DerivedCol(contract, "contracts_all", IntegerField())),
        contracts_amount=_or_zero(DerivedCol(contract, "contracts_sum", MONEY)),
    ).order_by("raion__name", "name", "katottg")
    return access.scope(user, queryset, path=None)


def plan_overview_totals(queryset: QuerySet[Community]) -> dict:
    """Totals over the whole filtered table (not only the page), in one query."""
    # The aliases must differ from the annotations they sum, or Django replaces them.
    sums = queryset.order_by().aggregate(
        total_communities=Count("pk"),
        total_with_plan=Count("pk", filter=Q(plan_id__isnull=False)),
        total_adopted=Count("pk", filter=Q(plan_status=IdentificationPlan.Status.ADOPTED)),
        total_measures_done=Sum("measures_done"),
        total_measures_total=Sum("measures_total"),
        total_money_planned=Sum("money_planned", output_field=MONEY),
        total_money_spent=Sum("money_spent", output_field=MONEY),
        total_contracts_count=Sum("contracts_count"),
        total_contracts_amount=Sum("contracts_amount", output_field=MONEY),
    )
    totals = {key.removeprefix("total_"): value for key, value in sums.items()}
    for key in ("measures_done", "measures_total", "contracts_count"):
        totals[key] = totals[key] or 0
    for key in ("money_planned", "money_spent", "contracts_amount"):
        totals[key] = (totals[key] or Decimal("0")).quantize(Decimal("0.01"))
    return totals


def overview_years() -> list[int]:
    """Years a person may pick in the oblast table: around this year. No query."""
    this_year = timezone.localdate().year
    return list(range(this_year + 2, 2015, -1))


# --- Overdue measures ---


def overdue_measures_for_user(user, today=None) -> QuerySet[PlanMeasure]:
    """Open measures past their deadline in the user's communities, oldest deadline first,
    with plan, community and raion joined: one query per page."""
    queryset = (
        PlanMeasure.objects.overdue(today)
        .select_related("plan__community__raion")
        .order_by("deadline", "pk")
    )
    return access.scope(user, queryset, path="plan__community")


# --- One community's plans, programmes and contracts ---


def plan_list_for_community(community: Community) -> QuerySet[IdentificationPlan]:
    """A community's plans, newest first, with their measures counted in SQL."""
    today = timezone.localdate()
    open_statuses = list(PlanMeasure.OPEN_STATUSES)
    return community.identification_plans.annotate(
        measures_total=Count("measures"),
        measures_done=Count("measures", filter=Q(measures__status=PlanMeasure.Status.DONE)),
        measures_overdue=Count(
            "measures",
            filter=Q(measures__status__in=open_statuses, measures__deadline__lt=today),
        ),
    ).order_by("-start_year", "-pk")


def programme_list_for_community(community: Community, year: int) -> QuerySet[LocalProgramme]:
    """A community's programmes with money planned and spent, in all and in `year`."""
    return community.programmes.annotate(
        planned_total=Coalesce(Sum("budget_lines__planned"), ZERO_MONEY, output_field=MONEY),
        spent_total=Coalesce(Sum("budget_lines__spent"), ZERO_MONEY, output_field=MONEY),
        planned_year=Coalesce(
            Sum("budget_lines__planned", filter=Q(budget_lines__year=year)),
            ZERO_MONEY,
            output_field=MONEY,
        ),
        spent_year=Coalesce(
            Sum("budget_lines__spent", filter=Q(budget_lines__year=year)),
            ZERO_MONEY,
            output_field=MONEY,
        ),
    ).order_by("-start_year", "name")


def contract_list_for_community(community: Community) -> QuerySet[ServiceContract]:
    return community.service_contracts.order_by("-period_start", "-pk")


def plans_section_context(user, community: Community) -> dict | None:
    """The "plans and money" section of the community page, or None for a user who may
    not read plans. The caller fetched the community through the user's scope, so a
    worker seeing it serves it. Three queries."""
    if not access.has_perm(user, "plans.view"):
        return None
    year = timezone.localdate().year
    contracts = list(contract_list_for_community(community))
    suppress = not access.has_perm(user, "figures.view_small_counts")
    for contract in contracts:
        contract.people_served_shown = (
            "<5" if suppress and 0 < contract.people_served < 5 else contract.people_served
        )
    return {
        "community": community,
        "year": year,
        "plans": plan_list_for_community(community),
        "programmes": programme_list_for_community(community, year),
        "contracts": contracts,
        "can_edit": access.has_perm(user, "plans.edit_own"),
    }


# --- Single objects, fetched through the user's scope (another community's: 404) ---


def get_plan_for_user(user, pk: int) -> IdentificationPlan:
    queryset = IdentificationPlan.objects.select_related("community__raion__oblast")
    return access.get_for_user(user, queryset, pk=pk)


def plan_measures_with_updates(plan: IdentificationPlan) -> QuerySet[PlanMeasure]:
    """A plan's measures with their status-change logs (two queries)."""
    updates = MeasureUpdate.objects.select_related("recorded_by").order_by("date", "pk")
    return plan.measures.prefetch_related(Prefetch("updates", queryset=updates)).order_by(
        "deadline", "pk"
    )


def get_measure_for_user(user, pk: int) -> PlanMeasure:
    queryset = PlanMeasure.objects.select_related("plan__community")
    return access.get_for_user(user, queryset, path="plan__community", pk=pk)


def get_measure_update_for_user(user, pk: int) -> MeasureUpdate:
    queryset = MeasureUpdate.objects.select_related("measure__plan__community")
    return access.get_for_user(user, queryset, path="measure__plan__community", pk=pk)


def get_programme_for_user(user, pk: int) -> LocalProgramme:
    queryset = LocalProgramme.objects.select_related("community__raion__oblast")
    return access.get_for_user(user, queryset, pk=pk)


def programme_lines(programme: LocalProgramme) -> QuerySet[BudgetLine]:
    return programme.budget_lines.select_related("measure").order_by("year", "purpose", "pk")


def programme_totals_by_year(programme: LocalProgramme) -> list[dict]:
    """Planned and spent per year, summed in SQL."""
    return list(
        programme.budget_lines.order_by("year")
        .values("year")
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
    )


def get_budget_line_for_user(user, pk: int) -> BudgetLine:
    queryset = BudgetLine.objects.select_related("programme__community")
    return access.get_for_user(user, queryset, path="programme__community", pk=pk)


def get_contract_for_user(user, pk: int) -> ServiceContract:
    queryset = ServiceContract.objects.select_related("community")
    return access.get_for_user(user, queryset, pk=pk)


def measures_for_community(community: Community) -> QuerySet[PlanMeasure]:
    """A community's measures, for a budget line to name the one it funds."""
    return PlanMeasure.objects.filter(plan__community=community).select_related("plan")
