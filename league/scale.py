"""A national-size data set for measuring the portal: 24 oblasts, 1,469 communities.

Sumy oblast is the real reference data with the demo content (`seed_demo`); the other
23 oblasts are invented with the shape of the real ones (communities and raions per
oblast from communities/data/ukraine_oblasts.csv) and content in the same proportion as
Sumy's: 40 quarters of approved monitoring with every breakdown filled (about 1.8 million
figures), round tables of three communities each with their people, participations,
resolutions and commitments, an identification plan per community with measures, and
programmes with budget lines for half of them.

Everything is inserted in bulk (PostgreSQL's COPY for the big tables) without history
records, as the demo does. Oblasts already present are left alone, so running it again
adds nothing.
"""

import csv
import datetime
import hashlib
import io
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connection, models
from django.utils import timezone

from communities.models import Community, Oblast, Raion
from communities.plans.demo import (
    ADOPTED_MEASURE_STATUSES,
    EXPIRED_MEASURE_STATUSES,
    MEASURES,
    STATUS_PATTERN,
)
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
)
from league.models import User
from monitoring.demo import full_figures
from monitoring.models import (
    DataValue,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    previous_quarter,
    quarter_of,
)
from roundtables.demo import AGENDA, COMMITMENTS, MINUTES, OUTCOMES, RESOLUTIONS, _name
from roundtables.models import (
    AgendaItem,
    Commitment,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
    person_name_key,
)

OBLASTS_CSV = (
    Path(__file__).resolve().parent.parent / "communities" / "data" / "ukraine_oblasts.csv"
)
SUMY_PREFIX = "UA59"
QUARTERS = 40
RNG_SEED = 1469

RAION_NAMES = [
    "Центральний",
    "Північний",
    "Південний",
    "Східний",
    "Західний",
    "Приміський",
    "Степовий",
    "Лісовий",
]
STEMS = [
    "Вербів", "Дубів", "Калинів", "Липов", "Соснів", "Березів", "Вишнев", "Зелен",
    "Кленов", "Озер", "Ставків", "Криничан", "Ясенів", "Горіхів", "Тополів", "Малинів",
    "Журавлів", "Лебедин", "Соколів", "Орлів", "Медвежан", "Бобрик", "Вовчан", "Лисичан",
    "Гайсин", "Ярошів", "Петрів", "Іванів", "Миколаїв", "Олександрів", "Михайлів", "Степанів",
    "Грушів", "Чернеч", "Високопіль", "Глибоч", "Красноріч", "Світлогір", "Ріднопіль", "Веселів",
]  # fmt: skip
PREFIXES = ["", "Ново", "Старо", "Велико", "Мало"]
TYPES = [("urban", 10), ("settlement", 25), ("rural", 65)]
COUNCIL = {"urban": "міська рада", "settlement": "селищна рада", "rural": "сільська рада"}


@dataclass
class ScaleSummary:
    oblasts: int = 0
    raions: int = 0
    communities: int = 0
    reports: int = 0
    figures: int = 0
    round_tables: int = 0
    people: int = 0
    plans: int = 0


def oblast_shapes(limit: int | None = None) -> list[dict]:
    """The oblasts to build, Sumy (the reference data) first; `limit` counts Sumy."""
    with OBLASTS_CSV.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    rows.sort(key=lambda row: row["katottg_prefix"] != SUMY_PREFIX)
    return rows[:limit] if limit else rows


def bulk_insert(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, bulk_create elsewhere. No primary keys
    come back: read them again by natural key when they are needed."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL)
    for obj in objects:
        row = []
        for field in fields:
            value = field.pre_save(obj, add=True)
            value = field.get_db_prep_save(value, connection)
            if isinstance(value, bool):
                value = "t" if value else "f"
            elif isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            row.append(value)
        writer.writerow(row)
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)


def _digest(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big")


def _territory(shape: dict, rng: random.Random) -> Oblast:
    prefix = shape["katottg_prefix"]
    oblast = Oblast.objects.create(name=shape["name_uk"], katottg=f"{prefix}{0:015d}")
    raions = Raion.objects.bulk_create(
        Raion(oblast=oblast, name=f"{RAION_NAMES[n]} район") for n in range(int(shape["raions"]))
    )
    count = int(shape["communities"])
    communities = []
    for n in range(count):
        raion_index = n % len(raions)
        if n == 0:
            kind, population = "urban", rng.randint(250_000, 900_000)
        else:
            kind = rng.choices([t for t, _w in TYPES], [w for _t, w in TYPES])[0]
            low, high = {"urban": (20_000, 120_000), "settlement": (7_000, 25_000)}.get(
                kind, (2_500, 12_000)
            )
            population = rng.randint(low, high)
        name = f"{PREFIXES[(n // len(STEMS)) % len(PREFIXES)]}{STEMS[n % len(STEMS)]}".lower()
        name = name[0].upper() + name[1:] + "ська"
        communities.append(
            Community(
                katottg=f"{prefix}{raion_index + 1:02d}{n:03d}{0:010d}",
                name=name,
                type=kind,
                raion=raions[raion_index],
                centre=name.removesuffix("ська") + ("е" if kind == "rural" else "ськ"),
                population=population,
                population_year=2022,
            )
        )
    Community.objects.bulk_create(communities)
    return oblast


def _quarters(today: datetime.date, count: int) -> list[tuple[int, int]]:
    """The last `count` quarters that have ended, oldest first."""
    key = previous_quarter(*quarter_of(today))
    keys = []
    for _ in range(count):
        keys.append(key)
        key = previous_quarter(*key)
    return keys[::-1]


def _monitoring(communities: list[Community], quarters: int, rng, staff) -> tuple[int, int]:
    today = timezone.localdate()
    keys = _quarters(today, quarters)
    stored = {period.key: period for period in ReportingPeriod.objects.all()}
    ReportingPeriod.objects.bulk_create(
        [ReportingPeriod.for_quarter(*key) for key in keys if key not in stored]
    )
    periods = {p.key: p for p in ReportingPeriod.objects.filter(year__gte=keys[0][0])}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    community_ids = [community.pk for community in communities]
    reports = []
    for key in keys:
        period = periods[key]
        submitted = timezone.make_aware(
            datetime.datetime.combine(period.deadline, datetime.time(10))
        ) - datetime.timedelta(days=rng.randint(0, 10))
        for community in communities:
            reports.append(
                MonitoringReport(
                    community=community,
                    period=period,
                    status=ReportStatus.APPROVED,
                    version=3,
                    first_submitted_at=submitted,
                    created_at=submitted - datetime.timedelta(days=20),
                    updated_at=submitted,
                    updated_by=staff,
                )
            )
    bulk_insert(MonitoringReport, reports)
    report_ids = {
        (community_id, period_id): pk
        for pk, community_id, period_id in MonitoringReport.objects.filter(
            community_id__in=community_ids, period__in=periods.values()
        ).values_list("pk", "community_id", "period_id")
    }
    mean = sum(c.population or 10_000 for c in communities) / max(len(communities), 1)
    figures = 0
    batch: list[DataValue] = []
    for report in reports:
        report_id = report_ids[(report.community.pk, report.period.pk)]
        weight = (report.community.population or 10_000) / mean
        for (code, dimension, option), figure in full_figures(
            rng, report.period.key, weight
        ).items():
            indicator = indicators[code]
            batch.append(
                DataValue(
                    report_id=report_id,
                    indicator=indicator,
                    dimension=dimension,
                    option=option,
                    value=None if indicator.is_text else Decimal(figure),
                    text=figure if indicator.is_text else "",
                )
            )
        if len(batch) >= 100_000:
            bulk_insert(DataValue, batch)
            figures += len(batch)
            batch = []
    bulk_insert(DataValue, batch)
    return len(reports), figures + len(batch)


def _people(community: Community, taken: set) -> list[Person]:
    council = f"{community.name} {COUNCIL[community.type]}"
    people = []
    for role, category, position, woman in (
        ("head", "head", "Голова громади", _digest(community.katottg) % 3 == 0),
        ("social", "social_specialist", "Фахівчиня із соціальної роботи", True),
        ("police", "police", "Інспектор ювенальної превенції", False),
    ):
        full_name = _name(community.katottg + role, woman)
        key = person_name_key(full_name)
        if (key, community.pk) in taken:
            full_name += " (молодший)" if not woman else " (молодша)"
            key = person_name_key(full_name)
        taken.add((key, community.pk))
        people.append(
            Person(
                full_name=full_name,
                name_key=key,
                position=position,
                organisation=council,
                community=community,
                category=category,
            )
        )
    return people


def _round_tables(oblast: Oblast, communities: list[Community], staff) -> tuple[int, int]:
    """Round tables of three communities of one raion each; most held, some planned."""
    today = timezone.localdate()
    groups = []
    by_raion: dict[int, list[Community]] = {}
    for community in communities:
        by_raion.setdefault(community.raion_id, []).append(community)
    for members in by_raion.values():
        groups += [members[i : i + 3] for i in range(0, len(members), 3)]
    series = RoundTableSeries.objects.create(
        oblast=oblast, title=f"Круглі столи для громад: {oblast.name} область", target=len(groups)
    )
    taken: set = set()
    people = [person for community in communities for person in _people(community, taken)]
    bulk_insert(Person, people)
    people_by_community: dict[int, list[int]] = {}
    for pk, community_id in Person.objects.filter(community__in=communities).values_list(
        "pk", "community_id"
    ):
        people_by_community.setdefault(community_id, []).append(pk)

    held_until = int(len(groups) * 0.85)
    tables = []
    for number, group in enumerate(groups, start=1):
        held = number <= held_until
        if held:
            day = datetime.date(2017, 1, 15) + datetime.timedelta(days=number * 2900 // len(groups))
        else:
            day = today + datetime.timedelta(days=14 * (number - held_until))
        tables.append(
            RoundTable(
                series=series,
                number=number,
                title=f"Громади {group[0].raion.name[:-2]}ого району проти торгівлі людьми",
                starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                venue_community=group[0],
                venue_address=f"{group[0].centre}, зала засідань",
                status=RoundTable.Status.HELD if held else RoundTable.Status.PLANNED,
                minutes=MINUTES if held else "",
            )
        )
    RoundTable.objects.bulk_create(tables)
    tables = list(RoundTable.objects.filter(series=series).order_by("number"))
    invited = RoundTable.invited_communities.through
    facilitators = RoundTable.facilitators.through
    invitations, leads, agenda, participations, resolutions = [], [], [], [], []
    for table, group in zip(tables, groups, strict=True):
        held = table.status == RoundTable.Status.HELD
        for community in group:
            invitations.append(invited(roundtable_id=table.pk, community_id=community.pk))
            for index, person_id in enumerate(people_by_community[community.pk]):
                if held:
                    status = "absent" if (table.pk + person_id) % 7 == 0 else "attended"
                else:
                    status = "confirmed" if index % 2 else "invited"
                participations.append(
                    Participation(round_table_id=table.pk, person_id=person_id, status=status)
                )
        if staff:
            leads.append(facilitators(roundtable_id=table.pk, user_id=staff.pk))
        agenda += [
            AgendaItem(round_table=table, order=order, title=title, speaker=speaker)
            for order, (title, speaker) in enumerate(AGENDA, start=1)
        ]
        if held:
            resolutions += [
                Resolution(round_table=table, number=number, text=text)
                for number, text in enumerate(RESOLUTIONS, start=1)
            ]
    invited.objects.bulk_create(invitations)
    facilitators.objects.bulk_create(leads)
    AgendaItem.objects.bulk_create(agenda)
    Participation.objects.bulk_create(participations, batch_size=2000)
    Resolution.objects.bulk_create(resolutions)
    resolution_ids = {
        (table_id, number): pk
        for pk, table_id, number in Resolution.objects.filter(
            round_table__series=series
        ).values_list("pk", "round_table_id", "number")
    }
    commitments = []
    for counter, (table, group) in enumerate(
        pair for pair in zip(tables, groups, strict=True) if pair[0].status == "held"
    ):
        for index, community in enumerate(group):
            resolution_number, text, days = COMMITMENTS[index % len(COMMITMENTS)]
            commitments.append(
                Commitment(
                    resolution_id=resolution_ids[(table.pk, resolution_number)],
                    community=community,
                    text=text,
                    responsible=f"Виконавчий комітет: {community.name} {COUNCIL[community.type]}",
                    due_date=table.starts_at.date() + datetime.timedelta(days=days),
                    status=OUTCOMES[(counter + index) % len(OUTCOMES)],
                )
            )
    Commitment.objects.bulk_create(commitments)
    return len(tables), len(people)


def _plans(communities: list[Community]) -> int:
    """An identification plan per community, measures and updates; programmes for half."""
    Status, Done = IdentificationPlan.Status, PlanMeasure.Status
    plans = []
    for index, community in enumerate(communities):
        status = STATUS_PATTERN[index % len(STATUS_PATTERN)]
        years = (2017, 2017) if status == Status.EXPIRED else (2018, 2020)
        decided = status in (Status.ADOPTED, Status.EXPIRED)
        plans.append(
            IdentificationPlan(
                community=community,
                start_year=years[0],
                end_year=years[1],
                status=status,
                decision_number=f"{10 + index % 90}/VII" if decided else "",
                decision_date=datetime.date(years[0], 1 + index % 9, 10) if decided else None,
                decision_body=f"Сесія: {community.name} {COUNCIL[community.type]}"
                if decided
                else "",
            )
        )
    IdentificationPlan.objects.bulk_create(plans)
    plans = list(IdentificationPlan.objects.filter(community__in=communities).order_by("pk"))
    measures = []
    for index, plan in enumerate(plans):
        if plan.status == Status.NOT_STARTED:
            continue
        if plan.status == Status.ADOPTED:
            statuses = ADOPTED_MEASURE_STATUSES
        elif plan.status == Status.EXPIRED:
            statuses = EXPIRED_MEASURE_STATUSES
        else:
            statuses = [Done.PLANNED] * 3
        for number, measure_status in enumerate(statuses):
            category, description, responsible, partners, deadline = MEASURES[
                (index + number) % len(MEASURES)
            ]
            if plan.status == Status.EXPIRED:
                deadline = deadline.replace(year=2017)
            measures.append(
                PlanMeasure(
                    plan=plan,
                    category=category,
                    description=description,
                    responsible=responsible,
                    partners=partners,
                    deadline=deadline,
                    status=measure_status,
                )
            )
    PlanMeasure.objects.bulk_create(measures, batch_size=2000)
    updates = [
        MeasureUpdate(
            measure=measure,
            status=measure.status,
            date=measure.deadline - datetime.timedelta(days=10),
            note="Звіт відділу на засіданні виконкому",
            evidence_url=f"https://example.org/plan/{measure.pk}"
            if measure.status == Done.DONE
            else "",
        )
        for measure in PlanMeasure.objects.filter(plan__in=plans).exclude(status=Done.PLANNED)
    ]
    MeasureUpdate.objects.bulk_create(updates, batch_size=2000)
    programmes = [
        LocalProgramme(
            community=community,
            kind=LocalProgramme.Kind.SOCIAL,
            name="Програма соціального захисту населення на 2024–2026 роки",
            start_year=2024,
            end_year=2026,
            decision_number=f"{5 + index % 50}/23",
            decision_date=datetime.date(2023, 12, 20),
        )
        for index, community in enumerate(communities)
        if index % 2 == 0
    ]
    LocalProgramme.objects.bulk_create(programmes)
    lines = []
    for index, programme in enumerate(
        LocalProgramme.objects.filter(community__in=communities, start_year=2024)
    ):
        for year in (2024, 2025, 2026):
            planned = Decimal(5000 + (index * 1375) % 9000)
            lines.append(
                BudgetLine(
                    programme=programme,
                    year=year,
                    purpose=BudgetLine.Purpose.PREVENTION,
                    planned=planned,
                    spent=(planned * Decimal("0.85")).quantize(Decimal("0.01"))
                    if year < 2026
                    else Decimal("0.00"),
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    return len(plans)


def scale_seed(*, oblasts: int | None = None, quarters: int = QUARTERS, log=None) -> ScaleSummary:
    """Add every oblast of `oblast_shapes(oblasts)` that is missing, with its content.
    Expects the reference data and demo content (`seed_demo`) to be there already."""
    summary = ScaleSummary()
    rng = random.Random(RNG_SEED)
    staff = User.objects.filter(role=User.Role.STAFF).order_by("pk").first()
    present = set(Oblast.objects.values_list("katottg", flat=True))
    for shape in oblast_shapes(oblasts):
        code = f"{shape['katottg_prefix']}{0:015d}"
        if shape["katottg_prefix"] == SUMY_PREFIX or code in present:
            continue
        oblast = _territory(shape, rng)
        communities = list(Community.objects.filter(raion__oblast=oblast).select_related("raion"))
        reports, figures = _monitoring(communities, quarters, rng, staff)
        tables, people = _round_tables(oblast, communities, staff)
        plans = _plans(communities)
        summary.oblasts += 1
        summary.raions += int(shape["raions"])
        summary.communities += len(communities)
        summary.reports += reports
        summary.figures += figures
        summary.round_tables += tables
        summary.people += people
        summary.plans += plans
        if log:
            log(f"{oblast.name}: {len(communities)} communities, {figures} figures")
    return summary
