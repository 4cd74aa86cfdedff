"""Accounts are saved through league.services (the administrators' admin)."""

import pytest
from django.core.exceptions import ValidationError

from league import services
from league.models import User

pytestmark = pytest.mark.django_db


def test_an_account_is_saved_with_its_communities_and_author(cast):
    user = User(username="new-worker", role=User.Role.WORKER)
    user.set_unusable_password()  # the admin's form sets the password it was given
    services.user_save(user=user, communities=None, changed_by=cast.admin)
    assert list(user.communities.all()) == []
    services.user_save(user=user, communities=[cast.community_a], changed_by=cast.admin)
    assert list(user.communities.all()) == [cast.community_a]
    assert user.history.latest().history_user == cast.admin


def test_a_council_official_without_an_oblast_is_refused_and_not_saved(cast):
    user = User(username="council-2", role=User.Role.COUNCIL)
    user.set_unusable_password()
    with pytest.raises(ValidationError):
        services.user_save(
            user=user,
            communities=None,
            changed_by=cast.admin,
        )
    assert not User.objects.filter(username="council-2").exists()
