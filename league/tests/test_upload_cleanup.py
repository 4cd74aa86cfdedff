"""A file that passes the content check but whose record is then refused leaves nothing on
disk: round-table attachments (stored before the record is validated, removed again),
plan decision documents and measure evidence (validated before anything is stored)."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communities.plans import services as plan_services
from communities.plans.models import IdentificationPlan, MeasureUpdate, PlanMeasure
from communities.plans.tests.factories import IdentificationPlanFactory, PlanMeasureFactory
from roundtables import services as round_table_services
from roundtables.models import Attachment
from roundtables.tests.factories import PDF_BYTES, RoundTableFactory


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
