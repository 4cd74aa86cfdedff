"""Advocacy's rows of the URL-by-role table: a meeting with community A's council, and
a memorandum of the cast's oblast."""

import uuid

from django.core.files.base import ContentFile

from league.advocacy.tests.factories import FollowUpFactory, MeetingFactory, MemorandumFactory
from league.tests.access_matrix import Row, everyone, expect, ngo_only

A_READ = expect(worker_a=200, worker_b=404, staff=200, council=200, admin=200)


def meeting_of_a(cast):
    return MeetingFactory(
        oblast=cast.oblast, level="community", raion=cast.raion, community=cast.community_a
    )


def memorandum_kwargs(cast):
    memorandum = MemorandumFactory(oblast=cast.oblast)
    memorandum.document.save("m.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"pk": memorandum.pk}


ROWS = [
    Row("advocacy:meeting_list", everyone()),
    Row("advocacy:meeting_create", ngo_only()),
    Row("advocacy:meeting_detail", A_READ, kwargs=lambda cast: {"pk": meeting_of_a(cast).pk}),
    Row("advocacy:meeting_edit", ngo_only(), kwargs=lambda cast: {"pk": meeting_of_a(cast).pk}),
    Row(
        "advocacy:follow_up_add",
        ngo_only(302),
        kwargs=lambda cast: {"pk": meeting_of_a(cast).pk},
        method="post",
        data=lambda cast: {"text": "Лист", "due_date": "2017-08-01", "form_token": uuid.uuid4()},
    ),
    Row(
        "advocacy:follow_up_done",
        ngo_only(302),
        kwargs=lambda cast: {"pk": FollowUpFactory(meeting=meeting_of_a(cast)).pk},
        method="post",
    ),
    Row("advocacy:memorandum_list", everyone()),
    Row("advocacy:memorandum_create", ngo_only()),
    Row("advocacy:memorandum_edit", ngo_only(), kwargs=memorandum_kwargs),
    Row("advocacy:memorandum_document", everyone(), kwargs=memorandum_kwargs),
]
