"""Writes to advocacy meetings, their follow-ups and memoranda. Views call these after
asking the policy; each validates the whole object and records who changed it."""

import datetime

from django.db import transaction

from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum
from league.domain import lock, save_record, validated_save
from league.uploads import check_upload


def _save(instance, changed_by, version: int | None = None):
    return save_record(instance, by=changed_by, version=version)


def meeting_save(
    *, meeting: AdvocacyMeeting, changed_by, version: int | None = None
) -> AdvocacyMeeting:
    """Create or update a meeting (an edit against the version its form was loaded at).
    The oblast follows the raion when there is one."""
    if meeting.raion_id:
        meeting.oblast_id = meeting.raion.oblast_id
    if meeting.level == AdvocacyMeeting.Level.OBLAST:
        meeting.raion, meeting.community = None, None
    elif meeting.level == AdvocacyMeeting.Level.RAION:
        meeting.community = None
    if not meeting.community_id:
        meeting.programme = None
    return _save(meeting, changed_by, version)


def follow_up_add(
    *, meeting: AdvocacyMeeting, text: str, due_date: datetime.date, changed_by
) -> FollowUp:
    return follow_up_save(
        follow_up=FollowUp(meeting=meeting, text=text, due_date=due_date), changed_by=changed_by
    )


def follow_up_save(*, follow_up: FollowUp, changed_by) -> FollowUp:
    """Create or save a follow-up as it stands (the admin). A follow-up is done once: one
    already done keeps its first date, as `follow_up_mark_done` does."""
    with transaction.atomic():
        if follow_up.pk is not None:
            current = lock(follow_up)
            if current.done_on is not None:
                follow_up.done_on = current.done_on
        return validated_save(follow_up, by=changed_by)


def follow_up_mark_done(*, follow_up: FollowUp, done_on: datetime.date, changed_by) -> FollowUp:
    """Mark a follow-up done (once: marking it again keeps the first date)."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_on is None:
            follow_up.done_on = done_on
            validated_save(follow_up, by=changed_by)
        return follow_up


def memorandum_save(
    *, memorandum: Memorandum, document=None, changed_by, version: int | None = None
) -> Memorandum:
    """Create or update a memorandum, with its signed document when one is uploaded
    (checked here, whoever hands it over)."""
    if document:
        memorandum.document_name = check_upload(document).original_name[:255]
        memorandum.document = document
    if memorandum.pk is None:
        memorandum.created_by = changed_by
    return _save(memorandum, changed_by, version)


def follow_up_delete(*, follow_up: FollowUp, deleted_by) -> None:
    """Delete a follow-up (one agreed by mistake); the history keeps who did it."""
    follow_up._history_user = deleted_by
    follow_up.delete()
