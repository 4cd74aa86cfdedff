"""Reads of plans, programmes and contracts: scoped to the user, joined and aggregated
in SQL so that a page costs the same number of queries for 5 communities or 1,469."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
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

MONEY = DecimalField(max_digits=MONEY_DIGITS + 4, decimal_places=2)
ZERO_MONEY = Value(Decimal("0.00"), output_field=MONEY)
ZERO_COUNT = Value(0, output_field=IntegerField())


def _sum_over(queryset: QuerySet, field: str):
    """SUM(field) over a correlated queryset as a subquery; 0.00 when there are no rows."""
    inner = (
        queryset.order_by()
        .annotate(_group=Value(1))
        .values("_group")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(inner, output_field=MONEY), ZERO_MONEY, output_field=MONEY)


def _count_over(queryset: QuerySet):
    """COUNT(*) over a correlated queryset as a subquery."""
    inner = (
        queryset.order_by()
        .annotate(_group=Value(1))
        .values("_group")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(
        Subquery(inner, output_field=IntegerField()), ZERO_COUNT, output_field=IntegerField()
    )


# --- The oblast table ---


def plan_overview_for_user(user, year: int) -> QuerySet[Community]:
    """The communities the user may see, each annotated in SQL with its newest plan
    (id, status, period, adoption date), that plan's measures done and in total, the
    money its programmes plan and spend in `year`, and the contracts in force in
    `year` (signed, not terminated) with their amount. One query however many rows."""
    newest_plan = IdentificationPlan.objects.filter(community=OuterRef("pk")).order_by(
        "-start_year", "-pk"
    )
    measures = PlanMeasure.objects.filter(plan_id=OuterRef("plan_id"))
    lines = BudgetLine.objects.filter(programme__community=OuterRef("pk"), year=year)
    contracts = ServiceContract.objects.filter(
        community=OuterRef("pk"),
        status__in=[ServiceContract.Status.CONTRACTED, ServiceContract.Status.DELIVERED],
        period_start__year__lte=year,
        period_end__year__gte=year,
    )
    queryset = (
        Community.objects.select_related("raion")
        .annotate(
            plan_id=Subquery(newest_plan.values("pk")[:1]),
            # "expired" once the plan's years are over (derived, see shown_status).
            plan_status=Subquery(
                newest_plan.annotate(
                    shown_status=IdentificationPlan.shown_status_expression()
                ).values("shown_status")[:1]
            ),
            plan_start_year=Subquery(newest_plan.values("start_year")[:1]),
            plan_end_year=Subquery(newest_plan.values("end_year")[:1]),
            plan_decision_date=Subquery(newest_plan.values("decision_date")[:1]),
        )
        .annotate(
            measures_total=_count_over(measures),
            measures_done=_count_over(measures.filter(status=PlanMeasure.Status.DONE)),
            money_planned=_sum_over(lines, "planned"),
            money_spent=_sum_over(lines, "spent"),
            contracts_count=_count_over(contracts),
            contracts_amount=_sum_over(contracts, "amount"),
        )
        .order_by("raion__name", "name", "katottg")
    )
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
