"""Property-based: whatever a participants file holds, the import adds its people or
refuses it whole with row messages; never another exception, never half a file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from league.tests.strategies import cell_text, csv_bytes
from roundtables import services
from roundtables.importing import COLUMN_NAMES, ImportRefused
from roundtables.models import Participation, Person

pytestmark = pytest.mark.django_db


def participant_row(katottg_codes):
    return st.tuples(
        st.one_of(st.text(min_size=1, max_size=30), cell_text()),
        st.one_of(st.just("Інспектор"), cell_text()),
        cell_text(),
        st.one_of(st.sampled_from(katottg_codes), cell_text()),
        st.one_of(st.sampled_from(["head", "police", "Social-work specialist"]), cell_text()),
        st.one_of(st.sampled_from(["", "invited", "attended", "absent"]), cell_text()),
        st.one_of(st.just(""), cell_text()),
        st.one_of(st.just(""), st.emails(), cell_text()),
        st.one_of(st.sampled_from(["", "так", "no"]), cell_text()),
    ).map(list)


def counts():
    return Person.objects.count(), Participation.objects.count()


@given(data=st.data())
def test_the_participants_import_adds_or_refuses_whole(data, cast, round_table_a):
    codes = [cast.community_a.katottg, cast.community_b.katottg]
    rows = data.draw(
        st.lists(st.one_of(participant_row(codes), st.lists(cell_text(), max_size=11)), max_size=6)
    )
    upload = SimpleUploadedFile("people.csv", csv_bytes(COLUMN_NAMES, rows))
    with transaction.atomic():
        before = counts()
        try:
            result = services.participants_import(
                round_table=round_table_a, uploaded=upload, imported_by=cast.staff
            )
        except ImportRefused as refused:
            assert refused.errors and all(isinstance(error, str) for error in refused.errors)
            assert counts() == before
        else:
            assert result.participations == Participation.objects.count() - before[1]
        transaction.set_rollback(True)


@given(content=st.binary(max_size=1000))
def test_any_bytes_as_a_participants_file_are_refused_clearly(content, cast, round_table_a):
    with transaction.atomic():
        try:
            services.participants_import(
                round_table=round_table_a,
                uploaded=SimpleUploadedFile("people.xlsx", content),
                imported_by=cast.staff,
            )
        except ImportRefused as refused:
            assert refused.errors
        assert counts() == (0, 0)
        transaction.set_rollback(True)
