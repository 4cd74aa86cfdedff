"""An oblast's release: the family of linked tables council officials and the public read,
protected as one table together with everything earlier releases published.

The family: people identified for every community, raion and the oblast, by form of
exploitation for every raion and the oblast, and every other count of people (help by
kind) for every raion and the oblast; each for every fixed period through the release's
quarter (quarters, half-years, years, the project to date: league/reports/periods.py);
every breakdown with the total it sums to. Events and money (not people) are published
exactly, for the oblast. docs/disclosure.md, "Publication", says why and how.

Cells are named "area|period|code|option": area "oblast", "r<raion id>" or
"c<community id>"; period a fixed period's code; option "" or "exploitation:<form>".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from communities.models import Community, Oblast
from league import disclosure
from league.reports import periods
from league.reports.selectors import is_sensitive
from monitoring import selectors as monitoring_selectors
from monitoring.dimensions import Exploitation
from monitoring.models import Indicator

IDENTIFIED = "IDENTIFIED"
OBLAST = "oblast"
FORMS = [f"exploitation:{value}" for value in Exploitation.values]
SEPARATOR = "|"

Key = tuple[str, str, str, str]


def cell_name(key: Key) -> str:
    return SEPARATOR.join(key)


def cell_key(name: str) -> Key:
    area, period, code, option = name.split(SEPARATOR)
    return area, period, code, option


@dataclass
class Family:
    through: tuple[int, int]
    raions: dict[str, list[str]]  # "r<id>": ["c<id>", ...]
    cells: dict[Key, int]  # the counts of people
    plain: dict[str, str]  # "oblast|period|code|": events and money, exact
    # Each community's own counts, published or not: what its social worker knows.
    own: dict[Key, int] = field(default_factory=dict)

    def table(self) -> disclosure.Table:
        return disclosure.table_with_sums(self.cells, axes(self.raions, self.through))


def to_date_parts(through: tuple[int, int]) -> list[str]:
    """The project to date as the fixed periods it is made of: the fourth quarter of 2016,
    every year that is over, then what is over of the last year (its first half, its
    quarter)."""
    parts = [periods.quarter(*periods.PROJECT_START).code]
    for year in range(periods.PROJECT_START[0] + 1, through[0] + 1):
        if through >= (year, 4):
            parts.append(periods.year(year).code)
            continue
        if through >= (year, 2):
            parts.append(periods.half(year, 1).code)
        if through[1] in (1, 3):
            parts.append(periods.quarter(*through).code)
    return parts


def axes(raions: dict[str, list[str]], through: tuple[int, int]) -> list[dict]:
    """How the family's cells add up: communities to raions to the oblast; quarters to
    half-years to years to the project to date; forms of exploitation to their total."""
    period_groups: dict[str, list[list[str]]] = {}
    for period in periods.fixed_periods(through):
        if period.kind == periods.HALF:
            period_groups[period.code] = [[periods.quarter(*key).code for key in period.quarters]]
        elif period.kind == periods.YEAR:
            year = period.first[0]
            period_groups[period.code] = [[periods.half(year, 1).code, periods.half(year, 2).code]]
        elif period.kind == periods.TO_DATE:
            period_groups[period.code] = [to_date_parts(through)]
    return [
        {OBLAST: [list(raions)], **{raion: [members] for raion, members in raions.items()}},
        period_groups,
        {},
        {"": [FORMS]},
    ]


def release_family(*, oblast: Oblast, through: tuple[int, int]) -> Family:
    """The true figures of the family through quarter `through`. Three queries:
    communities, indicators, approved figures (GROUP BY)."""
    raions: dict[str, list[str]] = defaultdict(list)
    raion_of: dict[int, str] = {}
    for community_id, raion_id in (
        Community.objects.filter(raion__oblast=oblast)
        .order_by("raion__name", "name")
        .values_list("pk", "raion_id")
    ):
        raions[f"r{raion_id}"].append(f"c{community_id}")
        raion_of[community_id] = f"r{raion_id}"
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(active=True).order_by("order", "code")
        if not indicator.is_text
    ]
    sensitive = {indicator.code for indicator in indicators if is_sensitive(indicator)}
    plain_codes = {indicator.code for indicator in indicators} - sensitive
    fixed = periods.fixed_periods(through)
    containing: dict[tuple[int, int], list[str]] = defaultdict(list)
    for period in fixed:
        for key in period.quarters:
            containing[key].append(period.code)
    cells: dict[Key, int] = {}
    upper = [*raions, OBLAST]
    for period in fixed:
        for code in sensitive:
            for area in upper:
                cells[(area, period.code, code, "")] = 0
        if IDENTIFIED in sensitive:
            for area in upper:
                for option in FORMS:
                    cells[(area, period.code, IDENTIFIED, option)] = 0
        if IDENTIFIED in sensitive:
            for community_id in raion_of:
                cells[(f"c{community_id}", period.code, IDENTIFIED, "")] = 0
    plain: dict[str, Decimal] = defaultdict(Decimal)
    own: dict[Key, int] = defaultdict(int)
    rows = monitoring_selectors.approved_figures(
        oblast_id=oblast.pk, first=periods.PROJECT_START, last=through
    )
    for community_id, code, dimension, option, year, quarter, total in rows:
        if total is None or community_id not in raion_of:
            continue
        within = containing.get((year, quarter), ())
        if code in plain_codes:
            if not dimension:
                for period in within:
                    plain[cell_name((OBLAST, period, code, ""))] += total
            continue
        option_key = f"{dimension}:{option}" if dimension else ""
        for period in within:
            own[(f"c{community_id}", period, code, option_key)] += int(total)
        for area in (f"c{community_id}", raion_of[community_id], OBLAST):
            for period in within:
                cell = (area, period, code, option_key)
                if cell in cells:
                    cells[cell] += int(total)
    return Family(
        through=through,
        raions=dict(raions),
        cells=cells,
        plain={name: str(value) for name, value in plain.items()},
        own=dict(own),
    )


def _earlier_key(key: Key, value: int, current: dict[Key, int]):
    """An earlier release's cell in the joint table: the same cell while its count has not
    changed since, else a cell of its own (the figure as it was)."""
    return key if current.get(key) == value else ("earlier", value, key)


def insider_sensitive(family: Family, limit: int | None = None) -> set:
    """Raion and oblast cells that a social worker could subtract their own community's
    figure from and learn that every other community together counts 1..threshold
    (the insider of docs/disclosure.md): hidden from the start, like a small count."""
    limit = disclosure.threshold() if limit is None else limit
    members = dict(family.raions)
    members[OBLAST] = [member for communities in family.raions.values() for member in communities]
    sensitive = set()
    for key, value in family.cells.items():
        area, *rest = key
        for member in members.get(area, ()):
            if 1 <= value - family.own.get((member, *rest), 0) <= limit:
                sensitive.add(key)
                break
    return sensitive


def protect_family(family: Family, earlier: list) -> dict[str, object]:
    """The family as published: one joint protect() of its cells and sums together with
    every earlier release's cells and sums, the figures those showed held as shown.

    A cell an earlier release showed is known to the audience for good: when the joint
    protection would hide it, it stays visible and the result is audited again (a
    DisclosureError when that exposes a count: the release is refused)."""
    table = family.table()
    cells = dict(table.cells)
    sums = list(table.sums)
    seen = {(relation.total, relation.parts) for relation in sums}
    published: set = set()
    for release in earlier:
        old_cells = {cell_key(name): value for name, value in release.exact["cells"].items()}
        old_table = disclosure.table_with_sums(
            old_cells, axes(release.exact["raions"], release.through)
        )

        def joint(key, old_cells=old_cells):
            return _earlier_key(key, old_cells[key], family.cells)

        for key, value in old_cells.items():
            cells[joint(key)] = value
            if isinstance(release.shown["cells"].get(cell_name(key)), int):
                published.add(joint(key))
        for relation in old_table.sums:
            renamed = (joint(relation.total), tuple(joint(part) for part in relation.parts))
            if renamed not in seen:
                seen.add(renamed)
                sums.append(disclosure.Sum(*renamed))
    sensitive = insider_sensitive(family)
    if sensitive & published:
        # A figure already out would now let one community's worker work out the rest:
        # it cannot be taken back, so this release is refused (corrections wait for
        # staff to decide, docs/disclosure.md).
        raise disclosure.DisclosureError(
            gettext("These figures would reveal a small count; they cannot be published."),
            sensitive & published,
        )
    protected = disclosure.protect(
        disclosure.Table(cells, sums), sensitive=sensitive, keep=published
    )
    if protected.secondary & published:
        protected = disclosure.Protected(
            protected.table, protected.primary, protected.secondary - published, protected.limit
        )
        disclosure.audit(protected)
    return {cell_name(key): protected.display(key) for key in family.cells}


# Reading a release ------------------------------------------------------------------------


def newest_release(oblast: Oblast):
    """The release council officials and the public read: the oblast's newest one made
    (a correction has a higher number than what it replaces). One query."""
    from league.reports.models import Release

    return (
        Release.objects.filter(oblast=oblast, state=Release.State.DONE)
        .select_related("oblast", "replaces")
        .order_by("-number")
        .first()
    )


def columns_of(period: periods.FixedPeriod) -> list[str]:
    """The columns a period's tables show before its total: its quarters (a quarter: none
    besides itself), or for the project to date the fixed periods it is made of."""
    if period.kind == periods.QUARTER:
        return []
    if period.kind == periods.TO_DATE:
        return to_date_parts(period.last)
    return [periods.quarter(*key).code for key in period.quarters]


def release_monitoring(*, release, period: periods.FixedPeriod, today=None):
    """The council page's figures for one fixed period, read from a stored release (never
    live counts of people). Queries: communities and raions by name, indicators, and the
    completeness reports (not counts of people: live) - three, whatever the oblast's size."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from league.reports import selectors as report_selectors
    from league.reports.labels import quarter_label
    from league.translit import place_name

    today = today or timezone.localdate()
    cells, plain = release.shown["cells"], release.shown["plain"]
    structure = release.exact["raions"]
    community_ids = [int(member[1:]) for members in structure.values() for member in members]
    names = {}
    raion_names = {}
    for community_id, community_name, raion_id, raion_name in Community.objects.filter(
        pk__in=community_ids
    ).values_list("pk", "name", "raion_id", "raion__name"):
        names[f"c{community_id}"] = community_name
        raion_names[f"r{raion_id}"] = raion_name
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(active=True).order_by("order", "code")
        if not indicator.is_text
    ]
    parts = columns_of(period)
    spans = [*parts, period.code]
    label_of = {p.code: p.label for p in periods.fixed_periods(release.through)}
    head = [label_of[code] for code in parts]
    head = [*head, _("Total")] if parts else [period.label]

    def figure(area, code, indicator="IDENTIFIED", option=""):
        return cells.get(cell_name((area, code, indicator, option)), 0)

    Line, Section = report_selectors.Line, report_selectors.Section
    by_year = period.kind == periods.TO_DATE
    summary = Section(
        _("Oblast totals by year") if by_year else _("Oblast totals by quarter"), head
    )
    for indicator in indicators:
        if report_selectors.is_sensitive(indicator):
            figures = [figure(OBLAST, span, indicator.code) for span in spans]
        else:
            figures = [
                Decimal(plain.get(cell_name((OBLAST, span, indicator.code, "")), "0"))
                for span in spans
            ]
            figures = [value if indicator.is_money else int(value) for value in figures]
        summary.lines.append(
            Line(
                report_selectors.indicator_label(indicator),
                figures,
                money=indicator.is_money,
                people=report_selectors.is_sensitive(indicator),
            )
        )
    communities = Section(_("People identified, by raion and community"), head)
    forms = Section(
        _("People identified, by form of exploitation"),
        [str(label) for label in Exploitation.labels] + [str(_("Total"))],
    )
    help_codes = [
        indicator
        for indicator in indicators
        if report_selectors.is_sensitive(indicator)
        and indicator.section == Indicator.Section.ASSISTANCE
    ]
    help_section = Section(
        _("Help given, by kind"),
        [report_selectors.indicator_label(indicator) for indicator in help_codes],
    )
    for raion, members in structure.items():
        for member in members:
            communities.lines.append(
                Line(place_name(names.get(member, "")), [figure(member, s) for s in spans])
            )
        label = report_selectors._raion_label(raion_names.get(raion, ""))
        communities.lines.append(Line(label, [figure(raion, s) for s in spans], "subtotal"))
        forms.lines.append(
            Line(
                label,
                [figure(raion, period.code, option=option) for option in FORMS]
                + [figure(raion, period.code)],
            )
        )
        help_section.lines.append(
            Line(label, [figure(raion, period.code, item.code) for item in help_codes])
        )
    oblast_label = report_selectors._oblast_label(release.oblast.name)
    communities.lines.append(Line(oblast_label, [figure(OBLAST, s) for s in spans], "total"))
    forms.lines.append(
        Line(
            oblast_label,
            [figure(OBLAST, period.code, option=option) for option in FORMS]
            + [figure(OBLAST, period.code)],
            "total",
        )
    )
    help_section.lines.append(
        Line(oblast_label, [figure(OBLAST, period.code, item.code) for item in help_codes], "total")
    )
    completeness, late = report_selectors.oblast_completeness(
        oblast=release.oblast, first=period.first, last=period.last, today=today
    )
    trend = [
        (quarter_label(key), figure(OBLAST, periods.quarter(*key).code)) for key in period.quarters
    ]
    return report_selectors.OblastMonitoring(
        oblast=release.oblast,
        first=period.first,
        last=period.last,
        period=period.label,
        quarters=head,
        protected=True,
        summary=summary,
        communities=communities,
        forms=forms,
        help=help_section,
        completeness=completeness,
        late=late,
        trend=trend,
        community_count=len(community_ids),
        hidden_count=sum(not isinstance(value, int) for value in cells.values()),
        release=release,
    )
