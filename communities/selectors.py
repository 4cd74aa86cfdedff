"""Reads of communities, already scoped to the user and joined for the page."""

from django.db.models import QuerySet

from communities.models import Community, ContactPerson, Oblast, Raion
from league import access


def community_list_for_user(user) -> QuerySet[Community]:
    """Communities the user may see, with raion and oblast joined: one query per page."""
    queryset = Community.objects.select_related("raion__oblast")
    return access.scope(user, queryset, path=None)


def get_community_for_user(user, pk: int) -> Community:
    """One community within the user's scope, or 404."""
    return access.get_for_user(user, community_list_for_user(user), path=None, pk=pk)


def contact_list_for_community(community: Community) -> QuerySet[ContactPerson]:
    return community.contacts.order_by("category", "full_name")


def get_contact_for_user(user, pk: int) -> ContactPerson:
    """A contact person of a community within the user's scope, or 404."""
    queryset = ContactPerson.objects.select_related("community")
    return access.get_for_user(user, queryset, pk=pk)


def communities_of_oblast(oblast_id: int) -> QuerySet[Community]:
    """Every community of one oblast, by name, with its raion joined."""
    return (
        Community.objects.filter(raion__oblast_id=oblast_id)
        .order_by("name", "katottg")
        .select_related("raion")
    )


def raions_of(communities: QuerySet[Community]) -> QuerySet[Raion]:
    """The raions the given communities lie in, by name."""
    return Raion.objects.filter(pk__in=communities.values("raion_id")).order_by("name")


def first_oblast() -> Oblast | None:
    """The oblast a page shows when none was chosen: the first by name."""
    return Oblast.objects.order_by("name").first()
