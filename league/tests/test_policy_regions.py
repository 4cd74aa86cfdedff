"""The policy's narrowing to oblasts and raions, per role: what the League's work pages
(strategies, meetings, memoranda, projects, council reports) list for each reader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from communities.models import Community, Oblast, Raion
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league import access
from league.models import User
from league.tests.factories import UserFactory


@pytest.fixture
def regions(cast):
    """Besides the cast's Сумський raion: a second raion of the oblast with a community no
    worker serves, and a raion with a community in another oblast."""
    okhtyrskyi = RaionFactory(oblast=cast.oblast, name="Охтирський")
    chernihivska = OblastFactory(name="Чернігівська", katottg="UA74000000000025378")
    nizhynskyi = RaionFactory(oblast=chernihivska, name="Ніжинський")
    return {
        "okhtyrskyi": okhtyrskyi,
        "okhtyrska": CommunityFactory(raion=okhtyrskyi, name="Охтирська"),
        "chernihivska": chernihivska,
        "nizhynskyi": nizhynskyi,
        "nizhynska": CommunityFactory(raion=nizhynskyi, name="Ніжинська"),
    }


def names(queryset):
    return sorted(row.name for row in queryset)


def test_scope_oblasts_of_oblasts_per_role(cast, regions):
    oblasts = Oblast.objects.all()
    assert names(access.scope_oblasts(cast.staff, oblasts, path=None)) == [
        "Сумська",
        "Чернігівська",
    ]
    assert names(access.scope_oblasts(cast.admin, oblasts, path=None)) == [
        "Сумська",
        "Чернігівська",
    ]
    assert names(access.scope_oblasts(cast.council, oblasts, path=None)) == ["Сумська"]
    # A social worker: the oblasts of the communities they serve.
    assert names(access.scope_oblasts(cast.worker_a, oblasts, path=None)) == ["Сумська"]
    cast.worker_a.communities.add(regions["nizhynska"])
    assert names(access.scope_oblasts(cast.worker_a, oblasts, path=None)) == [
        "Сумська",
        "Чернігівська",
    ]
    assert names(access.scope_oblasts(cast.outsider, oblasts, path=None)) == []
    assert names(access.scope_oblasts(AnonymousUser(), oblasts, path=None)) == []


def test_scope_oblasts_follows_the_path_to_the_oblast(cast, regions):
    raions = Raion.objects.all()
    assert names(access.scope_oblasts(cast.staff, raions)) == [
        "Ніжинський",
        "Охтирський",
        "Сумський",
    ]
    assert names(access.scope_oblasts(cast.council, raions)) == ["Охтирський", "Сумський"]
    assert names(access.scope_oblasts(cast.worker_b, raions)) == ["Охтирський", "Сумський"]
    assert names(access.scope_oblasts(cast.outsider, raions)) == []


def test_a_worker_without_communities_and_an_inactive_account_see_no_oblast(cast, regions):
    newcomer = UserFactory(username="newcomer", role=User.Role.WORKER)
    assert names(access.scope_oblasts(newcomer, Oblast.objects.all(), path=None)) == []
    cast.staff.is_active = False
    assert names(access.scope_oblasts(cast.staff, Oblast.objects.all(), path=None)) == []
    assert names(access.scope_raions(cast.staff, Raion.objects.all(), path=None)) == []


def test_scope_raions_of_raions_per_role(cast, regions):
    raions = Raion.objects.all()
    everything = ["Ніжинський", "Охтирський", "Сумський"]
    assert names(access.scope_raions(cast.staff, raions, path=None)) == everything
    assert names(access.scope_raions(cast.admin, raions, path=None)) == everything
    # A council official: every raion of the oblast, with or without served communities.
    assert names(access.scope_raions(cast.council, raions, path=None)) == [
        "Охтирський",
        "Сумський",
    ]
    # A social worker: only the raions in which they serve a community.
    assert names(access.scope_raions(cast.worker_a, raions, path=None)) == ["Сумський"]
    assert names(access.scope_raions(cast.outsider, raions, path=None)) == []
    assert names(access.scope_raions(AnonymousUser(), raions, path=None)) == []


def test_scope_raions_follows_the_path_to_the_raion(cast, regions):
    communities = Community.objects.all()
    assert names(access.scope_raions(cast.staff, communities)) == [
        "Конотопська",
        "Ніжинська",
        "Охтирська",
        "Сумська",
    ]
    assert names(access.scope_raions(cast.council, communities)) == [
        "Конотопська",
        "Охтирська",
        "Сумська",
    ]
    # The worker of Сумська sees the whole of its raion, not the raion next door.
    assert names(access.scope_raions(cast.worker_a, communities)) == ["Конотопська", "Сумська"]
    assert names(access.scope_raions(cast.outsider, communities)) == []
