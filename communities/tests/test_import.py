"""Reference data: the Sumy CSV loads whole; a bad file is refused whole."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from communities.models import Community, FormerRaion, Oblast, Raion
from communities.services import (
    SUMY_OBLAST_KATOTTG,
    CommunityImportError,
    communities_import_csv,
    reference_data_load,
)

HEADER = "katottg,name_uk,type,raion_uk,centre_uk,population\n"
GOOD_ROW = "UA74040010000011111,Тестова,сільська,Тестовий,Тестове,1200\n"


def import_text(text: str):
    return communities_import_csv(
        file=io.StringIO(text), oblast_name="Чернігівська", oblast_katottg="UA74000000000025378"
    )


@pytest.mark.django_db
def test_the_sumy_reference_data_loads_51_communities_in_5_raions():
    reference_data_load()

    assert Community.objects.count() == 51
    assert Raion.objects.count() == 5
    types = dict(Community.objects.values_list("type").annotate(n=Count("id")))
    assert types == {"urban": 15, "settlement": 15, "rural": 21}
    assert sum(Community.objects.values_list("population", flat=True)) == 1_035_772
    sumy = Community.objects.get(katottg="UA59080270000073662")
    assert (sumy.name, sumy.centre, sumy.raion.name, sumy.population_year) == (
        "Сумська",
        "Суми",
        "Сумський",
        2022,
    )
    # The two Миколаївська communities are told apart by code and type.
    assert Community.objects.filter(name="Миколаївська").count() == 2


@pytest.mark.django_db
def test_the_18_former_raions_map_to_present_communities():
    reference_data_load()

    assert FormerRaion.objects.count() == 18
    bilopillia = FormerRaion.objects.get(name="Білопільський")
    assert bilopillia.present_raion.name == "Сумський"
    mykolaivska = bilopillia.communities.get(name="Миколаївська")
    assert mykolaivska.type == Community.Type.SETTLEMENT
    sumy_former = FormerRaion.objects.get(name="Сумський")
    assert sumy_former.communities.get(name="Миколаївська").type == Community.Type.RURAL


@pytest.mark.django_db
def test_importing_again_updates_and_never_duplicates():
    reference_data_load()
    Community.objects.filter(katottg="UA59080270000073662").update(population=1)

    reference_data_load()

    assert Community.objects.count() == 51
    assert FormerRaion.objects.count() == 18
    assert Community.objects.get(katottg="UA59080270000073662").population == 267046


@pytest.mark.django_db
def test_another_oblast_imports_beside_sumy():
    reference_data_load()
    result = import_text(HEADER + GOOD_ROW)
    assert (result.created, result.updated) == (1, 0)
    assert Oblast.objects.count() == 2
    assert Community.objects.count() == 52


BAD_FILES = {
    "wrong headers": ("code,name\nUA74040010000011111,Тестова\n", "Wrong columns|Неправильні"),
    "malformed code": (
        HEADER + GOOD_ROW + "UA7404001,Погана,сільська,Тестовий,Погане,10\n",
        "Рядок 3: хибний код КАТОТТГ",
    ),
    "duplicate code": (
        HEADER + GOOD_ROW + GOOD_ROW,
        "Рядок 3: код КАТОТТГ UA74040010000011111 повторюється",
    ),
    "unknown type": (
        HEADER + GOOD_ROW.replace("сільська", "хутірська"),
        "Рядок 2: невідомий тип громади",
    ),
    "bad population": (
        HEADER + GOOD_ROW.replace("1200", "багато"),
        "Рядок 2: населення",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_whole_naming_the_row(kind):
    text, message = BAD_FILES[kind]
    with pytest.raises(CommunityImportError) as refused:
        import_text(text)
    assert any(re.search(message, error) for error in refused.value.errors)
    assert not Oblast.objects.exists()
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_each_problem_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER + GOOD_ROW + "UA1,Погана,сільська,Тестовий,Погане,10\n"
        "UA74040030000033333,Інша,міська,Тестовий,Інше,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_communities",
            str(path),
            oblast_name="Чернігівська",
            oblast_katottg="UA74000000000025378",
        )
    assert "Рядок 3" in str(refused.value)
    assert "Рядок 4" in str(refused.value)
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_a_good_file(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    call_command(
        "import_communities",
        str(path),
        oblast_name="Чернігівська",
        oblast_katottg="UA74000000000025378",
    )
    assert Community.objects.get().katottg == "UA74040010000011111"


@pytest.mark.django_db
def test_former_raions_refuse_an_unknown_community(tmp_path):
    reference_data_load()
    FormerRaion.objects.all().delete()
    path = tmp_path / "former.csv"
    path.write_text(
        "koatuu,raion_uk,centre_uk,raion_2020_uk,hromadas_uk\n"
        "5920300000,Охтирський,м. Охтирка,Охтирський,Грунська;Неіснуюча\n"
        "5920600000,Білопільський,м. Білопілля,Сумський,Миколаївська\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_former_raions", str(path), oblast_katottg=SUMY_OBLAST_KATOTTG)
    assert "Неіснуюча" in str(refused.value)
    assert "неоднозначна" in str(refused.value)
    assert not FormerRaion.objects.exists()
