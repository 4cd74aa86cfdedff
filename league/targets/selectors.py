"""Reads of the logframe and its live progress."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format

from league import access
from league.targets.models import Indicator, ManualValue, Objective, Project
from league.targets.registry import COMPUTATIONS, MONEY, PEOPLE

SMALL_COUNT_LIMIT = 5


def project_list_for_user(user) -> QuerySet[Project]:
    """Projects of the oblasts the user looks at. One query."""
    return access.scope_oblasts(user, Project.objects.select_related("oblast"))


def indicator_get_for_user(user, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(project__in=project_list_for_user(user)).select_related(
            "project__oblast", "objective", "activity"
        ),
        pk=pk,
    )


@dataclass
class Progress:
    indicator: Indicator
    value: Decimal | int | None  # None: nothing entered yet
    shown: str  # the value as shown to this user ("<5" for a small count of people)
    method: str
    link: str
    link_capability: str  # what the linked page asks; templates show the link to whom it opens
    as_of: object = None  # date of a value entered by hand
    percent: float | None = None  # of the way from the baseline to the target

    @property
    def behind(self) -> bool:
        return self.percent is not None and self.percent < 100


def _percent(value, baseline, target) -> float | None:
    if value is None or target == baseline:
        return None
    return round(100 * float(Decimal(value) - baseline) / float(target - baseline), 1)


def _shown(value, unit: str, suppress: bool) -> str:
    if value is None:
        return "—"
    if unit == PEOPLE and suppress and 0 < value < SMALL_COUNT_LIMIT:
        return "<5"
    if unit == MONEY:
        return number_format(value, 2, force_grouping=True)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    # Grouped, with the language's decimal mark: «1 250», «99,8».
    return number_format(value, force_grouping=True)


def progress_for_project(user, project: Project, *, suppress: bool | None = None) -> list[dict]:
    """The logframe of a project with every indicator's current value: tasks (with their
    indicators) in order, the goal's indicators first. Queries: tasks with activities,
    indicators, latest manual values, then each named computation the logframe uses
    (one to three each) — the same for 51 or 1,469 communities. Small counts of people
    are shown as «<5» for a user without "monitoring.view_aggregates", or as `suppress`
    says (the council reports: whoever issues them, they are protected)."""
    if suppress is None:
        suppress = not access.has_perm(user, "monitoring.view_aggregates")
    objectives = list(Objective.objects.filter(project=project).prefetch_related("activities"))
    indicators = list(
        Indicator.objects.filter(project=project).order_by("objective__number", "order", "pk")
    )
    manual = {}
    for entry in ManualValue.objects.filter(indicator__project=project).order_by(
        "indicator_id", "date", "pk"
    ):
        manual[entry.indicator_id] = entry  # the latest wins
    computed: dict[str, object] = {}
    rows_by_objective: dict[int | None, list[Progress]] = {}
    for indicator in indicators:
        if indicator.is_computed:
            computation = COMPUTATIONS[indicator.computation]
            if indicator.computation not in computed:
                computed[indicator.computation] = computation.compute(project.oblast)
            value = computed[indicator.computation]
            row = Progress(
                indicator,
                value,
                _shown(value, computation.unit, suppress),
                str(computation.method),
                computation.link(project.oblast),
                computation.link_capability,
            )
        else:
            entry = manual.get(indicator.pk)
            value = entry.value if entry else None
            row = Progress(
                indicator,
                value,
                _shown(value, "", suppress),
                "",
                indicator.get_absolute_url(),
                "targets.view",
                as_of=entry.date if entry else None,
            )
        row.percent = _percent(value, indicator.baseline, indicator.target)
        rows_by_objective.setdefault(indicator.objective_id, []).append(row)
    sections = [{"objective": None, "rows": rows_by_objective.get(None, [])}]
    # The project's documents number its tasks from 0; people count them from 1
    # («Завдання 1» is the first task, never «Завдання 0»): `ordinal` is that count.
    sections += [
        {
            "objective": objective,
            "ordinal": ordinal,
            "rows": rows_by_objective.get(objective.pk, []),
        }
        for ordinal, objective in enumerate(objectives, start=1)
    ]
    return sections


def manual_values(indicator: Indicator) -> QuerySet[ManualValue]:
    return indicator.manual_values.select_related("recorded_by").order_by("-date", "-pk")


def manual_value_get_for_user(user, pk: int) -> ManualValue:
    return get_object_or_404(
        ManualValue.objects.filter(indicator__project__in=project_list_for_user(user)), pk=pk
    )


def behind_schedule(user, project: Project) -> list[Progress]:
    """Indicators that have not reached their target yet (for the staff start page)."""
    return [
        row
        for section in progress_for_project(user, project)
        for row in section["rows"]
        if row.behind
    ]
