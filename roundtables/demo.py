"""Demo content: the 18 round tables of Sumy oblast, one per former raion of 2016.

Everything here is invented: the people are made-up officials and specialists (names
assembled from common surnames and first names, no real person), phone numbers are
in a reserved-looking pattern. Safe to run again: rows are found by their natural
keys and updated, never duplicated.
"""

import hashlib
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from communities.models import Community, FormerRaion, Oblast
from communities.services import SUMY_OBLAST_KATOTTG
from league.models import User
from roundtables.models import (
    AgendaItem,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
    person_name_key,
)

SERIES_TITLE = "18 круглих столів для громад Сумщини"

# Meeting dates in order; the 16th was postponed, the last two are still to come.
HELD_DATES = [
    date(2016, 11, 17),
    date(2016, 12, 8),
    date(2017, 2, 16),
    date(2017, 3, 23),
    date(2017, 4, 20),
    date(2017, 5, 25),
    date(2017, 6, 22),
    date(2017, 9, 21),
    date(2017, 10, 19),
    date(2017, 11, 16),
    date(2018, 2, 22),
    date(2018, 3, 22),
    date(2018, 4, 26),
    date(2018, 5, 24),
    date(2018, 9, 20),
]
POSTPONED_DATE = date(2018, 11, 15)
# Planned ones are dated weeks ahead of the day the demo is loaded, so that a planned
# round table is never in the past.
PLANNED_IN_DAYS = [21, 49]

SURNAMES = [
    "Бойко",
    "Кравченко",
    "Мороз",
    "Олійник",
    "Петренко",
    "Савченко",
    "Клименко",
    "Павленко",
    "Руденко",
    "Марченко",
    "Гордієнко",
    "Литвиненко",
    "Дячук",
    "Ковальчук",
    "Яценко",
    "Гребенюк",
    "Стельмах",
    "Приходько",
    "Зінченко",
    "Кучер",
    "Левченко",
    "Нестеренко",
    "Білоус",
    "Остапенко",
    "Дорошенко",
    "Самойленко",
    "Шаповал",
    "Кириленко",
    "Головко",
    "Різниченко",
    "Гайдай",
    "Шульга",
    "Бабенко",
    "Сидоренко",
    "Тарасенко",
    "Юрченко",
    "Яковенко",
    "Бондар",
    "Степаненко",
    "Вакуленко",
]
MEN = [
    "Олександр",
    "Сергій",
    "Володимир",
    "Микола",
    "Іван",
    "Василь",
    "Юрій",
    "Петро",
    "Андрій",
    "Віктор",
    "Олег",
    "Анатолій",
]
WOMEN = [
    "Ольга",
    "Наталія",
    "Тетяна",
    "Людмила",
    "Світлана",
    "Валентина",
    "Галина",
    "Оксана",
    "Ірина",
    "Лариса",
    "Алла",
    "Надія",
]
FATHERS_OF_MEN = [
    "Олександрович",
    "Сергійович",
    "Миколайович",
    "Іванович",
    "Васильович",
    "Петрович",
    "Григорович",
    "Анатолійович",
    "Вікторович",
    "Михайлович",
]
FATHERS_OF_WOMEN = [
    "Олександрівна",
    "Сергіївна",
    "Миколаївна",
    "Іванівна",
    "Василівна",
    "Петрівна",
    "Григорівна",
    "Анатоліївна",
    "Вікторівна",
    "Михайлівна",
]

HEAD_TITLE = {
    "urban": "Міський голова",
    "settlement": "Селищний голова",
    "rural": "Сільський голова",
}
COUNCIL_ADJECTIVE = {"urban": "міської", "settlement": "селищної", "rural": "сільської"}
COUNCIL_NAME = {"urban": "міська рада", "settlement": "селищна рада", "rural": "сільська рада"}

AGENDA = [
    (
        "Відкриття. Мета проекту і Меморандум про співпрацю з Сумською обласною радою",
        "ГО «Професійна Ліга соціальних працівників Сумщини»",
    ),
    (
        "Національний механізм взаємодії суб'єктів протидії торгівлі людьми: роль громади",
        "Ювенальна превенція поліції",
    ),
    (
        "Встановлення статусу особи, яка постраждала від торгівлі людьми, і допомога, "
        "гарантована державою",
        "Центр соціальних служб для сім'ї, дітей та молоді",
    ),
    (
        "Заходи з протидії торгівлі людьми в програмах соціально-економічного розвитку громад",
        "",
    ),
    ("Обговорення та ухвалення рекомендацій", ""),
]
MINUTES = (
    "Учасники обговорили, як у громаді виявляти осіб, які могли постраждати від торгівлі "
    "людьми, і куди їх скеровувати відповідно до Порядку взаємодії суб'єктів (постанова "
    "КМУ № 783 від 22.08.2012).\n\n"
    "Представники громад зазначили, що після об'єднання громад обов'язки з протидії "
    "торгівлі людьми ще не закріплені за конкретними посадовими особами, а в місцевих "
    "програмах немає коштів на такі заходи.\n\n"
    "Ухвалено рекомендації, наведені нижче; виконання зобов'язань громад Ліга відстежує "
    "і доповідає обласній раді."
)
RESOLUTIONS = [
    "Рекомендувати громадам визначити відповідальну посадову особу (координатора) з "
    "питань протидії торгівлі людьми та забезпечити її навчання.",
    "Рекомендувати громадам включити заходи з виявлення постраждалих від торгівлі людьми "
    "та допомоги їм до програм соціально-економічного розвитку на наступний рік.",
    "Рекомендувати громадам долучитися до спільної інформаційної кампанії з запобігання "
    "торгівлі людьми.",
]
# (resolution number, text, days from the meeting to the due date)
COMMITMENTS = [
    (1, "Визначити розпорядженням голови координатора з питань протидії торгівлі людьми", 60),
    (
        2,
        "Підготувати й внести на сесію зміни до програми соціально-економічного розвитку "
        "із заходами та коштами на протидію торгівлі людьми",
        180,
    ),
    (
        3,
        "Провести інформаційні зустрічі про безпечне працевлаштування для старшокласників "
        "закладів освіти громади",
        120,
    ),
]
# Cycled over the commitments so that every status occurs, unfinished ones both
# overdue and not.
OUTCOMES = ["done", "done", "in_progress", "open", "done", "dropped", "open", "in_progress"]


def _pick(seed: str, options: list):
    digest = hashlib.sha256(seed.encode()).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


def _name(seed: str, woman: bool) -> str:
    first = _pick(seed + "first", WOMEN if woman else MEN)
    father = _pick(seed + "father", FATHERS_OF_WOMEN if woman else FATHERS_OF_MEN)
    return f"{_pick(seed + 'surname', SURNAMES)} {first} {father}"


def _council(community: Community) -> str:
    return f"{community.name[:-1]}ої {COUNCIL_ADJECTIVE[community.type]} ради"


def _person(
    seed: str,
    community: Community,
    category: str,
    position: str,
    organisation: str,
    woman: bool,
    contacts: bool = False,
) -> Person:
    full_name = _name(seed, woman)
    person = Person.objects.filter(name_key=person_name_key(full_name), community=community).first()
    person = person or Person(full_name=full_name, community=community)
    person.position, person.organisation, person.category = position, organisation, category
    if contacts:
        number = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16) % 100
        person.phone = f"+380 50 000 00 {number:02d}"
        person.consent_to_contacts = True
    person.full_clean()
    person.save()
    return person


def _community_people(community: Community) -> list[Person]:
    """The head and the social-work specialist of a community (and a deputy in cities):
    the same people at every round table their community is invited to."""
    seed = community.katottg
    council = f"{community.name} {COUNCIL_NAME[community.type]}"
    people = [
        _person(
            seed + "head",
            community,
            "head",
            HEAD_TITLE[community.type],
            council,
            woman=_pick(seed + "g1", [True, False, False]),
            contacts=True,
        ),
        _person(
            seed + "social",
            community,
            "social_specialist",
            "Фахівчиня із соціальної роботи"
            if community.type != "urban"
            else "Начальниця відділу соціального захисту населення",
            council,
            woman=True,
        ),
    ]
    if community.type == "urban":
        people.append(
            _person(
                seed + "deputy",
                community,
                "deputy_head",
                "Заступник міського голови з питань діяльності виконавчих органів",
                council,
                woman=False,
            )
        )
    return people


def _venue_people(venue: Community, former: FormerRaion) -> list[Person]:
    seed = f"{former.koatuu}-"
    council = f"{venue.name} {COUNCIL_NAME[venue.type]}"
    return [
        _person(
            seed + "police",
            venue,
            "police",
            "Інспектор ювенальної превенції",
            "Головне управління Національної поліції в Сумській області",
            woman=False,
        ),
        _person(
            seed + "education", venue, "education", "Начальниця відділу освіти", council, woman=True
        ),
        _person(
            seed + "health",
            venue,
            "health",
            "Лікарка загальної практики — сімейна лікарка",
            "Центр первинної медико-санітарної допомоги",
            woman=True,
        ),
        _person(
            seed + "centre",
            venue,
            "social_services_centre",
            "Фахівчиня із соціальної роботи",
            "Центр соціальних служб для сім'ї, дітей та молоді",
            woman=True,
        ),
        _person(
            seed + "ngo",
            venue,
            "ngo",
            "Голова правління",
            "Місцева громадська організація",
            woman=_pick(seed + "ngo-g", [True, False]),
        ),
    ]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _schedule(former_raions: list[FormerRaion]) -> list[tuple[FormerRaion, datetime, str]]:
    today = timezone.localdate()
    dates = [(_at(day), RoundTable.Status.HELD) for day in HELD_DATES]
    dates.append((_at(POSTPONED_DATE), RoundTable.Status.POSTPONED))
    dates += [
        (_at(today + timedelta(days=days)), RoundTable.Status.PLANNED) for days in PLANNED_IN_DAYS
    ]
    return [(former, *slot) for former, slot in zip(former_raions, dates, strict=True)]


def _venue(former: FormerRaion, communities: list[Community]) -> Community:
    centre = former.centre.removeprefix("м. ").removeprefix("смт ")
    return next(
        (community for community in communities if community.centre == centre),
        former.communities.order_by("name").first(),
    )


def _commitments(round_table: RoundTable, invited: list[Community], counter: list[int]) -> None:
    """Resolutions, and commitments of the venue and up to three more communities."""
    today = timezone.localdate()
    held_on = round_table.starts_at.date()
    resolutions = {}
    for number, text in enumerate(RESOLUTIONS, start=1):
        resolutions[number], _ = Resolution.objects.update_or_create(
            round_table=round_table, number=number, defaults={"text": text}
        )
    for index, community in enumerate(invited[:4]):
        resolution_number, text, days = COMMITMENTS[index % len(COMMITMENTS)]
        status = OUTCOMES[counter[0] % len(OUTCOMES)]
        counter[0] += 1
        due = held_on + timedelta(days=days)
        if status in ("open", "in_progress") and counter[0] % 3 == 0:
            # A long-running one: extended to a date still ahead.
            due = today + timedelta(days=30 * (1 + counter[0] % 5))
        commitment, _ = Commitment.objects.update_or_create(
            resolution=resolutions[resolution_number],
            community=community,
            text=text,
            defaults={
                "responsible": f"Виконавчий комітет {_council(community)}",
                "due_date": due,
                "status": status,
            },
        )
        steps = []
        if status != "open":
            steps.append(
                (
                    "open",
                    "in_progress",
                    held_on + timedelta(days=20),
                    "Підготовлено проект розпорядження, погоджується з юристом.",
                )
            )
        if status == "done":
            steps.append(
                (
                    "in_progress",
                    "done",
                    held_on + timedelta(days=days - 5),
                    "Виконано: рішення ухвалено, копію передано Лізі.",
                )
            )
        if status == "dropped":
            steps.append(
                (
                    "in_progress",
                    "dropped",
                    held_on + timedelta(days=days - 5),
                    "Громада приєдналася до іншої; зобов'язання передано новій громаді.",
                )
            )
        for before, after, on_date, note in steps:
            CommitmentUpdate.objects.get_or_create(  # a log: added once, never rewritten
                commitment=commitment,
                status_after=after,
                defaults={"status_before": before, "date": min(on_date, today), "note": note},
            )


def seed() -> None:
    oblast = Oblast.objects.get(katottg=SUMY_OBLAST_KATOTTG)
    series, _ = RoundTableSeries.objects.update_or_create(
        oblast=oblast, title=SERIES_TITLE, defaults={"target": 18}
    )
    facilitators = list(User.objects.filter(username__in=["demo-staff"]))
    oblast_communities = list(Community.objects.filter(raion__oblast=oblast))
    former_raions = list(
        FormerRaion.objects.filter(oblast=oblast).order_by("koatuu").prefetch_related("communities")
    )[:18]
    counter = [0]
    with transaction.atomic():
        for number, (former, starts_at, status) in enumerate(_schedule(former_raions), start=1):
            venue = _venue(former, oblast_communities)
            invited = sorted({*former.communities.all(), venue}, key=lambda c: c.name)
            round_table, _ = RoundTable.objects.update_or_create(
                series=series,
                number=number,
                defaults={
                    "title": f"Громади {former.name[:-2]}ого району проти торгівлі людьми",
                    "starts_at": starts_at,
                    "status": status,
                    "venue_community": venue,
                    "venue_address": f"{venue.centre}, зала засідань {_council(venue)}",
                    "former_raion": former,
                    "minutes": MINUTES if status == RoundTable.Status.HELD else "",
                },
            )
            round_table.full_clean()
            round_table.invited_communities.set(invited)
            round_table.facilitators.set(facilitators)
            for order, (title, speaker) in enumerate(AGENDA, start=1):
                AgendaItem.objects.update_or_create(
                    round_table=round_table,
                    order=order,
                    defaults={"title": title, "speaker": speaker},
                )
            # The League's own staff are the facilitators (accounts), not participants.
            people = _venue_people(venue, former)
            for community in invited:
                people += _community_people(community)
            for person in people:
                if status == RoundTable.Status.HELD:
                    came = _pick(f"{number}-{person.pk}", [True] * 6 + [False])
                    state = Participation.Status.ATTENDED if came else Participation.Status.ABSENT
                else:
                    state = _pick(f"{number}-{person.pk}", ["invited", "confirmed"])
                Participation.objects.update_or_create(
                    round_table=round_table, person=person, defaults={"status": state}
                )
            if status == RoundTable.Status.HELD:
                others = [community for community in invited if community != venue]
                _commitments(round_table, [venue, *others], counter)
