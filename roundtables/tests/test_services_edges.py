"""The participants import when a row passes every check of the file but the register
refuses it on saving: a parallel request registered the same person in the same community
between the import's look-up and its write. The whole file is refused, naming the row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from league.tables import TableRefused
from roundtables import services
from roundtables.importing import COLUMN_NAMES
from roundtables.models import Participation, Person


def csv_of(*rows) -> SimpleUploadedFile:
    lines = [",".join(COLUMN_NAMES)] + [",".join(row) for row in rows]
    return SimpleUploadedFile("people.csv", "\n".join(lines).encode())


def test_a_person_registered_meanwhile_refuses_the_whole_file(cast, round_table_a, monkeypatch):
    a = cast.community_a
    real_find = services.person_find_existing

    def find_then_a_parallel_request_registers(*, full_name, community):
        found = real_find(full_name=full_name, community=community)
        if full_name == "Мороз Олег":
            Person.objects.create(full_name=full_name, position="Інспектор", community=community)
        return found

    monkeypatch.setattr(services, "person_find_existing", find_then_a_parallel_request_registers)
    upload = csv_of(
        ["Бойко Ірина", "Міська голова", "", a.katottg, "head", "", "", "", ""],
        ["Мороз Олег", "Інспектор", "ГУНП", a.katottg, "police", "", "", "", ""],
    )
    with pytest.raises(TableRefused) as refused:
        services.participants_import(
            round_table=round_table_a, uploaded=upload, imported_by=cast.staff
        )
    assert refused.value.errors == [
        "Row 3: A person with this name is already registered in this community."
    ]
    # All or nothing: the first row's person and invitation are rolled back with it.
    assert not Person.objects.filter(full_name="Бойко Ірина").exists()
    assert not Participation.objects.exists()
