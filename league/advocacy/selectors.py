"""Reads of advocacy meetings and memoranda, scoped to the user."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from communities.models import Community
from league import access
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


def meeting_list_for_user(user) -> QuerySet[AdvocacyMeeting]:
    """Meetings the user may read: all for the NGO; the oblast's for a council official;
    for a social worker those with their own communities' councils, their raions'
    councils and their oblast's council. One query when evaluated."""
    meetings = AdvocacyMeeting.objects.select_related("oblast", "raion", "community", "programme")
    if access.has_perm(user, "communities.serve"):
        # A social worker reads the councils of their communities, raions and oblast.
        own = Community.objects.filter(social_workers=user)
        return meetings.filter(
            Q(community__in=own)
            | Q(level=AdvocacyMeeting.Level.RAION, raion__in=own.values("raion"))
            | Q(level=AdvocacyMeeting.Level.OBLAST, oblast__in=own.values("raion__oblast"))
        )
    return access.scope_oblasts(user, meetings)


def meeting_get_for_user(user, pk: int) -> AdvocacyMeeting:
    return get_object_or_404(meeting_list_for_user(user), pk=pk)


def follow_up_get_for_user(user, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(meeting__in=meeting_list_for_user(user)).select_related("meeting"),
        pk=pk,
    )


def memorandum_list_for_user(user) -> QuerySet[Memorandum]:
    """Memoranda of the oblasts the user looks at."""
    return access.scope_oblasts(user, Memorandum.objects.select_related("oblast"))


def memorandum_get_for_user(user, pk: int) -> Memorandum:
    return get_object_or_404(memorandum_list_for_user(user), pk=pk)
