"""The fixed periods figures reach council officials and the public in.

Two arbitrary spans that differ by one quarter give that quarter's exact total by
subtraction, so outside the NGO's staff figures come only for the periods Ukrainian bodies
report in: a quarter, a half-year, a calendar year and the project to date (the project
began in October 2016). docs/disclosure.md, "Publication".
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from league.reports.labels import period_label, quarter_label
from monitoring.models import previous_quarter, quarter_of
from monitoring.selectors import quarters_between

PROJECT_START = (2016, 4)

QUARTER, HALF, YEAR, TO_DATE = "quarter", "half", "year", "to_date"
Quarter = tuple[int, int]


@dataclass(frozen=True)
class FixedPeriod:
    """One fixed period: `kind`, its year and number (quarter 1..4, half 1..2), or the
    project to date through quarter `last`."""

    kind: str
    first: Quarter
    last: Quarter

    @property
    def code(self) -> str:
        """How the period travels in a URL and in stored parameters: 2025-Q1, 2025-H2,
        2025, or all-2025-Q4 (the project to date through that quarter)."""
        year, quarter = self.last
        if self.kind == QUARTER:
            return f"{year}-Q{quarter}"
        if self.kind == HALF:
            return f"{year}-H{quarter // 2}"
        if self.kind == YEAR:
            return str(year)
        return f"all-{year}-Q{quarter}"

    @property
    def quarters(self) -> list[Quarter]:
        return quarters_between(self.first, self.last)

    @property
    def label(self) -> str:
        if self.kind == TO_DATE:
            return _("Project to date (%(first)s – %(last)s)") % {
                "first": quarter_label(PROJECT_START),
                "last": quarter_label(self.last),
            }
        return period_label(self.first, self.last)


def last_ended_quarter(today=None) -> Quarter:
    """The latest quarter that is over today."""
    return previous_quarter(*quarter_of(today or timezone.localdate()))


def quarter(year: int, number: int) -> FixedPeriod:
    return FixedPeriod(QUARTER, (year, number), (year, number))


def half(year: int, number: int) -> FixedPeriod:
    return FixedPeriod(HALF, (year, 2 * number - 1), (year, 2 * number))


def year(value: int) -> FixedPeriod:
    return FixedPeriod(YEAR, (value, 1), (value, 4))


def to_date(last: Quarter) -> FixedPeriod:
    return FixedPeriod(TO_DATE, PROJECT_START, last)


def fixed_periods(through: Quarter) -> list[FixedPeriod]:
    """Every fixed period whose quarters are all over by `through`, newest first: quarters,
    then the half-years and years they complete; the project to date through `through`
    first of all. Only periods inside the project: 2016 has its fourth quarter alone."""
    periods: list[FixedPeriod] = []
    for key in quarters_between(PROJECT_START, through):
        year_, number = key
        periods.append(quarter(year_, number))
        if number in (2, 4) and (year_, number - 1) >= PROJECT_START:
            periods.append(half(year_, number // 2))
        if number == 4 and (year_, 1) >= PROJECT_START:
            periods.append(year(year_))
    periods.reverse()
    if through >= PROJECT_START:
        periods.insert(0, to_date(through))
    return periods


def from_code(code: str, through: Quarter) -> FixedPeriod | None:
    """The fixed period a code names, if it is one of those offered through `through`."""
    return next((period for period in fixed_periods(through) if period.code == code), None)


def from_range(first: Quarter, last: Quarter, through: Quarter) -> FixedPeriod | None:
    """The fixed period covering exactly `first`..`last` (an issued report's stored
    parameters), or None when the span is not one."""
    for period in fixed_periods(through):
        if (period.first, period.last) == (first, last):
            return period
    return None
