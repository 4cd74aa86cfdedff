"""Property-based: whatever a figures file holds, the import writes it all or refuses it
whole with row messages; never another exception, never half a file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from league.tables import TableRefused
from league.tests.strategies import cell_text, csv_bytes
from monitoring import importing, services
from monitoring.exporting import COLUMNS
from monitoring.models import DataValue, MonitoringReport, StatusChange

pytestmark = pytest.mark.django_db

INDICATORS = ["IDENTIFIED", "STATUS_APPLIED", "STATUS_GRANTED", "BUDGET_SPENT", "NARRATIVE"]


def figure_row(katottg_codes):
    return st.tuples(
        cell_text(),
        cell_text(),
        cell_text(),
        st.one_of(st.sampled_from(katottg_codes), cell_text()),
        st.one_of(st.sampled_from(["2024", "2025"]), cell_text()),
        st.one_of(st.sampled_from(["1", "2", "3", "4"]), cell_text()),
        st.one_of(st.sampled_from(INDICATORS), cell_text()),
        st.one_of(st.sampled_from(["", "sex=female", "age=child"]), cell_text()),
        st.one_of(
            st.integers(min_value=0, max_value=20).map(str),
            st.decimals(min_value=0, max_value=10**6, places=2).map(str),
            cell_text(),
        ),
        st.one_of(st.sampled_from(["draft", "submitted", "approved"]), cell_text()),
    ).map(list)


def counts():
    return (
        MonitoringReport.objects.count(),
        DataValue.objects.count(),
        StatusChange.objects.count(),
    )


@given(data=st.data())
def test_the_figures_import_writes_or_refuses_whole(data, cast, catalogue):
    codes = [cast.community_a.katottg, cast.community_b.katottg]
    rows = data.draw(
        st.lists(st.one_of(figure_row(codes), st.lists(cell_text(), max_size=12)), max_size=8)
    )
    upload = SimpleUploadedFile("figures.csv", csv_bytes(COLUMNS, rows))
    with transaction.atomic():
        before = counts()
        try:
            services.reports_import(
                records=importing.read_records(upload), user=cast.staff, explanation=""
            )
        except TableRefused as refused:
            assert refused.errors and all(isinstance(error, str) for error in refused.errors)
            assert len(refused.errors) <= 101
            assert counts() == before
        transaction.set_rollback(True)


@given(content=st.binary(max_size=1000))
def test_any_bytes_as_a_figures_file_are_refused_clearly(content, cast, catalogue):
    with transaction.atomic():
        try:
            services.reports_import(
                records=importing.read_records(SimpleUploadedFile("figures.xlsx", content)),
                user=cast.staff,
            )
        except TableRefused as refused:
            assert refused.errors
        assert counts() == (0, 0, 0)
        transaction.set_rollback(True)
