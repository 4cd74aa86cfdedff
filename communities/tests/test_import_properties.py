"""Property-based: whatever a reference file holds, the community import either imports it
or refuses it whole with row messages; never another exception, never half a file."""

import io

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from communities.models import Community, FormerRaion, Oblast, Raion
from communities.services import (
    COMMUNITY_COLUMNS,
    FORMER_RAION_COLUMNS,
    CommunityImportError,
    communities_import_csv,
    former_raions_import_csv,
)
from league.tests.strategies import cell_text, csv_bytes

pytestmark = pytest.mark.django_db

katottg = st.one_of(st.from_regex(r"UA[0-9]{17}", fullmatch=True), cell_text())
community_row = st.tuples(
    katottg,
    cell_text(),
    st.one_of(st.sampled_from(["міська", "селищна", "сільська"]), cell_text()),
    st.one_of(st.sampled_from(["Сумський", "Шосткинський"]), cell_text()),
    cell_text(),
    cell_text(),
).map(list)


def counts():
    return (
        Oblast.objects.count(),
        Raion.objects.count(),
        Community.objects.count(),
        FormerRaion.objects.count(),
    )


def run_isolated(action):
    """Run an import inside a savepoint that is rolled back, so examples stay apart;
    check that a refusal wrote nothing."""
    with transaction.atomic():
        before = counts()
        try:
            action()
        except CommunityImportError as refused:
            assert refused.errors and all(isinstance(error, str) for error in refused.errors)
            assert len(refused.errors) <= 101
            assert counts() == before
        transaction.set_rollback(True)


@given(
    rows=st.lists(st.one_of(community_row, st.lists(cell_text(), max_size=8)), max_size=8),
    oblast_name=st.one_of(st.just("Сумська"), cell_text()),
    oblast_katottg=st.one_of(st.just("UA59000000000057109"), cell_text()),
)
def test_the_community_import_imports_or_refuses_whole(rows, oblast_name, oblast_katottg):
    text = csv_bytes(COMMUNITY_COLUMNS, rows).decode("utf-8", errors="replace")
    run_isolated(
        lambda: communities_import_csv(
            file=io.StringIO(text, newline=""),
            oblast_name=oblast_name,
            oblast_katottg=oblast_katottg,
        )
    )


@given(text=st.text(max_size=500))
def test_any_text_as_a_community_file_is_imported_or_refused(text):
    run_isolated(
        lambda: communities_import_csv(
            file=io.StringIO(text, newline=""),
            oblast_name="Сумська",
            oblast_katottg="UA59000000000057109",
        )
    )


@given(rows=st.lists(st.lists(cell_text(), min_size=5, max_size=5), max_size=6))
def test_the_former_raion_import_imports_or_refuses_whole(cast, rows):
    text = csv_bytes(FORMER_RAION_COLUMNS, rows).decode("utf-8", errors="replace")
    run_isolated(
        lambda: former_raions_import_csv(
            file=io.StringIO(text, newline=""), oblast_katottg=cast.oblast.katottg
        )
    )


def test_a_file_in_windows_1251_is_refused_clearly(tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes(
        (",".join(COMMUNITY_COLUMNS) + "\nUA74040010000011111,Тестова,сільська,Т,Т,1\n").encode(
            "cp1251"
        )
    )
    with path.open(encoding="utf-8") as file, pytest.raises(CommunityImportError) as refused:
        communities_import_csv(
            file=file, oblast_name="Чернігівська", oblast_katottg="UA74000000000025378"
        )
    assert "UTF-8" in refused.value.errors[0]
    assert not Community.objects.exists()


@pytest.mark.parametrize(
    ("population", "message"),
    [("²", "не є цілим числом"), ("1e30", "не є цілим числом"), ("9" * 5000, "більше за")],
)
def test_a_bad_population_gets_a_ukrainian_row_error(population, message):
    text = (
        ",".join(COMMUNITY_COLUMNS)
        + f"\nUA74040010000011111,Тестова,сільська,Тестовий,Тестове,{population}\n"
    )
    with pytest.raises(CommunityImportError) as refused:
        communities_import_csv(
            file=io.StringIO(text), oblast_name="Чернігівська", oblast_katottg="UA74000000000025378"
        )
    assert refused.value.errors[0].startswith("Рядок 2: населення")
    assert message in refused.value.errors[0]
    assert not Community.objects.exists()


def test_a_name_longer_than_the_model_allows_is_refused_with_its_row():
    text = ",".join(COMMUNITY_COLUMNS) + "\nUA74040010000011111," + "Д" * 101 + ",сільська,Т,Т,1\n"
    with pytest.raises(CommunityImportError, match=r"Рядок 2: .* довше за 100"):
        communities_import_csv(
            file=io.StringIO(text), oblast_name="Чернігівська", oblast_katottg="UA74000000000025378"
        )
    assert not Community.objects.exists()
