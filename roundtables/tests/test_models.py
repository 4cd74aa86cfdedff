"""The models' own rules: overdue is derived, held needs a past date, one record per
person, contacts only with consent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from roundtables.models import Commitment, Person, RoundTable, person_name_key
from roundtables.tests.factories import (
    CommitmentFactory,
    PersonFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "days_from_today", "overdue"),
    [
        (Commitment.Status.OPEN, -1, True),
        (Commitment.Status.IN_PROGRESS, -30, True),
        (Commitment.Status.OPEN, 0, False),
        (Commitment.Status.IN_PROGRESS, 1, False),
        (Commitment.Status.DONE, -1, False),
        (Commitment.Status.DROPPED, -1, False),
    ],
)
def test_overdue_is_derived_from_due_date_and_status(status, days_from_today, overdue):
    due_date = timezone.localdate() + days_from_today * DAY
    commitment = CommitmentFactory(status=status, due_date=due_date)
    assert commitment.is_overdue is overdue
    assert Commitment.objects.overdue().filter(pk=commitment.pk).exists() is overdue
    assert Commitment.objects.not_overdue().filter(pk=commitment.pk).exists() is not overdue
    assert Commitment.objects.with_overdue().get(pk=commitment.pk).overdue is overdue


def test_overdue_is_never_stored():
    assert "overdue" not in {field.name for field in Commitment._meta.get_fields()}


def test_overdue_changes_with_the_day_alone():
    today = timezone.localdate()
    commitment = CommitmentFactory(due_date=today)
    assert not Commitment.objects.overdue().exists()
    assert Commitment.objects.overdue(today=today + DAY).get() == commitment


def test_a_held_round_table_needs_a_date_in_the_past(cast):
    round_table = RoundTableFactory.build(
        series=RoundTableSeriesFactory(oblast=cast.oblast),
        venue_community=cast.community_a,
        status=RoundTable.Status.HELD,
        starts_at=timezone.now() + DAY,
    )
    with pytest.raises(ValidationError) as refused:
        round_table.full_clean()
    assert "status" in refused.value.message_dict
    round_table.status = RoundTable.Status.PLANNED
    round_table.full_clean()
    round_table.status, round_table.starts_at = RoundTable.Status.HELD, timezone.now() - DAY
    round_table.full_clean()


def test_round_table_numbers_are_unique_in_a_series(round_table_a):
    with pytest.raises(IntegrityError):
        RoundTableFactory(series=round_table_a.series, number=round_table_a.number)


def test_name_key_ignores_case_spacing_and_apostrophe_glyphs():
    assert person_name_key("  Дем’яненко   ОЛЕНА ") == person_name_key("дем'яненко олена")
    assert person_name_key("Дем’яненко Олена") != person_name_key("Дем’яненко Ольга")


def test_the_database_keeps_one_record_per_name_and_community(cast):
    PersonFactory(full_name="Дем’яненко Олена", community=cast.community_a)
    PersonFactory(full_name="Дем’яненко Олена", community=cast.community_b)  # another person
    with pytest.raises(IntegrityError):
        PersonFactory(full_name="ДЕМ'ЯНЕНКО  олена", community=cast.community_a)


def test_full_clean_names_the_duplicate(cast):
    PersonFactory(full_name="Бойко Ірина", community=cast.community_a)
    duplicate = PersonFactory.build(full_name="бойко ірина", community=cast.community_a)
    with pytest.raises(ValidationError, match="already registered in this community"):
        duplicate.full_clean()


def test_contacts_need_consent(cast):
    person = PersonFactory.build(community=cast.community_a, phone="+380 50 000 0000")
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "consent_to_contacts" in refused.value.message_dict
    with pytest.raises(IntegrityError):
        person.save()


def test_minutes_split_into_paragraphs(round_table_a):
    round_table_a.minutes = "Перший абзац.\n\n\nДругий\nрядок.\n  \n"
    assert round_table_a.minutes_paragraphs() == ["Перший абзац.", "Другий\nрядок."]


def test_texts_and_urls(round_table_a):
    person = PersonFactory(full_name="Бойко Ірина", position="Староста")
    commitment = CommitmentFactory(resolution__round_table=round_table_a)
    assert str(person) == "Бойко Ірина (Староста)"
    assert str(round_table_a).startswith(f"Round table No {round_table_a.number}")
    assert round_table_a.get_absolute_url() == f"/roundtables/{round_table_a.pk}/"
    assert commitment.get_absolute_url() == f"/roundtables/commitments/{commitment.pk}/status/"
    assert person.get_absolute_url() == f"/roundtables/people/{person.pk}/edit/"
    with translation.override("uk"):
        assert str(Person.Category.POLICE.label) == "поліція"
