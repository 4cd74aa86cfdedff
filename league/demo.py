"""Demo accounts for trying the portal, and the League's own demo work (campaign,
advocacy, memorandum, logframe). Each app's own demo content lives in its demo.py."""

import datetime
from decimal import Decimal

from communities.models import Community, Oblast
from communities.services import SUMY_OBLAST_KATOTTG
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
    StrategyVersion,
)
from league.models import User
from league.targets.models import Activity, Indicator, ManualValue, Objective, Project

SUMY_CITY = "UA59080270000073662"
KONOTOP_CITY = "UA59020070000032449"

# username -> (first name, last name, role, KATOTTG codes of the communities served)
DEMO_ACCOUNTS = {
    "demo-admin": ("Олена", "Адміністраторка", User.Role.ADMIN, []),
    "demo-staff": ("Ірина", "Коваленко", User.Role.STAFF, []),
    "demo-worker": ("Марія", "Бондаренко", User.Role.WORKER, [SUMY_CITY]),
    "demo-worker2": ("Наталія", "Шевченко", User.Role.WORKER, [KONOTOP_CITY]),
    "demo-council": ("Андрій", "Мельник", User.Role.COUNCIL, []),
}


def demo_accounts_seed(*, password: str) -> dict[str, User]:
    """Create or update the five demo accounts, each with `password`."""
    oblast = Oblast.objects.get(katottg=SUMY_OBLAST_KATOTTG)
    accounts = {}
    for username, (first_name, last_name, role, codes) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.role = first_name, last_name, role
        user.email = f"{username}@example.org"
        user.oblast = oblast if role == User.Role.COUNCIL else None
        user.is_active = True
        user.set_password(password)
        user.save()
        user.communities.set(Community.objects.filter(katottg__in=codes))
        accounts[username] = user
    return accounts


# --- The League's own work: campaign, advocacy, memorandum, logframe (issue 10) ---
# All references, dates and figures below are invented for the demo, except the
# memorandum with the Sumy Oblast Council in October 2016, which the project began with.

STRATEGY_TITLE = "Спільна стратегія інформаційної кампанії з протидії торгівлі людьми"
MEMORANDUM_TITLE = "Меморандум про співпрацю з Сумською обласною радою"
PROJECT_TITLE = (
    "Зміцнення громадського контролю щодо формування та реалізації державної політики "
    "у сфері протидії торгівлі людьми в Сумській області"
)
TASKS = [
    (
        "Сприяти запровадженню на рівні громад ідентифікації постраждалих від торгівлі "
        "людьми та надання їм допомоги через суб'єктів національного механізму взаємодії",
        ["18 круглих столів для представників громад", "Плани дій з ідентифікації"],
    ),
    (
        "Сприяти створенню механізму соціального замовлення послуг постраждалим в області",
        ["Адвокаційні зустрічі з радами щодо соціального замовлення"],
    ),
    (
        "Сприяти включенню ідентифікації, захисту та допомоги постраждалим до місцевих "
        "програм соціально-економічного розвитку",
        ["Адвокаційні зустрічі щодо проєктів програм із фінансуванням", "Моніторинг у громадах"],
    ),
    (
        "Залучити громади до інформаційних кампаній із запобігання торгівлі людьми та "
        "виявлення постраждалих",
        ["Спільна стратегія інформаційної кампанії з обласною радою"],
    ),
]
# (code, task number or None for the goal, name, computation, baseline, target)
INDICATORS = [
    ("rt-held", 0, "Проведено круглих столів", "round_tables_held", 0, 18),
    (
        "rt-communities",
        0,
        "Громади, представлені на круглих столах",
        "communities_represented",
        0,
        51,
    ),
    (
        "plans-adopted",
        0,
        "Громади з ухваленим планом ідентифікації",
        "communities_with_adopted_plan",
        0,
        30,
    ),
    ("contracts", 1, "Укладено договорів соціального замовлення", "service_contracts_signed", 0, 5),
    (
        "money-communities",
        2,
        "Громади з коштами на ідентифікацію і допомогу",
        "communities_with_money",
        0,
        25,
    ),
    (
        "money-planned",
        2,
        "Заплановано коштів у місцевих програмах, грн",
        "money_planned",
        0,
        3_000_000,
    ),
    (
        "advocacy-money",
        2,
        "Адвокаційні зустрічі, що завершилися програмою з коштами",
        "advocacy_programmes_with_money",
        0,
        10,
    ),
    (
        "monitoring-complete",
        2,
        "Повнота квартального моніторингу, %",
        "monitoring_completeness",
        0,
        90,
    ),
    (
        "strategy-agreed",
        3,
        "Громади, що погодили спільну стратегію",
        "communities_agreed_strategy",
        0,
        51,
    ),
    ("campaign-activities", 3, "Заходи інформаційної кампанії", "campaign_activities", 0, 300),
    (
        "campaign-reached",
        3,
        "Охоплено людей інформаційною кампанією",
        "campaign_people_reached",
        0,
        20_000,
    ),
    (
        "people-identified",
        None,
        "Виявлено осіб, які могли постраждати",
        "people_identified",
        0,
        100,
    ),
    ("people-helped", None, "Особи, які отримали допомогу", "people_helped", 0, 100),
    ("memoranda", None, "Підписано меморандумів про співпрацю", "", 0, 3),
]


def seed() -> None:
    """The strategy agreed with the council, agreements from most communities, activities
    over two years, advocacy meetings with outcomes, the memorandum of October 2016 and
    the logframe. Idempotent: nothing is added when the strategy already exists."""
    oblast = Oblast.objects.get(katottg=SUMY_OBLAST_KATOTTG)
    if CampaignStrategy.objects.filter(oblast=oblast, title=STRATEGY_TITLE).exists():
        return
    staff = User.objects.get(username="demo-staff")
    communities = list(Community.objects.filter(raion__oblast=oblast).order_by("katottg"))

    memorandum = Memorandum.objects.create(
        oblast=oblast,
        title=MEMORANDUM_TITLE,
        parties="ГО «Професійна Ліга соціальних працівників Сумщини»; Сумська обласна рада",
        date_signed=datetime.date(2016, 10, 19),
        scope="Співпраця у сфері протидії торгівлі людьми: громадський контроль, "
        "інформаційна кампанія, підтримка громад у плануванні та фінансуванні допомоги.",
        valid_until=datetime.date(2018, 12, 31),
        status=Memorandum.Status.EXPIRED,
        created_by=staff,
    )
    strategy = CampaignStrategy.objects.create(
        oblast=oblast,
        title=STRATEGY_TITLE,
        status=CampaignStrategy.Status.ACTIVE,
        council_reference="лист № 02-12/1487",
        council_date=datetime.date(2017, 3, 14),
        created_at=datetime.datetime(2017, 1, 10, tzinfo=datetime.UTC),
    )
    for number, day, messages in (
        (1, datetime.date(2017, 1, 20), "Безпечний виїзд на роботу за кордон"),
        (2, datetime.date(2017, 3, 1), "Безпечний виїзд; куди звертатися по допомогу: 527"),
    ):
        StrategyVersion.objects.create(
            strategy=strategy,
            number=number,
            date=day,
            key_messages=messages,
            target_groups="Молодь, ВПО, шукачі роботи, батьки, фахівці",
            channels="Школи, ЦНАП, місцеві ЗМІ, соцмережі громад, листівки",
            timeline="Березень 2017 — грудень 2018, щокварталу звіт громад",
            created_by=staff,
        )
    for old, new, day in (
        ("draft", "agreed", datetime.datetime(2017, 3, 14, 12, tzinfo=datetime.UTC)),
        ("agreed", "active", datetime.datetime(2017, 4, 1, 9, tzinfo=datetime.UTC)),
    ):
        StrategyStatusChange.objects.create(
            strategy=strategy, from_status=old, to_status=new, changed_by=staff, changed_at=day
        )
    # Most communities agree or join; a few are invited or decline.
    stances = [
        "joined",
        "agreed",
        "joined",
        "agreed",
        "agreed",
        "joined",
        "invited",
        "agreed",
        "joined",
        "declined",
    ]
    agreements = []
    for index, community in enumerate(communities):
        stance = stances[index % len(stances)]
        answered = stance not in ("invited", "not_contacted")
        agreements.append(
            CommunityAgreement(
                strategy=strategy,
                community=community,
                stance=stance,
                date=datetime.date(2017, 4, 1) + datetime.timedelta(days=index * 3)
                if answered
                else None,
            )
        )
    CommunityAgreement.objects.bulk_create(agreements)
    kinds = CampaignActivity.Kind.values
    groups = CampaignActivity.TargetGroup.values
    activities = []
    joined = [a.community for a in agreements if a.stance == "joined"]
    for index in range(120):  # about one activity a week over two years
        community = joined[index % len(joined)]
        activities.append(
            CampaignActivity(
                community=community,
                date=datetime.date(2017, 4, 10) + datetime.timedelta(days=index * 6),
                kind=kinds[index % len(kinds)],
                target_groups=[groups[index % len(groups)], groups[(index + 2) % len(groups)]],
                people_reached=20 + (index * 37) % 180,
                materials_distributed=(index * 53) % 300,
                partners="Ювенальна поліція" if index % 3 == 0 else "",
                recorded_by=staff,
            )
        )
    CampaignActivity.objects.bulk_create(activities)

    outcomes = [
        "promise",
        "draft",
        "adopted",
        "no_result",
        "adopted",
        "draft",
        "promise",
        "adopted",
    ]
    for index, community in enumerate(communities[:8]):
        meeting = AdvocacyMeeting.objects.create(
            oblast=oblast,
            level=AdvocacyMeeting.Level.COMMUNITY,
            raion=community.raion,
            community=community,
            date=datetime.date(2017, 9, 5) + datetime.timedelta(days=index * 40),
            participants="Голова громади; начальник відділу соціального захисту; Ліга",
            topic="Кошти на ідентифікацію та допомогу постраждалим у програмі на 2018–2020 роки",
            ask="Передбачити бюджетний рядок на соціальний супровід і матеріальну допомогу",
            outcome=outcomes[index],
        )
        FollowUp.objects.create(
            meeting=meeting,
            text="Надіслати розрахунок вартості послуг",
            due_date=meeting.date + datetime.timedelta(days=30),
            done_on=meeting.date + datetime.timedelta(days=21) if index % 2 else None,
        )
    AdvocacyMeeting.objects.create(
        oblast=oblast,
        level=AdvocacyMeeting.Level.OBLAST,
        date=datetime.date(2017, 2, 20),
        participants="Постійна комісія обласної ради з питань соціального захисту; Ліга",
        topic="Погодження спільної стратегії інформаційної кампанії",
        ask="Погодити стратегію та рекомендувати громадам долучитися",
        outcome=AdvocacyMeeting.Outcome.PROMISE,
    )

    project = Project.objects.create(
        oblast=oblast,
        title=PROJECT_TITLE,
        goal="Кожен мешканець кожної громади області, який постраждав від торгівлі людьми, "
        "має гідний і безперешкодний доступ до допомоги, захисту та послуг із запобігання, "
        "гарантованих законодавством України.",
        starts_on=datetime.date(2016, 10, 1),
        ends_on=datetime.date(2018, 12, 31),
    )
    objectives = {}
    for number, (title, activity_titles) in enumerate(TASKS):
        objectives[number] = Objective.objects.create(project=project, number=number, title=title)
        for position, activity in enumerate(activity_titles, start=1):
            Activity.objects.create(objective=objectives[number], number=position, title=activity)
    for order, (code, task, name, computation, baseline, target) in enumerate(INDICATORS):
        indicator = Indicator.objects.create(
            project=project,
            objective=objectives.get(task),
            code=code,
            name=name,
            computation=computation,
            baseline=Decimal(baseline),
            target=Decimal(target),
            order=order,
        )
        if not computation:
            ManualValue.objects.create(
                indicator=indicator,
                date=memorandum.date_signed,
                value=Decimal(1),
                evidence=MEMORANDUM_TITLE,
                recorded_by=staff,
            )
