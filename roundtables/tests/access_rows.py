"""The round tables' rows of the URL-by-role table. Every object is of a round table
that invited community A only: worker_b gets 404 for it, worker_a may read it."""

from django.core.files.base import ContentFile

from league.tests.access_matrix import Row, confirmed, everyone, expect, ngo_only
from roundtables.models import Attachment
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
    RoundTableFactory,
)

# Reading a round table of community A.
A_READ = expect(worker_a=200, worker_b=404, staff=200, council=200, admin=200)
# Names of participants: not for council officials.
A_PARTICIPANTS = expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200)
# Staff pages of an object of A: a worker of A is too low (403), of B does not see it (404).
A_STAFF = expect(worker_a=403, worker_b=404, staff=200, council=403, admin=200)
A_STAFF_POST = expect(worker_a=403, worker_b=404, staff=302, council=403, admin=302)


def round_table_of_a(cast):
    return RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])


def round_table_kwargs(cast):
    return {"pk": round_table_of_a(cast).pk}


def participation_kwargs(cast):
    round_table = round_table_of_a(cast)
    person = PersonFactory(community=cast.community_a)
    return {"pk": ParticipationFactory(round_table=round_table, person=person).pk}


def round_table_with_a_participant(cast):
    """A sheet with a row to tick, each row carrying its version (test_post_urls)."""
    participation = ParticipationFactory(
        round_table=round_table_of_a(cast), person=PersonFactory(community=cast.community_a)
    )
    return {"pk": participation.round_table_id}


def resolution_kwargs(cast):
    return {"pk": ResolutionFactory(round_table=round_table_of_a(cast)).pk}


def commitment_kwargs(cast):
    resolution = ResolutionFactory(round_table=round_table_of_a(cast))
    return {"pk": CommitmentFactory(resolution=resolution, community=cast.community_a).pk}


def attachment_kwargs(cast):
    attachment = Attachment(
        round_table=round_table_of_a(cast),
        kind=Attachment.Kind.MINUTES,
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=20,
    )
    attachment.file.save("upload.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return {"pk": attachment.pk}


# The download row uses a sign-in sheet whose file is gone: the matrix does not read
# response bodies, and an unread FileResponse leaves its file open (a ResourceWarning,
# an error under filterwarnings=error). The roles that pass every check reach the
# missing file (404); test_attachments.py downloads real files for every role.
def sign_in_sheet_without_file(cast):
    attachment = Attachment.objects.create(
        round_table=round_table_of_a(cast),
        kind=Attachment.Kind.SIGN_IN_SHEET,
        file="roundtables/attachment/gone.pdf",
        original_name="sign-in.pdf",
        content_type="application/pdf",
        size=20,
    )
    return {"pk": attachment.pk}


def person_kwargs(cast):
    return {"pk": PersonFactory(community=cast.community_a).pk}


ROWS = [
    Row("roundtables:list", everyone()),
    Row("roundtables:create", ngo_only()),
    Row("roundtables:detail", A_READ, kwargs=round_table_kwargs),
    Row("roundtables:update", A_STAFF, kwargs=round_table_kwargs),
    Row("roundtables:protocol_pdf", A_PARTICIPANTS, kwargs=round_table_kwargs),
    Row("roundtables:attendance", A_STAFF, kwargs=round_table_with_a_participant),
    Row("roundtables:participant_add", A_STAFF, kwargs=round_table_kwargs),
    Row("roundtables:participant_import", A_STAFF, kwargs=round_table_kwargs),
    Row("roundtables:import_template", ngo_only(), kwargs=lambda cast: {"kind": "xlsx"}),
    Row(
        "roundtables:participation_status",
        A_STAFF_POST,
        kwargs=participation_kwargs,
        method="post",
        data=lambda cast: {"status": "confirmed"},
    ),
    Row(
        "roundtables:participation_remove",
        A_STAFF_POST,
        kwargs=participation_kwargs,
        method="post",
        data=confirmed,
    ),
    Row("roundtables:resolution_create", A_STAFF, kwargs=round_table_kwargs),
    Row("roundtables:resolution_update", A_STAFF, kwargs=resolution_kwargs),
    Row(
        "roundtables:resolution_delete",
        A_STAFF_POST,
        kwargs=resolution_kwargs,
        method="post",
        data=confirmed,
    ),
    Row("roundtables:commitment_create", A_STAFF, kwargs=resolution_kwargs),
    Row("roundtables:commitment_list", everyone()),
    Row("roundtables:commitment_update", A_STAFF, kwargs=commitment_kwargs),
    Row(
        "roundtables:commitment_status",
        expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200),
        kwargs=commitment_kwargs,
    ),
    Row("roundtables:attachment_upload", A_STAFF, kwargs=round_table_kwargs),
    Row(
        "roundtables:attachment_download",
        expect(worker_a=403, worker_b=404, staff=404, council=403, admin=404),
        kwargs=sign_in_sheet_without_file,
    ),
    Row(
        "roundtables:attachment_delete",
        A_STAFF_POST,
        kwargs=attachment_kwargs,
        method="post",
        data=confirmed,
    ),
    Row("roundtables:person_list", ngo_only()),
    Row("roundtables:person_create", ngo_only()),
    Row("roundtables:person_update", A_STAFF, kwargs=person_kwargs),
]
