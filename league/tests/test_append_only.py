"""Every log is append-only for real: found by its base class (not listed by hand), its
rows are never changed or deleted by the model, its manager, Django's base manager or,
on PostgreSQL, any SQL at all; its author and the record it logs are never erased."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from communities.plans.models import MeasureUpdate
from communities.plans.tests.factories import MeasureUpdateFactory
from league.campaign.models import StrategyStatusChange
from league.campaign.tests.factories import StrategyFactory
from league.domain import AppendOnly, DomainError
from league.tests.concurrency import postgresql_only
from monitoring.models import StatusChange
from monitoring.tests.factories import ReportFactory
from roundtables.models import CommitmentUpdate
from roundtables.tests.factories import CommitmentFactory

LOGS = [model for model in apps.get_models() if issubclass(model, AppendOnly)]


def one_row_of_each(cast) -> dict:
    """A row of every log, written by the cast's staff member."""
    today = timezone.localdate()
    rows = {
        StatusChange: StatusChange.objects.create(
            report=ReportFactory(community=cast.community_a),
            from_status="draft",
            to_status="submitted",
            changed_by=cast.staff,
        ),
        CommitmentUpdate: CommitmentUpdate.objects.create(
            commitment=CommitmentFactory(community=cast.community_a),
            date=today,
            status_before="open",
            status_after="in_progress",
            note="Почали",
            author=cast.staff,
        ),
        MeasureUpdate: MeasureUpdateFactory(
            measure__plan__community=cast.community_a, recorded_by=cast.staff
        ),
        StrategyStatusChange: StrategyStatusChange.objects.create(
            strategy=StrategyFactory(oblast=cast.oblast),
            from_status="draft",
            to_status="agreed",
            changed_by=cast.staff,
        ),
    }
    assert set(rows) == set(LOGS), "a new log: give it a row here"
    return rows


def test_the_logs_are_the_known_four_and_the_strategys_among_them():
    assert {model.__name__ for model in LOGS} == {
        "StatusChange",
        "CommitmentUpdate",
        "MeasureUpdate",
        "StrategyStatusChange",
    }


@pytest.mark.parametrize("model", LOGS, ids=lambda model: model.__name__)
def test_no_manager_changes_or_deletes_a_log(model):
    for manager in (model.objects, model._base_manager, model._default_manager):
        with pytest.raises(DomainError):
            manager.all().update(pk=1)
        with pytest.raises(DomainError):
            manager.all().delete()


@pytest.mark.django_db
def test_a_log_row_is_never_saved_again_or_deleted(cast):
    for model, row in one_row_of_each(cast).items():
        with pytest.raises(DomainError):
            row.save()
        with pytest.raises(DomainError):
            row.delete()
        assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", LOGS, ids=lambda model: model.__name__)
def test_a_log_protects_its_author_and_its_record(model):
    """Deleting a person or the record a log is about is refused, never a silent loss."""
    relations = [field for field in model._meta.concrete_fields if field.is_relation]
    assert relations
    for field in relations:
        assert field.remote_field.on_delete is models.PROTECT, field.name


@pytest.mark.django_db
def test_a_person_who_wrote_a_log_is_not_deleted(cast):
    one_row_of_each(cast)
    with pytest.raises(ProtectedError):
        cast.staff.delete()
    cast.staff.refresh_from_db()
    assert StatusChange.objects.get().changed_by == cast.staff


@postgresql_only
@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_on_every_log_table(cast):
    rows = one_row_of_each(cast)
    for model, row in rows.items():
        table = connection.ops.quote_name(model._meta.db_table)
        for statement in (
            f"UPDATE {table} SET id = id WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only log"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [row.pk])
        assert model.objects.filter(pk=row.pk).exists()
    # Adding rows stays possible.
    StrategyStatusChange.objects.create(
        strategy=rows[StrategyStatusChange].strategy,
        from_status="agreed",
        to_status="active",
        changed_by=cast.staff,
    )
