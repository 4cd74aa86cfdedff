"""Writes to advocacy meetings, their follow-ups and memoranda. Views call these after
asking the policy; each validates the whole object and records who changed it."""

import datetime

from django.db import transaction

from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


def _save(instance, changed_by):
    instance._history_user = changed_by
    instance.full_clean()
    instance.save()
    return instance


def meeting_save(*, meeting: AdvocacyMeeting, changed_by) -> AdvocacyMeeting:
    """Create or update a meeting. The oblast follows the raion when there is one."""
    if meeting.raion_id:
        meeting.oblast_id = meeting.raion.oblast_id
    if meeting.level == AdvocacyMeeting.Level.OBLAST:
        meeting.raion, meeting.community = None, None
    elif meeting.level == AdvocacyMeeting.Level.RAION:
        meeting.community = None
    if not meeting.community_id:
        meeting.programme = None
    return _save(meeting, changed_by)


def follow_up_add(
    *, meeting: AdvocacyMeeting, text: str, due_date: datetime.date, changed_by
) -> FollowUp:
    return _save(FollowUp(meeting=meeting, text=text, due_date=due_date), changed_by)


def follow_up_mark_done(*, follow_up: FollowUp, done_on: datetime.date, changed_by) -> FollowUp:
    """Mark a follow-up done (once: marking it again keeps the first date)."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_on is None:
            follow_up.done_on = done_on
            _save(follow_up, changed_by)
        return follow_up


def memorandum_save(*, memorandum: Memorandum, document=None, changed_by) -> Memorandum:
    """Create or update a memorandum, with its signed document when one is uploaded."""
    if document:
        memorandum.document = document
        memorandum.document_name = getattr(document, "original_name", document.name)
    if memorandum.pk is None:
        memorandum.created_by = changed_by
    return _save(memorandum, changed_by)
