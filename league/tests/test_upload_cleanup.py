"""A file that passes the content check but whose record is then refused leaves nothing on
disk: a record refused by its validation (nothing stored), by the database after the file
was stored, or rolled back with its transaction (the stored file is removed again)."""

import datetime
from pathlib import PurePosixPath

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from communities.plans import services as plan_services
from communities.plans.models import IdentificationPlan, MeasureUpdate, PlanMeasure
from communities.plans.tests.factories import IdentificationPlanFactory, PlanMeasureFactory
from league.campaign import services as campaign_services
from league.campaign.models import CampaignActivity
from league.tests.concurrency import postgresql_only
from roundtables import services as round_table_services
from roundtables.models import Attachment, RoundTable
from roundtables.tests.factories import PDF_BYTES, PNG_BYTES, RoundTableFactory


def stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def a_pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_an_attachment_refused_after_its_file_was_stored_leaves_no_file(cast):
    round_table = RoundTableFactory(venue_community=cast.community_a)
    with pytest.raises(ValidationError) as refused:
        round_table_services.attachment_add(
            round_table=round_table,
            kind="no-such-kind",  # passes the file check, fails the record's validation
            uploaded_file=a_pdf(),
            description="",
            uploaded_by=cast.staff,
        )
    assert "kind" in refused.value.message_dict
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_refused_decision_document_is_not_stored(cast):
    plan = IdentificationPlanFactory(
        community=cast.community_a, status=IdentificationPlan.Status.SUBMITTED
    )
    with pytest.raises(ValidationError):
        # Adopted needs a decision number and date: neither is given.
        plan_services.plan_change_status(
            plan=plan,
            status=IdentificationPlan.Status.ADOPTED,
            changed_by=cast.staff,
            decision_document=a_pdf("decision.pdf"),
        )
    plan.refresh_from_db()
    assert plan.status == IdentificationPlan.Status.SUBMITTED
    assert not plan.decision_document
    assert stored_files() == []


def test_refused_measure_evidence_is_not_stored(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    update = MeasureUpdate(
        measure=measure,
        status=PlanMeasure.Status.DONE,
        date=timezone.localdate() + datetime.timedelta(days=1),  # refused: in the future
        note="Виконано",
        evidence_file=a_pdf("evidence.pdf"),
    )
    with pytest.raises(ValidationError) as refused:
        plan_services.measure_record_update(update=update, recorded_by=cast.worker_a)
    assert "date" in refused.value.message_dict
    assert not MeasureUpdate.objects.exists()
    assert stored_files() == []


# --- The database refuses the write, or the transaction rolls back, after the file was
# stored (league.uploads.TransactionalStorage): the file goes with the row. ---


def _attachment(cast, description=""):
    return round_table_services.attachment_add(
        round_table=RoundTable.objects.get(venue_community=cast.community_a),
        kind=Attachment.Kind.MINUTES,
        uploaded_file=a_pdf(),
        description=description,
        uploaded_by=cast.staff,
    )


def _evidence(cast, note="Виконано"):
    update = MeasureUpdate(
        measure=PlanMeasure.objects.get(plan__community=cast.community_a),
        status=PlanMeasure.Status.DONE,
        date=timezone.localdate(),
        note=note,
        evidence_file=a_pdf("evidence.pdf"),
    )
    return plan_services.measure_record_update(update=update, recorded_by=cast.worker_a)


def _photo(cast, description=""):
    return campaign_services.activity_record(
        community=cast.community_a,
        date=timezone.localdate(),
        kind=CampaignActivity.Kind.SCHOOL_LECTURE,
        target_groups=["youth"],
        people_reached=20,
        description=description,
        photo=SimpleUploadedFile("photo.png", PNG_BYTES, content_type="image/png"),
        recorded_by=cast.staff,
    )


STORES = {"attachment": _attachment, "evidence": _evidence, "photo": _photo}


@pytest.fixture
def records(cast):
    RoundTableFactory(venue_community=cast.community_a)
    PlanMeasureFactory(plan__community=cast.community_a)
    return cast


def _rows():
    return (
        Attachment.objects.count(),
        MeasureUpdate.objects.count(),
        CampaignActivity.objects.count(),
    )


@postgresql_only
@pytest.mark.parametrize("store", STORES)
def test_a_write_the_database_refuses_after_the_file_was_stored_leaves_no_file(records, store):
    # A NUL character passes the model's validation; PostgreSQL refuses it in the
    # INSERT, after the file was stored.
    with pytest.raises(ValueError, match="NUL"):
        STORES[store](records, "зіпсовано\x00")
    assert _rows() == (0, 0, 0)
    assert stored_files() == []
    STORES[store](records)
    assert len(stored_files()) == 1  # the same save with good text keeps its file


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store", STORES)
def test_a_rolled_back_transaction_takes_the_stored_file_with_it(records, store, client):
    with pytest.raises(RuntimeError), transaction.atomic():
        STORES[store](records)
        assert len(stored_files()) == 1
        raise RuntimeError("a later step of the same change failed")
    client.get(reverse("healthz"))  # the request is over
    assert _rows() == (0, 0, 0)
    assert stored_files() == []
    kept = STORES[store](records)
    client.get(reverse("healthz"))
    assert len(stored_files()) == 1
    assert _rows().count(1) == 1 and kept.pk


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_takes_its_file_while_the_rest_commits(records, client):
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            _attachment(records, "відкликано")
            raise RuntimeError
        kept = _attachment(records, "лишається")
    client.get(reverse("healthz"))
    assert list(Attachment.objects.values_list("description", flat=True)) == ["лишається"]
    assert [path.name for path in stored_files()] == [PurePosixPath(kept.file.name).name]


@task
def store_then_fail(round_table_pk: int, staff_pk: int) -> None:
    """A background task whose change stores a file and then rolls back."""
    from league.models import User

    with transaction.atomic():
        round_table_services.attachment_add(
            round_table=RoundTable.objects.get(pk=round_table_pk),
            kind=Attachment.Kind.MINUTES,
            uploaded_file=a_pdf(),
            description="",
            uploaded_by=User.objects.get(pk=staff_pk),
        )
        raise RuntimeError("a later step of the task failed")


@pytest.mark.django_db(transaction=True)
def test_a_background_task_that_rolled_back_leaves_no_file(records):
    # No request ends around a task: the worker's task_finished removes the file.
    round_table = RoundTable.objects.get(venue_community=records.community_a)

    result = store_then_fail.enqueue(round_table.pk, records.staff.pk)

    assert result.status == "FAILED"
    assert not Attachment.objects.exists()
    assert stored_files() == []
