"""Round tables' services for what the admin keeps: a series, and what a file is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roundtables import services
from roundtables.models import Attachment, RoundTableSeries
from roundtables.tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def test_a_series_is_saved_with_its_author(cast):
    series = RoundTableSeries(oblast=cast.oblast, title="Друга серія", target=6)
    services.series_save(series=series, changed_by=cast.staff)
    assert series.history.latest().history_user == cast.staff


def test_describing_an_attachment_changes_its_kind_and_description_only(cast, round_table_a):
    attachment = services.attachment_add(
        round_table=round_table_a,
        kind=Attachment.Kind.MINUTES,
        uploaded_file=SimpleUploadedFile("p.pdf", PDF_BYTES, "application/pdf"),
        description="Протокол",
        uploaded_by=cast.staff,
    )
    attachment.description = "Підписаний протокол"
    attachment.original_name = "інше.pdf"  # not a description: kept as uploaded
    saved = services.attachment_describe(attachment=attachment, changed_by=cast.admin)
    saved.refresh_from_db()
    assert (saved.description, saved.original_name) == ("Підписаний протокол", "p.pdf")
    assert saved.history.latest().history_user == cast.admin
