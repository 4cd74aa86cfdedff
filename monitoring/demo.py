"""Demo monitoring data: every community's quarterly reports from Q4 2016 to now.

Realistic magnitudes (docs/domain.md): a handful of people identified a year in the whole
oblast, mostly labour exploitation; most communities report zeros most quarters. A few
reports are late or returned. The current quarter is not over, so its reports are at
most drafts (a report can be submitted only once its quarter has ended).
Bulk inserts keep it fast; reports that already exist are left alone, so running it
again adds nothing. Demo figures are inserted without history records: the history
starts with the first real edit.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from communities.models import Community
from communities.services import SUMY_OBLAST_KATOTTG
from league.models import User
from monitoring.catalogue import catalogue_load
from monitoring.dimensions import AgeGroup, Exploitation, Sex
from monitoring.models import (
    DataValue,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    StatusChange,
    previous_quarter,
    quarter_of,
)

FIRST_QUARTER = (2016, 4)
# Forms of exploitation with their weights among the people identified.
FORMS = [
    (Exploitation.LABOUR, 70),
    (Exploitation.SEXUAL, 14),
    (Exploitation.MIXED, 8),
    (Exploitation.BEGGING, 4),
    (Exploitation.OTHER, 4),
]
NARRATIVES = [
    "Бракує місць тимчасового розміщення: домовилися з обласним центром соціальних служб.",
    "Провели інформаційну зустріч для старост; питання щодо порядку встановлення статусу.",
    "Допомогу в працевлаштуванні надав центр зайнятості; співпраця налагоджена.",
    "Спеціаліст пройшов навчання з ідентифікації; оновили алгоритм взаємодії.",
]
RETURN_COMMENTS = [
    "Сума за статтю не збігається із загальною кількістю: перевірте, будь ласка.",
    "Уточніть кількість проведених заходів: у звіті за минулий квартал їх було більше.",
]
# Share of reports in each state in the latest two quarters: the rest of history is
# approved, with a few late submissions.
RNG_SEED = 2016


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _quarters(today: datetime.date) -> list[tuple[int, int]]:
    keys, key = [], FIRST_QUARTER
    current = quarter_of(today)
    while key <= current:
        keys.append(key)
        key = previous_quarter(*key, steps=-1)
    return keys


def _periods(keys) -> dict[tuple[int, int], ReportingPeriod]:
    stored = {period.key: period for period in ReportingPeriod.objects.all()}
    missing = [ReportingPeriod.for_quarter(*key) for key in keys if key not in stored]
    ReportingPeriod.objects.bulk_create(missing)
    return {period.key: period for period in ReportingPeriod.objects.all()}


def _status_for(rng, key, current, previous, today, period):
    """(status or None for not started, first submitted at, late?) for one report."""
    if key == current:
        return (None, None) if rng.random() < 0.6 else (ReportStatus.DRAFT, None)
    late = rng.random() < 0.06
    days = rng.randint(3, 30) if late else -rng.randint(0, 15)
    # Never in the future: the last quarter's deadline may not have come yet.
    submitted = min(_moment(period.deadline + datetime.timedelta(days=days)), _moment(today, 9))
    if key == previous:
        roll = rng.random()
        if roll < 0.04:
            return None, None
        if roll < 0.08:
            return ReportStatus.DRAFT, None
        if roll < 0.13:
            return ReportStatus.RETURNED, submitted
        if roll < 0.22:
            return ReportStatus.SUBMITTED, submitted
    return ReportStatus.APPROVED, submitted


def _figures(rng, community, key, weight) -> dict[tuple[str, str, str], object]:
    """One report's figures; they pass every default rule."""
    figures: dict[tuple[str, str, str], object] = {}
    identified = 0
    if rng.random() < 0.02 * weight:
        identified = rng.choice([1, 1, 1, 2, 3])
    figures[("IDENTIFIED", "", "")] = identified
    if identified:
        women = sum(rng.random() < 0.4 for _ in range(identified))
        children = sum(rng.random() < 0.1 for _ in range(identified))
        for option, count in (("female", women), ("male", identified - women)):
            if count:
                figures[("IDENTIFIED", "sex", option)] = count
        for option, count in (("child", children), ("adult", identified - children)):
            if count:
                figures[("IDENTIFIED", "age", option)] = count
        forms: dict[str, int] = {}
        for _person in range(identified):
            form = rng.choices([form for form, _w in FORMS], [w for _f, w in FORMS])[0]
            forms[form] = forms.get(form, 0) + 1
        for form, count in forms.items():
            figures[("IDENTIFIED", "exploitation", form)] = count
    applied = sum(rng.random() < 0.7 for _ in range(identified))
    granted = sum(rng.random() < 0.85 for _ in range(applied))
    figures[("STATUS_APPLIED", "", "")] = applied
    figures[("STATUS_GRANTED", "", "")] = granted
    figures[("STATUS_REFUSED", "", "")] = applied - granted
    figures[("HELP_MATERIAL", "", "")] = granted
    figures[("HELP_MEDICAL", "", "")] = sum(rng.random() < 0.5 for _ in range(identified))
    figures[("HELP_PSYCHOLOGICAL", "", "")] = identified
    figures[("HELP_SOCIAL", "", "")] = identified
    figures[("HELP_LEGAL", "", "")] = applied
    figures[("HELP_ACCOMMODATION", "", "")] = sum(rng.random() < 0.2 for _ in range(identified))
    figures[("HELP_EMPLOYMENT", "", "")] = sum(rng.random() < 0.3 for _ in range(identified))
    figures[("REFERRALS", "", "")] = identified * rng.randint(1, 3)
    events = rng.choice([0, 0, 0, 1, 1, 2, 3]) if key >= (2017, 1) else 0
    figures[("PREVENTION_EVENTS", "", "")] = events
    figures[("PREVENTION_REACHED", "", "")] = events * rng.randint(12, 60)
    # Communities funding prevention from their own budget: ever more since the reform.
    if key >= (2019, 1) and rng.random() < (0.25 if key < (2022, 1) else 0.4):
        planned = Decimal(rng.randrange(5_000, 60_000, 500))
        figures[("BUDGET_PLANNED", "", "")] = planned
        share = Decimal(rng.randint(40, 100)) / 100
        figures[("BUDGET_SPENT", "", "")] = (planned * share).quantize(Decimal("0.01"))
    if identified or rng.random() < 0.03:
        figures[("NARRATIVE", "", "")] = rng.choice(NARRATIVES)
    return figures


def full_figures(rng, key, weight) -> dict[tuple[str, str, str], object]:
    """One report's figures with every breakdown cell filled (zeros included), as a
    community that enters every field would send them. The national data set uses it."""
    figures = _figures(rng, None, key, weight)
    cells = [("sex", Sex), ("age", AgeGroup), ("exploitation", Exploitation)]
    for dimension, choices in cells:
        for option in choices.values:
            figures.setdefault(("IDENTIFIED", dimension, option), 0)
    for code in ("BUDGET_PLANNED", "BUDGET_SPENT"):
        figures.setdefault((code, "", ""), Decimal("0.00"))
    return figures


@transaction.atomic
def seed(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    catalogue_load()
    rng = random.Random(RNG_SEED)
    keys = _quarters(today)
    current = keys[-1]
    previous = keys[-2]
    periods = _periods(keys)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    staff = User.objects.filter(username="demo-staff").first()
    workers = {
        community.pk: user
        for user in User.objects.filter(role=User.Role.WORKER).prefetch_related("communities")
        for community in user.communities.all()
    }
    # Sumy oblast only, as the other demo modules: seed_scale fills the other oblasts.
    communities = list(
        Community.objects.filter(raion__oblast__katottg=SUMY_OBLAST_KATOTTG).order_by("katottg")
    )
    existing = set(MonitoringReport.objects.values_list("community_id", "period_id"))
    # Bigger communities identify more people: weight by population, about 1 on average.
    mean = sum(c.population or 10_000 for c in communities) / max(len(communities), 1)

    planned = []
    for key in keys:
        period = periods[key]
        for community in communities:
            status, submitted = _status_for(rng, key, current, previous, today, period)
            figures = _figures(rng, community, key, (community.population or 10_000) / mean)
            if status is None or (community.pk, period.pk) in existing:
                continue
            planned.append((community, period, status, submitted, figures))

    now = timezone.now()
    reports = MonitoringReport.objects.bulk_create(
        [
            MonitoringReport(
                community=community,
                period=period,
                status=status,
                first_submitted_at=submitted,
                created_at=min(_moment(period.starts_on + datetime.timedelta(days=60)), now),
                updated_at=submitted or now,
                updated_by=workers.get(community.pk, staff),
                version=3 if status != ReportStatus.DRAFT else 1,
            )
            for community, period, status, submitted, _figures_ in planned
        ],
        batch_size=1000,
    )
    values, changes = [], []
    for report, (community, _period, status, submitted, figures) in zip(
        reports, planned, strict=True
    ):
        for (code, dimension, option), figure in figures.items():
            indicator = indicators[code]
            values.append(
                DataValue(
                    report=report,
                    indicator=indicator,
                    dimension=dimension,
                    option=option,
                    value=None if indicator.is_text else Decimal(figure),
                    text=figure if indicator.is_text else "",
                )
            )
        if submitted is None:
            continue
        submitter = workers.get(community.pk, staff)
        changes.append(
            StatusChange(
                report=report,
                from_status=ReportStatus.DRAFT,
                to_status=ReportStatus.SUBMITTED,
                changed_by=submitter,
                changed_at=submitted,
            )
        )
        review_at = min(submitted + datetime.timedelta(days=rng.randint(2, 12)), now)
        if status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            returned = status == ReportStatus.RETURNED
            changes.append(
                StatusChange(
                    report=report,
                    from_status=ReportStatus.SUBMITTED,
                    to_status=status,
                    changed_by=staff,
                    changed_at=review_at,
                    comment=rng.choice(RETURN_COMMENTS) if returned else "",
                )
            )
    DataValue.objects.bulk_create(values, batch_size=2000)
    StatusChange.objects.bulk_create(changes, batch_size=2000)
