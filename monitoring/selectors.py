"""Reads for monitoring, scoped to the user and aggregated in SQL.

Every function here costs a fixed number of queries, whatever the number of
communities, quarters or figures: the page tests hold them to it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import cached_property

from communities.models import Community, Oblast, Raion
from league import access
from monitoring.models import (
    DataValue,
    EntryExtension,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    StatusChange,
    ValidationRule,
    previous_quarter,
    quarter_of,
)
from monitoring.validation import Cell, check_report, compile_rules

SUBMITTED_STATES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


# Reports -------------------------------------------------------------------------------


def report_list_for_user(user) -> QuerySet[MonitoringReport]:
    """Reports within the user's communities, with community, raion and period joined."""
    queryset = MonitoringReport.objects.select_related("community__raion", "period")
    return access.scope(user, queryset)


class ReportPaginator(Paginator):
    """Pages of reports in their usual order (newest quarter first, then community)
    without sorting every report: one GROUP BY counts the reports of each quarter, and a
    page reads only the quarters it spans (nationally 1,469 reports, not 59,000, for
    the last page). Two queries per page, as Django's own paginator."""

    ORDERING = ("-period__year", "-period__quarter", "community__name")

    @cached_property
    def _per_period(self) -> list[tuple[int, int]]:
        return list(
            self.object_list.order_by("-period__year", "-period__quarter")
            .values_list("period_id")
            .annotate(reports=Count("pk"))
            .values_list("period_id", "reports")
        )

    @cached_property
    def count(self) -> int:
        return sum(reports for _period, reports in self._per_period)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        spanned, first, start = [], None, 0
        for period_id, reports in self._per_period:
            if start + reports > bottom and start < top:
                spanned.append(period_id)
                first = start if first is None else first
            start += reports
        if not spanned:
            return self._get_page([], number, self)
        rows = self.object_list.filter(period_id__in=spanned).order_by(*self.ORDERING, "pk")
        return self._get_page(rows[bottom - first : top - first], number, self)


def get_report_for_user(user, pk: int) -> MonitoringReport:
    """One report within the user's scope, or 404. One query."""
    return access.get_for_user(user, report_list_for_user(user).select_related("updated_by"), pk=pk)


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(active=True).order_by("order", "code"))


def compiled_rules(indicators: list[Indicator]):
    rules = ValidationRule.objects.filter(active=True).order_by("code")
    return compile_rules(rules, {indicator.code: indicator for indicator in indicators})


def values_of(reports) -> dict[int, tuple[dict[Cell, Decimal], dict[str, str]]]:
    """report id -> (figures by cell, texts by indicator code). One query."""
    found: dict[int, tuple[dict, dict]] = {}
    rows = DataValue.objects.filter(report__in=reports).values_list(
        "report_id",
        "indicator__code",
        "indicator__value_type",
        "dimension",
        "option",
        "value",
        "text",
    )
    for report_id, code, value_type, dimension, option, value, text in rows:
        numbers, texts = found.setdefault(report_id, ({}, {}))
        if value_type == Indicator.ValueType.TEXT:
            texts[code] = text
        elif value is not None:
            numbers[(code, dimension, option)] = value
    return found


@dataclass
class EarlierFigures:
    # The previous quarter's figures, shown beside each field (None: no report then).
    previous: dict[Cell, Decimal] | None
    previous_period: tuple[int, int]
    # code -> totals of each earlier quarter with a report, for the jump check.
    totals: dict[str, list[Decimal]] = field(default_factory=dict)


def earlier_figures(report: MonitoringReport) -> EarlierFigures:
    """The community's figures in the quarters before the report's. One query."""

    count = settings.MONITORING_JUMP_QUARTERS
    quarters = [previous_quarter(*report.period.key, steps) for steps in range(1, count + 1)]
    match = Q()
    for year, quarter in quarters:
        match |= Q(report__period__year=year, report__period__quarter=quarter)
    rows = (
        DataValue.objects.filter(match, report__community_id=report.community_id)
        .exclude(indicator__value_type=Indicator.ValueType.TEXT)
        .exclude(value__isnull=True)
        .values_list(
            "report__period__year",
            "report__period__quarter",
            "indicator__code",
            "dimension",
            "option",
            "value",
        )
    )
    by_quarter: dict[tuple[int, int], dict[Cell, Decimal]] = defaultdict(dict)
    for year, quarter, code, dimension, option, value in rows:
        by_quarter[(year, quarter)][(code, dimension, option)] = value
    totals: dict[str, list[Decimal]] = defaultdict(list)
    reported = set(by_quarter)
    for key in quarters:
        if key not in reported:
            continue
        codes = {code for code, dimension, _option in by_quarter[key] if not dimension}
        for code in codes:
            totals[code].append(by_quarter[key][(code, "", "")])
    # A quarter with a report counts as 0 for the indicators it left empty.
    for code in list(totals):
        totals[code].extend([Decimal(0)] * (len(reported) - len(totals[code])))
    return EarlierFigures(
        previous=by_quarter.get(quarters[0]),
        previous_period=quarters[0],
        totals=dict(totals),
    )


def report_check(report: MonitoringReport, indicators=None, values=None, earlier=None):
    """The rule and jump findings on the report's stored figures. At most 4 queries."""
    indicators = indicators if indicators is not None else active_indicators()
    if values is None:
        values = values_of([report.pk]).get(report.pk, ({}, {}))[0]
    earlier = earlier if earlier is not None else earlier_figures(report)
    return check_report(
        compiled=compiled_rules(indicators),
        indicators=indicators,
        values=values,
        earlier=earlier.totals,
    )


def status_log(report: MonitoringReport) -> list[StatusChange]:
    return list(report.status_changes.select_related("changed_by").order_by("-changed_at", "-pk"))


def extension_for(community_id: int, period: ReportingPeriod) -> EntryExtension | None:
    if period.pk is None:
        return None
    return EntryExtension.objects.filter(community_id=community_id, period=period).first()


def period_for(year: int, quarter: int) -> ReportingPeriod:
    """The stored period, or an unsaved one with the default dates."""
    stored = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    return stored or ReportingPeriod.for_quarter(year, quarter)


def open_quarters(today: datetime.date | None = None) -> list[tuple[int, int]]:
    """Quarters whose default entry window includes today, latest first."""
    today = today or timezone.localdate()
    current = quarter_of(today)
    quarters = []
    for steps in range(0, 3):
        key = previous_quarter(*current, steps)
        if ReportingPeriod.for_quarter(*key).is_open_on(today):
            quarters.append(key)
    return quarters


@dataclass(frozen=True)
class ToDo:
    community: Community
    period: ReportingPeriod
    report: MonitoringReport | None


def to_do_for_user(user, today: datetime.date | None = None) -> list[ToDo]:
    """For each of the user's communities and each quarter open for entry: its report, if
    started. For those who enter without reviewing, social workers (reviewers use the list
    and the matrix). Three queries."""
    if access.has_perm(user, "monitoring.review") or not access.has_perm(user, "monitoring.enter"):
        return []
    keys = open_quarters(today)
    stored = {
        period.key: period
        for period in ReportingPeriod.objects.filter(
            Q(year__in=[key[0] for key in keys]) & Q(quarter__in=[key[1] for key in keys])
        )
    }
    periods = [stored.get(key) or ReportingPeriod.for_quarter(*key) for key in keys]
    communities = list(access.scope(user, Community.objects.all(), path=None).order_by("name"))
    reports = {
        (report.community_id, report.period.key): report
        for report in MonitoringReport.objects.filter(
            community__in=communities, period__in=[p for p in periods if p.pk]
        ).select_related("period")
    }
    return [
        ToDo(community, period, reports.get((community.pk, period.key)))
        for community in communities
        for period in periods
    ]


def report_community_section(user, community) -> dict | None:
    """The community page's monitoring section: its last eight reports. One query."""
    if not access.has_perm(user, "monitoring.enter"):
        return None
    reports = list(
        MonitoringReport.objects.filter(community=community)
        .select_related("period")
        .order_by("-period__year", "-period__quarter")[:8]
    )
    return {"community": community, "reports": reports}


# Completeness --------------------------------------------------------------------------

CELL_NOT_STARTED = "not_started"
CELL_LATE = "late"


@dataclass
class CompletenessCell:
    status: str  # a ReportStatus value, or not_started / late
    report_id: int | None = None
    late: bool = False  # submitted after the deadline, or overdue and not submitted


@dataclass
class CompletenessRow:
    community: Community
    cells: list[CompletenessCell]
    periods: list[ReportingPeriod] = field(default_factory=list)

    @property
    def pairs(self):
        return zip(self.cells, self.periods, strict=True)


@dataclass
class Rate:
    label: str
    expected: int
    complete: int
    on_time: int

    @property
    def complete_percent(self) -> float | None:
        return round(100 * self.complete / self.expected, 1) if self.expected else None

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def periods_of_year(year: int, today: datetime.date | None = None) -> list[ReportingPeriod]:
    """The quarters of `year` that have begun, stored or with default dates. One query."""
    today = today or timezone.localdate()
    stored = {period.quarter: period for period in ReportingPeriod.objects.filter(year=year)}
    return [
        stored.get(quarter) or ReportingPeriod.for_quarter(year, quarter)
        for quarter in range(1, 5)
        if ReportingPeriod.for_quarter(year, quarter).starts_on <= today
    ]


def _on_time_filter():
    return Q(first_submitted_at__date__lte=F("period__deadline"))


def completeness_matrix(user, communities: QuerySet, periods: list[ReportingPeriod], today=None):
    """Rows of `communities` (already a page of them) by `periods`. One query."""
    today = today or timezone.localdate()
    communities = list(communities)
    stored_ids = [period.pk for period in periods if period.pk]
    reports = {}
    for report in MonitoringReport.objects.filter(
        community__in=communities, period_id__in=stored_ids
    ).values("id", "community_id", "period_id", "status", "first_submitted_at"):
        reports[(report["community_id"], report["period_id"])] = report
    rows = []
    for community in communities:
        cells = []
        for period in periods:
            report = reports.get((community.pk, period.pk)) if period.pk else None
            overdue = period.is_past_deadline(today)
            if report is None:
                cells.append(CompletenessCell(CELL_LATE if overdue else CELL_NOT_STARTED))
                continue
            submitted = report["first_submitted_at"]
            if report["status"] in SUBMITTED_STATES:
                late = timezone.localdate(submitted) > period.deadline
            else:
                late = overdue
            status = report["status"]
            if status in (ReportStatus.DRAFT,) and overdue:
                status = CELL_LATE
            cells.append(CompletenessCell(status, report["id"], late))
        rows.append(CompletenessRow(community, cells, periods))
    return rows


def completeness_rates(communities: QuerySet, periods: list[ReportingPeriod]):
    """Completeness and on-time rates per raion and for each oblast, per period and for
    all the periods together. Two GROUP BY queries."""
    stored = [period for period in periods if period.pk]
    expected_by_raion = {
        row["raion_id"]: row
        for row in communities.order_by()
        .values("raion_id")
        .annotate(
            count=Count("id"), raion_name=F("raion__name"), oblast_name=F("raion__oblast__name")
        )
    }
    counts = (
        MonitoringReport.objects.filter(
            community__in=communities.order_by().values("pk"), period__in=stored
        )
        .order_by()
        .values("community__raion_id", "period_id")
        .annotate(
            complete=Count("id", filter=Q(status__in=SUBMITTED_STATES)),
            on_time=Count("id", filter=Q(status__in=SUBMITTED_STATES) & _on_time_filter()),
        )
    )
    done: dict[tuple[int, int], tuple[int, int]] = {
        (row["community__raion_id"], row["period_id"]): (row["complete"], row["on_time"])
        for row in counts
    }

    def rates_for(raion_ids, label):
        per_period = []
        for period in periods:
            expected = sum(expected_by_raion[raion_id]["count"] for raion_id in raion_ids)
            complete = on_time = 0
            for raion_id in raion_ids:
                got = done.get((raion_id, period.pk), (0, 0)) if period.pk else (0, 0)
                complete += got[0]
                on_time += got[1]
            per_period.append(Rate(label, expected, complete, on_time))
        total = Rate(
            label,
            sum(rate.expected for rate in per_period),
            sum(rate.complete for rate in per_period),
            sum(rate.on_time for rate in per_period),
        )
        return {"label": label, "periods": per_period, "total": total}

    raions = sorted(
        expected_by_raion.values(), key=lambda row: (row["oblast_name"], row["raion_name"])
    )
    by_oblast: dict[str, list[int]] = defaultdict(list)
    for row in raions:
        by_oblast[row["oblast_name"]].append(row["raion_id"])
    return {
        "raions": [rates_for([row["raion_id"]], row["raion_name"]) for row in raions],
        "oblasts": [rates_for(ids, name) for name, ids in by_oblast.items()],
    }


# Aggregates: approved reports only -----------------------------------------------------


def approved_values() -> QuerySet[DataValue]:
    return DataValue.objects.filter(report__status=ReportStatus.APPROVED)


@dataclass
class Aggregates:
    oblast: Oblast | None
    year: int
    periods: list[tuple[int, int]]
    indicator: Indicator | None
    # code -> {(year, quarter): total}
    oblast_totals: dict[str, dict[tuple[int, int], Decimal]]
    # raion name -> {(year, quarter): total} for the chosen indicator
    raion_totals: dict[str, dict[tuple[int, int], Decimal]]
    # (community, KATOTTG) -> {(year, quarter): total} for the chosen indicator
    community_totals: dict[tuple[str, str], dict[tuple[int, int], Decimal]]
    breakdown: dict[tuple[str, str], Decimal]  # (dimension, option) -> total in the year
    trend: list[tuple[tuple[int, int], Decimal]]
    approved_counts: dict[tuple[int, int], int]
    community_count: int


def aggregates(*, oblast: Oblast, year: int, indicator: Indicator | None, raion: Raion | None):
    """Totals of approved reports for one oblast: every indicator by quarter of `year`;
    the chosen indicator by raion, by community, by breakdown, and over all quarters.
    Seven queries, each a GROUP BY."""
    in_oblast = approved_values().filter(report__community__raion__oblast=oblast)
    totals = in_oblast.filter(dimension="").exclude(indicator__value_type="text")
    of_year = totals.filter(report__period__year=year)
    quarter_fields = ("report__period__year", "report__period__quarter")

    def group(queryset, *keys):
        return queryset.order_by().values(*keys, *quarter_fields).annotate(total=Sum("value"))

    oblast_totals: dict[str, dict] = defaultdict(dict)
    for row in group(of_year, "indicator__code"):
        key = (row["report__period__year"], row["report__period__quarter"])
        oblast_totals[row["indicator__code"]][key] = row["total"]

    raion_totals: dict[str, dict] = defaultdict(dict)
    community_totals: dict[tuple[str, str], dict] = defaultdict(dict)
    breakdown: dict[tuple[str, str], Decimal] = {}
    trend: list = []
    if indicator is not None:
        chosen = of_year.filter(indicator=indicator)
        for row in group(chosen, "report__community__raion__name"):
            key = (row["report__period__year"], row["report__period__quarter"])
            raion_totals[row["report__community__raion__name"]][key] = row["total"]
        local = chosen.filter(report__community__raion=raion) if raion else chosen
        for row in group(local, "report__community__name", "report__community__katottg"):
            key = (row["report__period__year"], row["report__period__quarter"])
            name = (row["report__community__name"], row["report__community__katottg"])
            community_totals[name][key] = row["total"]
        for row in (
            in_oblast.filter(indicator=indicator, report__period__year=year)
            .exclude(dimension="")
            .order_by()
            .values("dimension", "option")
            .annotate(total=Sum("value"))
        ):
            breakdown[(row["dimension"], row["option"])] = row["total"]
        trend = [
            ((row["report__period__year"], row["report__period__quarter"]), row["total"])
            for row in group(totals.filter(indicator=indicator)).order_by(*quarter_fields)
        ]
    approved_counts = {
        (row["period__year"], row["period__quarter"]): row["count"]
        for row in MonitoringReport.objects.filter(
            status=ReportStatus.APPROVED, community__raion__oblast=oblast, period__year=year
        )
        .order_by()
        .values("period__year", "period__quarter")
        .annotate(count=Count("id"))
    }
    community_count = Community.objects.filter(raion__oblast=oblast).count()
    return Aggregates(
        oblast=oblast,
        year=year,
        periods=[(year, quarter) for quarter in range(1, 5)],
        indicator=indicator,
        oblast_totals=dict(oblast_totals),
        raion_totals=dict(sorted(raion_totals.items())),
        community_totals=dict(sorted(community_totals.items())),
        breakdown=breakdown,
        trend=trend,
        approved_counts=approved_counts,
        community_count=community_count,
    )


# Export ---------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "report__community__raion__oblast__name",
    "report__community__raion__name",
    "report__community__name",
    "report__community__katottg",
    "report__period__year",
    "report__period__quarter",
    "indicator__code",
    "indicator__value_type",
    "dimension",
    "option",
    "value",
    "text",
    "report__status",
)


def export_queryset(
    *, user, year: int | None = None, status: str = "", raion_id: int | None = None
) -> QuerySet:
    """The figures in long format as a queryset of tuples (EXPORT_FIELDS, in that order,
    named by `export_column`): exporting.copy_csv hands its SQL to PostgreSQL's COPY."""
    return export_rows(
        user=user, year=year, status=status, raion_id=raion_id, iterate=False
    ).values_list(*(export_column(field) for field in EXPORT_FIELDS))


def export_column(field: str) -> str:
    return "e_" + field.replace("__", "_")


def export_rows(
    *,
    user,
    year: int | None = None,
    status: str = "",
    raion_id: int | None = None,
    iterate: bool = True,
):
    """The figures in long format, one tuple per figure, streamed from one query."""
    queryset = access.scope(user, DataValue.objects.all(), path="report__community")
    if year:
        queryset = queryset.filter(report__period__year=year)
    if status:
        queryset = queryset.filter(report__status=status)
    if raion_id:
        queryset = queryset.filter(report__community__raion_id=raion_id)
    queryset = queryset.order_by(
        "report__community__raion__oblast__name",
        "report__community__raion__name",
        "report__community__katottg",
        "report__period__year",
        "report__period__quarter",
        "indicator__order",
        "indicator__code",
        "dimension",
        "option",
    )
    if not iterate:
        return queryset.annotate(**{export_column(field): F(field) for field in EXPORT_FIELDS})
    return queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every quarter from `first` to `last`, both included."""
    quarters, key = [], first
    while key <= last:
        quarters.append(key)
        key = (key[0] + 1, 1) if key[1] == 4 else (key[0], key[1] + 1)
    return quarters


def _in_quarters(prefix: str, first: tuple[int, int], last: tuple[int, int]) -> Q:
    # Years between, plus the partial first and last years: no OR per quarter.
    return (
        Q(**{f"{prefix}year__gt": first[0], f"{prefix}year__lt": last[0]})
        | (
            Q(**{f"{prefix}year": first[0], f"{prefix}quarter__gte": first[1]})
            & (Q(**{f"{prefix}year__lt": last[0]}) | Q(**{f"{prefix}quarter__lte": last[1]}))
        )
        | (
            Q(**{f"{prefix}year": last[0], f"{prefix}quarter__lte": last[1]})
            & Q(**{f"{prefix}year__gt": first[0]})
        )
    )


def approved_figures(*, oblast_id: int, first: tuple[int, int], last: tuple[int, int]):
    """Sums of approved figures (text left out) per community, indicator, breakdown and
    quarter, for one oblast's communities from `first` to `last`. One GROUP BY query;
    its rows, not its cost, grow with the communities."""
    return list(
        approved_values()
        .filter(
            _in_quarters("report__period__", first, last),
            report__community__raion__oblast_id=oblast_id,
        )
        .exclude(indicator__value_type=Indicator.ValueType.TEXT)
        .order_by()
        .values_list(
            "report__community_id",
            "indicator__code",
            "dimension",
            "option",
            "report__period__year",
            "report__period__quarter",
        )
        .annotate(total=Sum("value"))
    )


def reports_in_quarters(*, oblast_id: int, first: tuple[int, int], last: tuple[int, int]):
    """(community id, year, quarter, status, first submitted at, deadline) of every report
    of the oblast's communities in the range, for completeness and timeliness. One query."""
    return list(
        MonitoringReport.objects.filter(
            _in_quarters("period__", first, last), community__raion__oblast_id=oblast_id
        )
        .order_by()
        .values_list(
            "community_id",
            "period__year",
            "period__quarter",
            "status",
            "first_submitted_at",
            "period__deadline",
        )
    )
