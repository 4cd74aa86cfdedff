"""Ukrainian alphabetical order on SQLite and PostgreSQL alike (run this file with
DATABASE_URL=postgres://... too): і, ї, є and ґ in their places."""

import random

import pytest
from django.db import connection

from communities.models import Community, Raion
from communities.tests.factories import CommunityFactory, RaionFactory
from league.collation import compare, sort_key
from league.models import User
from league.tests.factories import UserFactory
from roundtables.models import Person
from roundtables.tests.factories import PersonFactory

# In the Ukrainian alphabet: а б в г ґ д е є ж з и і ї й ...; Latin after Cyrillic.
COMMUNITIES = [
    "Андріяшівська",
    "Білопільська",
    "Буринська",
    "Великописарівська",
    "Глухівська",
    "Ґрунська",
    "Дубов'язівська",
    "Дубовська",
    "Есманьська",
    "Єрківська",
    "Журавська",
    "Ивахнівська",
    "Іванівська",
    "Їжаківська",
    "Йосипівська",
    "Конотопська",
    "Шалигинська",
    "Юнаківська",
    "Ямпільська",
]


def shuffled(names):
    names = list(names)
    random.Random(11).shuffle(names)
    return names


def test_the_python_order_is_the_ukrainian_alphabet():
    assert sorted(shuffled(COMMUNITIES), key=sort_key) == COMMUNITIES
    assert compare("Білопільська", "Буринська") == -1
    assert compare("Ямпільська", "Zurich") == -1  # Cyrillic before Latin, as ICU's uk
    assert compare("ґ", "Ґ") == -1 and compare("Ґ", "Ґ") == 0
    assert sorted(["Іван", "Їжак", "Ирій", "Єва", "Ева", "Ґава", "Гава"], key=sort_key) == [
        "Гава",
        "Ґава",
        "Ева",
        "Єва",
        "Ирій",
        "Іван",
        "Їжак",
    ]


@pytest.mark.django_db
def test_communities_and_raions_are_listed_in_ukrainian_order(cast):
    raion = RaionFactory(oblast=cast.oblast, name="Охтирський")
    for name in shuffled(COMMUNITIES):
        CommunityFactory(raion=raion, name=name)
    for name in shuffled(["Шосткинський", "Роменський", "Конотопський", "Глухівський"]):
        RaionFactory(oblast=cast.oblast, name=name)

    names = list(Community.objects.filter(raion=raion).values_list("name", flat=True))
    assert names == COMMUNITIES, connection.vendor
    # An explicit order_by on the name follows the same alphabet.
    assert (
        list(Community.objects.filter(raion=raion).order_by("-name").values_list("name", flat=True))
        == COMMUNITIES[::-1]
    )
    assert list(Raion.objects.values_list("name", flat=True)) == [
        "Глухівський",
        "Конотопський",
        "Охтирський",
        "Роменський",
        "Сумський",
        "Шосткинський",
    ]


@pytest.mark.django_db
def test_people_are_listed_in_ukrainian_order(cast):
    people = ["Гнатюк Олена", "Ґудзь Ірина", "Єременко Петро", "Іваненко Марія", "Їжак Остап"]
    for name in shuffled(people):
        PersonFactory(community=cast.community_a, full_name=name)
    assert list(Person.objects.values_list("full_name", flat=True)) == people

    for last_name in shuffled(["Ігнатенко", "Єрмак", "Ґонта"]):
        UserFactory(last_name=last_name)
    listed = User.objects.filter(last_name__in=["Ігнатенко", "Єрмак", "Ґонта"])
    assert list(listed.order_by("last_name").values_list("last_name", flat=True)) == [
        "Ґонта",
        "Єрмак",
        "Ігнатенко",
    ]
