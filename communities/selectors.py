"""Reads of communities, already scoped to the user and joined for the page."""

from django.db.models import Q, QuerySet

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


def oblasts_of(communities: QuerySet[Community]) -> QuerySet[Oblast]:
    """The oblasts the given communities lie in."""
    return Oblast.objects.filter(pk__in=communities.values("raion__oblast_id"))


def first_oblast() -> Oblast | None:
    """The oblast a page shows when none was chosen: the first by name."""
    return Oblast.objects.order_by("name").first()


SEARCH_LIMIT = 20
RAION_LIMIT = 300  # «all of this raion»: the largest raion holds about 40 communities


def community_search_for_user(user, *, text: str = "", raion_id: int | None = None) -> list:
    """Communities for a search box: within the user's scope, by a part of the name
    (two letters at least) or the whole of one raion. One query, at most SEARCH_LIMIT
    rows for a name (RAION_LIMIT for a raion), whatever the size of the country."""
    queryset = community_list_for_user(user).order_by("name", "katottg")
    text = " ".join(text.split())[:100]
    if raion_id is not None:
        queryset = queryset.filter(raion_id=raion_id)
    if len(text) >= 2:
        # SQLite folds only ASCII case: also try the word as a name is written.
        words = Q(name__icontains=text) | Q(name__icontains=text[:1].upper() + text[1:])
        queryset = queryset.filter(words | Q(katottg__iexact=text))
    elif raion_id is None:
        return []
    return list(queryset[: RAION_LIMIT if raion_id is not None and not text else SEARCH_LIMIT])


def raion_list_for_user(user) -> QuerySet[Raion]:
    """Raions that hold a community within the user's scope, grouped by oblast. One query."""
    communities = access.scope(user, Community.objects.all(), path=None)
    return (
        Raion.objects.filter(pk__in=communities.values("raion_id"))
        .select_related("oblast")
        .order_by("oblast__name", "name")
    )
