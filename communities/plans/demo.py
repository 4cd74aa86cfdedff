"""Demo identification plans, local programmes and service contracts for Sumy oblast.

Every community gets a plan; their statuses reflect where the project stood in 2018
(most drafting or adopted). All decisions, amounts and providers are invented.
Idempotent: objects are looked up by their natural keys and created only when missing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from communities.models import Community
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.services import SUMY_OBLAST_KATOTTG

Status = IdentificationPlan.Status
Done = PlanMeasure.Status

# Repeats over the communities sorted by KATOTTG code: 20 adopted, 15 drafting, ...
STATUS_PATTERN = [
    Status.ADOPTED,
    Status.DRAFTING,
    Status.ADOPTED,
    Status.ADOPTED,
    Status.DRAFTING,
    Status.SUBMITTED,
    Status.ADOPTED,
    Status.NOT_STARTED,
    Status.DRAFTING,
    Status.EXPIRED,
]

# (category, description, responsible, partners, deadline)
MEASURES = [
    (
        PlanMeasure.Category.TRAINING,
        "Навчання фахівців із соціальної роботи та старост виявленню ознак торгівлі людьми",
        "Відділ соціального захисту населення",
        "ГО «Професійна Ліга соціальних працівників Сумщини»",
        datetime.date(2018, 6, 30),
    ),
    (
        PlanMeasure.Category.IDENTIFICATION,
        "Запровадити анкету первинного виявлення осіб, які могли постраждати від торгівлі людьми, "
        "у ЦНАП та службі у справах дітей",
        "Служба у справах дітей",
        "ЦНАП",
        datetime.date(2018, 9, 30),
    ),
    (
        PlanMeasure.Category.REFERRAL,
        "Затвердити порядок переадресації постраждалих до суб'єктів національного механізму "
        "взаємодії",
        "Виконавчий комітет ради",
        "Ювенальна превенція, центр зайнятості",
        datetime.date(2018, 12, 31),
    ),
    (
        PlanMeasure.Category.PREVENTION,
        "Інформаційні зустрічі для учнів старших класів і молоді про безпечне працевлаштування",
        "Відділ освіти",
        "Центр соціальних служб",
        datetime.date(2019, 5, 31),
    ),
    (
        PlanMeasure.Category.ASSISTANCE,
        "Передбачити кошти на одноразову матеріальну допомогу та тимчасове розміщення",
        "Фінансовий відділ",
        "",
        datetime.date(2019, 12, 31),
    ),
    (
        PlanMeasure.Category.COORDINATION,
        "Щоквартальні засідання робочої групи з питань протидії торгівлі людьми",
        "Заступник голови з гуманітарних питань",
        "Поліція, центр зайнятості, заклади охорони здоров'я",
        datetime.date(2020, 12, 31),
    ),
]

# An adopted plan's measures: mostly done, some still open (overdue), one not done.
ADOPTED_MEASURE_STATUSES = [Done.DONE, Done.DONE, Done.IN_PROGRESS, Done.DONE, Done.PLANNED]
EXPIRED_MEASURE_STATUSES = [Done.DONE, Done.NOT_DONE, Done.DONE, Done.DONE]

# Current programmes with money this year, by KATOTTG code.
CURRENT_PROGRAMMES = {
    "UA59080270000073662",  # Сумська
    "UA59020070000032449",  # Конотопська
    "UA59100170000093676",  # Шосткинська
    "UA59040110000026694",  # Охтирська
    "UA59060110000049734",  # Роменська
}

CONTRACTS = [
    # (community code, service, provider, EDRPOU, amount, status, dates, people served)
    (
        "UA59080270000073662",
        "Соціальний супровід осіб, які постраждали від торгівлі людьми",
        "ГО «Професійна Ліга соціальних працівників Сумщини»",
        "38210457",
        Decimal("96000.00"),
        ServiceContract.Status.DELIVERED,
        (datetime.date(2019, 2, 14), datetime.date(2019, 3, 1), datetime.date(2019, 12, 31)),
        7,
    ),
    (
        "UA59020070000032449",
        "Консультування та інформування з питань безпечної міграції",
        "БФ «Відкриті долоні»",
        "40115523",
        Decimal("48500.50"),
        ServiceContract.Status.CONTRACTED,
        (datetime.date(2026, 1, 20), datetime.date(2026, 2, 1), datetime.date(2026, 12, 31)),
        2,
    ),
    (
        "UA59100170000093676",
        "Тимчасове розміщення постраждалих",
        "ГО «Надійний прихисток»",
        "41877302",
        Decimal("120000.00"),
        ServiceContract.Status.ANNOUNCED,
        (None, datetime.date(2026, 6, 1), datetime.date(2027, 5, 31)),
        0,
    ),
]


COUNCIL_TYPE = {"urban": "міської", "settlement": "селищної", "rural": "сільської"}


def _council(community: Community) -> str:
    """«Сесія Бочечківської сільської ради»: community names are adjectives."""
    name = community.name[:-1] + "ої" if community.name.endswith("а") else community.name
    return f"Сесія {name} {COUNCIL_TYPE[community.type]} ради"


def _amount(index: int, base: int) -> Decimal:
    """A plausible amount in hryvnias with kopiykas, varying by community."""
    return Decimal(base + (index * 1375) % 9000) + Decimal(index % 4) * Decimal("0.25")


def _seed_plan(index: int, community: Community) -> None:
    status = STATUS_PATTERN[index % len(STATUS_PATTERN)]
    years = (2017, 2017) if status == Status.EXPIRED else (2018, 2020)
    decision = {}
    if status in (Status.ADOPTED, Status.EXPIRED):
        decision = {
            "decision_number": f"{10 + index}/VII",
            "decision_date": datetime.date(years[0], 1 + index % 9, 10 + index % 15),
            "decision_body": _council(community),
        }
    plan, _created = IdentificationPlan.objects.get_or_create(
        community=community,
        start_year=years[0],
        defaults={"end_year": years[1], "status": status, **decision},
    )
    if status == Status.NOT_STARTED:
        return
    if status == Status.ADOPTED:
        statuses = ADOPTED_MEASURE_STATUSES
    elif status == Status.EXPIRED:
        statuses = EXPIRED_MEASURE_STATUSES
    else:
        statuses = [Done.PLANNED] * 3
    for number, measure_status in enumerate(statuses):
        category, description, responsible, partners, deadline = MEASURES[
            (index + number) % len(MEASURES)
        ]
        if status == Status.EXPIRED:
            deadline = deadline.replace(year=2017)
        measure, created = PlanMeasure.objects.get_or_create(
            plan=plan,
            description=description,
            defaults={
                "category": category,
                "responsible": responsible,
                "partners": partners,
                "deadline": deadline,
                "status": measure_status,
            },
        )
        if created and measure_status != Done.PLANNED:
            MeasureUpdate.objects.create(
                measure=measure,
                status=measure_status,
                date=deadline - datetime.timedelta(days=10),
                note="Звіт відділу на засіданні виконкому",
                evidence_url=(
                    f"https://example.org/hromada/{community.katottg}/zvit-{number}"
                    if measure_status == Done.DONE
                    else ""
                ),
            )


def _seed_programme(
    index: int, community: Community, name: str, years: tuple[int, int], lines: list[int]
) -> None:
    programme, _created = LocalProgramme.objects.get_or_create(
        community=community,
        name=name,
        defaults={
            "kind": LocalProgramme.Kind.SOCIAL if index % 3 else LocalProgramme.Kind.DEVELOPMENT,
            "start_year": years[0],
            "end_year": years[1],
            "decision_number": f"{5 + index}/{years[0] % 100}",
            "decision_date": datetime.date(years[0] - 1, 12, 20),
            "decision_body": _council(community),
        },
    )
    funded = PlanMeasure.objects.filter(
        plan__community=community, category=PlanMeasure.Category.ASSISTANCE
    ).first()
    purposes = [
        BudgetLine.Purpose.PREVENTION,
        BudgetLine.Purpose.CAMPAIGN,
        BudgetLine.Purpose.ASSISTANCE,
    ]
    for year in lines:
        for number, purpose in enumerate(purposes[: 1 + (index + year) % 3]):
            planned = _amount(index + number, 5000 * (number + 1))
            finished = year < 2026
            BudgetLine.objects.get_or_create(
                programme=programme,
                year=year,
                purpose=purpose,
                defaults={
                    "planned": planned,
                    "spent": (planned * Decimal("0.85")).quantize(Decimal("0.01"))
                    if finished
                    else Decimal("0.00"),
                    "measure": funded if purpose == BudgetLine.Purpose.ASSISTANCE else None,
                },
            )


@transaction.atomic
def seed() -> None:
    communities = Community.objects.filter(raion__oblast__katottg=SUMY_OBLAST_KATOTTG).order_by(
        "katottg"
    )
    by_code = {}
    for index, community in enumerate(communities):
        by_code[community.katottg] = community
        _seed_plan(index, community)
        if index % 2 == 0:
            _seed_programme(
                index,
                community,
                "Програма соціального захисту населення на 2018–2020 роки",
                (2018, 2020),
                [2018, 2019, 2020],
            )
        if community.katottg in CURRENT_PROGRAMMES:
            _seed_programme(
                index,
                community,
                "Програма протидії торгівлі людьми на 2025–2027 роки",
                (2025, 2027),
                [2025, 2026],
            )
    for code, service, provider, edrpou, amount, status, dates, people in CONTRACTS:
        if code not in by_code:
            continue
        contract_date, period_start, period_end = dates
        ServiceContract.objects.get_or_create(
            community=by_code[code],
            service=service,
            provider_edrpou=edrpou,
            defaults={
                "provider_name": provider,
                "amount": amount,
                "status": status,
                "contract_date": contract_date,
                "period_start": period_start,
                "period_end": period_end,
                "people_served": people,
            },
        )
