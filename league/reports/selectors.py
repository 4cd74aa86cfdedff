"""Report context builders: every figure a report or the council's pages show.

Each builder costs a fixed number of queries whatever the number of communities (the
tests hold them to it with 51 and 1,000 communities): the figures come grouped from SQL,
and the tables are assembled in Python from those rows. Counts of people pass through
league.disclosure when the reader may not see small counts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Oblast
from league import access, disclosure
from league.reports.labels import english, period_label, quarter_label
from league.reports.models import IssuedReport, Release
from league.translit import place_name
from monitoring import selectors as monitoring_selectors
from monitoring.dimensions import Exploitation
from monitoring.models import Indicator, ReportingPeriod, ReportStatus

IDENTIFIED = "IDENTIFIED"
OBLAST = ("oblast",)
ALL = "all"
FORM = "exploitation"


def is_sensitive(indicator: Indicator) -> bool:
    """Person-linked counts (the catalogue's flag: people identified or helped,
    referrals, statuses, and their breakdowns): the ones small-number protection covers."""
    return indicator.person_linked


def indicator_label(indicator: Indicator) -> str:
    return indicator.name_en if english() else indicator.name_uk


@dataclass
class Line:
    """One row of a table: its label and the figures as shown (a number or a label)."""

    label: str
    figures: list
    kind: str = "row"  # row, subtotal, total
    money: bool = False
    people: bool = True  # counts of people, protected for the council and the public


@dataclass
class Section:
    title: str
    columns: list[str]
    lines: list[Line] = field(default_factory=list)
    note: str = ""


@dataclass
class OblastMonitoring:
    oblast: Oblast
    first: tuple[int, int]
    last: tuple[int, int]
    period: str
    quarters: list[str]
    protected: bool
    summary: Section
    communities: Section
    forms: Section
    help: Section
    completeness: Section
    late: list[tuple[str, str]]  # (community, quarter) without an on-time report
    trend: list[tuple[str, object]]  # (quarter, oblast total as shown)
    community_count: int
    hidden_count: int
    release: object = None  # the stored release the figures come from (council, public)


def _completeness(communities, raion_of, quarters, reports, today):
    """Per raion: expected reports, submitted (or approved), on time; and who is late."""
    submitted_states = {ReportStatus.SUBMITTED, ReportStatus.APPROVED}
    by_key = {(row[0], (row[1], row[2])): row for row in reports}
    expected: dict[int, int] = defaultdict(int)
    complete: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    late = []
    # Overdue by the default deadline: reports missing for a quarter not yet due are not late.
    due = {key for key in quarters if ReportingPeriod.for_quarter(*key).is_past_deadline(today)}
    for community in communities:
        raion_id = raion_of[community.pk]
        for key in quarters:
            expected[raion_id] += 1
            row = by_key.get((community.pk, key))
            if row and row[3] in submitted_states:
                complete[raion_id] += 1
                if timezone.localdate(row[4]) <= row[5]:
                    on_time[raion_id] += 1
                    continue
            if key in due:
                late.append((place_name(community.name), quarter_label(key)))
    return expected, complete, on_time, late


def oblast_monitoring(
    *, oblast: Oblast, first: tuple[int, int], last: tuple[int, int], protect: bool, today=None
) -> OblastMonitoring:
    """The oblast's approved figures for the quarters `first`..`last`: totals by quarter,
    per raion and community, forms of exploitation, help by kind, completeness and
    timeliness. Counts of people are protected when `protect` (council, public).
    Four queries: communities, indicators, figures (GROUP BY), reports."""
    today = today or timezone.localdate()
    quarters = monitoring_selectors.quarters_between(first, last)
    communities = list(
        Community.objects.filter(raion__oblast=oblast)
        .select_related("raion")
        .order_by("raion__name", "name")
    )
    by_pk = {community.pk: community for community in communities}
    raions: dict[int, str] = {}
    members: dict[int, list[int]] = defaultdict(list)
    raion_of: dict[int, int] = {}
    for community in communities:
        raions.setdefault(community.raion_id, community.raion.name)
        members[community.raion_id].append(community.pk)
        raion_of[community.pk] = community.raion_id
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(active=True).order_by("order", "code")
        if not indicator.is_text
    ]
    sensitive = {indicator.code for indicator in indicators if is_sensitive(indicator)}
    rows = monitoring_selectors.approved_figures(oblast_id=oblast.pk, first=first, last=last)

    # The protected cells: (area, period, code, option).
    community_areas = [("community", pk) for pk in raion_of]
    raion_areas = [("raion", pk) for pk in raions]
    # Past eight quarters the tables have a column per year (a page cannot hold forty);
    # the trend keeps the quarters.
    by_year = len(quarters) > 8
    years = sorted({year for year, _quarter in quarters})
    column_keys = [("year", year) for year in years] if by_year else list(quarters)
    periods = [*column_keys, ALL]
    forms = [f"{FORM}:{value}" for value in Exploitation.values]
    cells: dict[tuple, int] = {}
    if IDENTIFIED in sensitive:
        for area in [*community_areas, *raion_areas, OBLAST]:
            for period in periods:
                cells[(area, period, IDENTIFIED, "")] = 0
        for area in [*raion_areas, OBLAST]:
            for option in forms:
                cells[(area, ALL, IDENTIFIED, option)] = 0
        if by_year:
            for key in quarters:
                cells[(OBLAST, key, IDENTIFIED, "")] = 0
    for code in sensitive - {IDENTIFIED}:
        for area in raion_areas:
            cells[(area, ALL, code, "")] = 0
        for period in periods:
            cells[(OBLAST, period, code, "")] = 0
    plain: dict[tuple[str, object], Decimal] = defaultdict(Decimal)
    for community_id, code, dimension, option, year, quarter, total in rows:
        if total is None:
            continue
        key = (year, quarter)
        spans_of_row = (key, ("year", year), ALL)
        if code not in sensitive:
            if not dimension:
                for period in spans_of_row:
                    plain[(code, period)] += total
            continue
        option_key = f"{dimension}:{option}" if dimension else ""
        areas = (("community", community_id), ("raion", raion_of[community_id]), OBLAST)
        for area in areas:
            for period in spans_of_row:
                cell = (area, period, code, option_key)
                if cell in cells:
                    cells[cell] += int(total)
    axes = [
        {
            OBLAST: [raion_areas],
            **{("raion", pk): [[("community", c) for c in ids]] for pk, ids in members.items()},
        },
        {
            ALL: [column_keys],
            **{("year", year): [[key for key in quarters if key[0] == year]] for year in years},
        },
        {},
        {"": [forms]},
    ]
    table = disclosure.table_with_sums(cells, axes)
    shown = disclosure.protect(table) if protect else disclosure.unprotected(table)

    def figure(area, period, code, option=""):
        return shown.display((area, period, code, option))

    columns = [str(key[1]) if by_year else quarter_label(key) for key in column_keys]
    total_column = _("Total") if len(quarters) > 1 else None
    head = [*columns, total_column] if total_column else columns
    spans = periods if total_column else column_keys

    summary = Section(
        _("Oblast totals by year") if by_year else _("Oblast totals by quarter"), head
    )
    for indicator in indicators:
        if indicator.code in sensitive:
            figures = [figure(OBLAST, period, indicator.code) for period in spans]
        else:
            figures = [plain.get((indicator.code, period), Decimal(0)) for period in spans]
            figures = [value if indicator.is_money else int(value) for value in figures]
        summary.lines.append(
            Line(
                indicator_label(indicator),
                figures,
                money=indicator.is_money,
                people=indicator.code in sensitive,
            )
        )

    community_section = Section(_("People identified, by raion and community"), head)
    forms_section = Section(
        _("People identified, by form of exploitation"),
        [str(label) for label in Exploitation.labels] + [str(_("Total"))],
    )
    help_codes = [
        indicator
        for indicator in indicators
        if indicator.code in sensitive and indicator.section == Indicator.Section.ASSISTANCE
    ]
    help_section = Section(
        _("Help given, by kind"), [indicator_label(indicator) for indicator in help_codes]
    )
    if IDENTIFIED in sensitive:
        for raion_id, name in raions.items():
            for community_id in members[raion_id]:
                community = by_pk[community_id]
                community_section.lines.append(
                    Line(
                        place_name(community.name),
                        [figure(("community", community_id), p, IDENTIFIED) for p in spans],
                    )
                )
            raion = ("raion", raion_id)
            raion_name = _raion_label(name)
            community_section.lines.append(
                Line(raion_name, [figure(raion, p, IDENTIFIED) for p in spans], "subtotal")
            )
            forms_section.lines.append(
                Line(
                    raion_name,
                    [figure(raion, ALL, IDENTIFIED, option) for option in forms]
                    + [figure(raion, ALL, IDENTIFIED)],
                )
            )
        oblast_name = _oblast_label(oblast.name)
        community_section.lines.append(
            Line(oblast_name, [figure(OBLAST, p, IDENTIFIED) for p in spans], "total")
        )
        forms_section.lines.append(
            Line(
                oblast_name,
                [figure(OBLAST, ALL, IDENTIFIED, option) for option in forms]
                + [figure(OBLAST, ALL, IDENTIFIED)],
                "total",
            )
        )
    for raion_id, name in raions.items():
        help_section.lines.append(
            Line(
                _raion_label(name),
                [figure(("raion", raion_id), ALL, item.code) for item in help_codes],
            )
        )
    help_section.lines.append(
        Line(
            _oblast_label(oblast.name),
            [figure(OBLAST, ALL, item.code) for item in help_codes],
            "total",
        )
    )

    completeness, late = oblast_completeness(
        oblast=oblast, first=first, last=last, today=today, communities=communities
    )
    trend = []
    if IDENTIFIED in sensitive:
        trend = [(quarter_label(key), figure(OBLAST, key, IDENTIFIED)) for key in quarters]
    return OblastMonitoring(
        oblast=oblast,
        first=first,
        last=last,
        period=period_label(first, last),
        quarters=columns,
        protected=protect,
        summary=summary,
        communities=community_section,
        forms=forms_section,
        help=help_section,
        completeness=completeness,
        late=late,
        trend=trend,
        community_count=len(communities),
        hidden_count=len(shown.hidden),
    )


def oblast_completeness(*, oblast, first, last, today, communities=None):
    """Per raion: reports due, submitted and on time in `first`..`last`, and which
    communities are late (counts of reports, not of people: live for every reader). One
    query for the reports, and one for the communities unless they are given."""
    if communities is None:
        communities = list(
            Community.objects.filter(raion__oblast=oblast)
            .select_related("raion")
            .order_by("raion__name", "name")
        )
    raions: dict[int, str] = {}
    raion_of: dict[int, int] = {}
    for community in communities:
        raions.setdefault(community.raion_id, community.raion.name)
        raion_of[community.pk] = community.raion_id
    quarters = monitoring_selectors.quarters_between(first, last)
    reports = monitoring_selectors.reports_in_quarters(oblast_id=oblast.pk, first=first, last=last)
    expected, complete, on_time, late = _completeness(
        communities, raion_of, quarters, reports, today
    )
    completeness = Section(
        _("Completeness and timeliness"),
        [_("Reports due"), _("Submitted"), _("On time"), _("Submitted, %"), _("On time, %")],
    )

    def rates(due, done, timely):
        def percent(part):
            return round(100 * part / due, 1) if due else None

        return [due, done, timely, percent(done), percent(timely)]

    for raion_id, name in raions.items():
        completeness.lines.append(
            Line(
                _raion_label(name),
                rates(expected[raion_id], complete[raion_id], on_time[raion_id]),
                people=False,
            )
        )
    completeness.lines.append(
        Line(
            _oblast_label(oblast.name),
            rates(sum(expected.values()), sum(complete.values()), sum(on_time.values())),
            "total",
            people=False,
        )
    )
    return completeness, late


def _raion_label(name: str) -> str:
    return _("%(name)s raion") % {"name": place_name(name)}


def _oblast_label(name: str) -> str:
    return _("%(name)s oblast, total") % {"name": place_name(name)}


def oblast_for_user(user, oblast_id: int | None = None) -> Oblast:
    """The oblast a reader's reports are about: a council official's own (or 404); for
    NGO staff the one asked for, else the first. One query."""
    oblasts = access.scope_oblasts(user, Oblast.objects.order_by("name"), path=None)
    if oblast_id and access.has_perm(user, "reports.choose_oblast"):
        oblasts = oblasts.filter(pk=oblast_id)
    oblast = oblasts.first()
    if oblast is None:
        raise Http404
    return oblast


# The register -----------------------------------------------------------------------


def issued_list_for_user(user):
    """Issued reports the user may read: NGO roles all, a council official those of the
    oblast. Joined for the list; one query."""
    queryset = IssuedReport.objects.select_related("issued_by", "replaces", "replaced_by")
    if not access.has_perm(user, "reports.view_issued"):
        return queryset.none()
    return access.scope_oblasts(user, queryset)


def get_issued_for_user(user, pk: int):
    """One issued report within the user's reach, or 404. One query."""
    return get_object_or_404(issued_list_for_user(user), pk=pk)


def latest_issued(kind: str, oblast_id: int | None = None):
    """The newest issued report of a kind that no correction has replaced. One query."""
    queryset = IssuedReport.objects.filter(kind=kind, replaced_by__isnull=True)
    if oblast_id is not None:
        queryset = queryset.filter(oblast_id=oblast_id)
    return queryset.order_by("-issued_at", "-pk").first()


# Releases ------------------------------------------------------------------------------


def releases_of(oblast: Oblast):
    """The oblast's releases, newest first, with what each replaces. One query."""
    return Release.objects.filter(oblast=oblast).select_related("replaces").order_by("-number")
