"""Refusals of the reference-data imports not met elsewhere: a file over the row limit,
a population year no model accepts, former raions before their oblast's communities.
Each says why and writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from communities.models import Community, FormerRaion, Oblast, Raion
from communities.services import (
    MAX_ROWS,
    CommunityImportError,
    communities_import_csv,
    former_raions_import_csv,
)

HEADER = "katottg,name_uk,type,raion_uk,centre_uk,population\n"
GOOD_ROW = "UA74040010000011111,Тестова,сільська,Тестовий,Тестове,1200\n"
CHERNIHIV = "UA74000000000025378"


@pytest.mark.django_db
def test_a_file_over_the_row_limit_is_refused_before_any_row_is_checked():
    rows = "".join(
        f"UA7404001{index:010d},Громада {index},сільська,Тестовий,Село,10\n"
        for index in range(MAX_ROWS + 1)
    )
    with pytest.raises(CommunityImportError) as refused:
        communities_import_csv(
            file=io.StringIO(HEADER + rows), oblast_name="Чернігівська", oblast_katottg=CHERNIHIV
        )
    assert refused.value.errors == ["У файлі понад 10000 рядків; розділіть його."]
    assert not Oblast.objects.exists()


@pytest.mark.django_db
def test_a_population_year_no_model_accepts_refuses_the_whole_file(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_communities",
            str(path),
            oblast_name="Чернігівська",
            oblast_katottg=CHERNIHIV,
            population_year=-1,
        )
    assert "population_year: Переконайтеся, що це значення більше чи дорівнює 0." in str(
        refused.value
    )
    # All or nothing: the oblast and raion written before the community are undone too.
    assert not Oblast.objects.exists()
    assert not Raion.objects.exists()
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_former_raions_wait_for_their_oblasts_communities():
    text = (
        "koatuu,raion_uk,centre_uk,raion_2020_uk,hromadas_uk\n"
        "7420300000,Ніжинський,м. Ніжин,Ніжинський,Тестова\n"
    )
    with pytest.raises(CommunityImportError) as refused:
        former_raions_import_csv(file=io.StringIO(text), oblast_katottg=CHERNIHIV)
    assert refused.value.errors == [f"Спершу імпортуйте громади області {CHERNIHIV}."]
    assert not FormerRaion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("oblast_name", "oblast_katottg", "message"),
    [
        ("Чернігівська", "UA74", "Хибний код КАТОТТГ області 'UA74'."),
        ("   ", CHERNIHIV, "Потрібна назва області, не довша за 100 символів."),
        ("Ч" * 101, CHERNIHIV, "Потрібна назва області, не довша за 100 символів."),
    ],
)
def test_an_oblast_with_a_bad_code_or_name_refuses_the_whole_file(
    oblast_name, oblast_katottg, message
):
    with pytest.raises(CommunityImportError) as refused:
        communities_import_csv(
            file=io.StringIO(HEADER + GOOD_ROW),
            oblast_name=oblast_name,
            oblast_katottg=oblast_katottg,
        )
    assert refused.value.errors == [message]
    assert not Oblast.objects.exists()
    assert not Community.objects.exists()
