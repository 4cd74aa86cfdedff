"""The one permission policy: deny by default, scope by community."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from communities.models import Community
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league import access


def test_an_unknown_capability_is_an_error_not_a_yes(cast):
    with pytest.raises(KeyError):
        access.has_perm(cast.admin, "communities.destroy")


def test_anonymous_and_roleless_users_hold_nothing(cast):
    for capability in access.RULES:
        assert not access.has_perm(AnonymousUser(), capability)
        assert not access.has_perm(cast.outsider, capability)


def test_an_inactive_account_holds_nothing(cast):
    cast.staff.is_active = False
    assert not access.has_perm(cast.staff, "communities.view")


def test_scope_per_role(cast):
    other_oblast = OblastFactory(name="Чернігівська", katottg="UA74000000000025378")
    elsewhere = CommunityFactory(raion=RaionFactory(oblast=other_oblast))
    communities = Community.objects.all()

    def visible(user):
        return set(access.scope(user, communities, path=None))

    everything = {cast.community_a, cast.community_b, elsewhere}
    assert visible(cast.staff) == everything
    assert visible(cast.admin) == everything
    assert visible(cast.worker_a) == {cast.community_a}
    assert visible(cast.worker_b) == {cast.community_b}
    assert visible(cast.council) == {cast.community_a, cast.community_b}
    assert visible(cast.outsider) == set()
    assert visible(AnonymousUser()) == set()


def test_a_worker_of_two_communities_sees_both(cast):
    cast.worker_a.communities.add(cast.community_b)
    visible = access.scope(cast.worker_a, Community.objects.all(), path=None)
    assert set(visible) == {cast.community_a, cast.community_b}
    assert access.serves(cast.worker_a, cast.community_b)
    assert not access.serves(cast.worker_b, cast.community_a)
    assert not access.serves(cast.council, cast.community_a)


def test_serves_follows_the_role_not_the_admin_capability(cast, settings, monkeypatch):
    # Taking the admin away from staff must not take their communities away.
    monkeypatch.setitem(access.RULES, "admin.edit", frozenset())
    assert access.serves(cast.staff, cast.community_a)
    assert access.serves(cast.worker_a, cast.community_a)
    assert not access.serves(cast.worker_a, cast.community_b)
    assert not access.serves(cast.council, cast.community_a)
    assert not access.serves(AnonymousUser(), cast.community_a)


@pytest.fixture
def even_rule(monkeypatch):
    monkeypatch.setattr(access, "OBJECT_RULES", {})
    access.object_rule("test.even")(lambda user, number: number % 2 == 0)


def test_object_rules_answer_per_object_and_deny_anonymous(cast, even_rule):
    assert access.allows(cast.staff, "test.even", 2)
    assert not access.allows(cast.staff, "test.even", 3)
    assert not access.allows(AnonymousUser(), "test.even", 2)
    access.check(cast.staff, "test.even", 4)
    with pytest.raises(PermissionDenied):
        access.check(cast.staff, "test.even", 5)


def test_an_unknown_object_rule_is_an_error_and_a_rule_is_registered_once(cast, even_rule):
    with pytest.raises(KeyError):
        access.allows(cast.staff, "test.odd", 1)
    with pytest.raises(ValueError, match="registered twice"):
        access.object_rule("test.even")(lambda user, number: True)
