"""The register's services (the admin's write path): saved whole with their author."""

import pytest
from django.core.exceptions import ValidationError

from communities import services
from communities.models import Community, FormerRaion, Oblast, Raion

pytestmark = pytest.mark.django_db


def test_the_register_is_saved_with_its_author(cast):
    oblast = services.oblast_save(
        oblast=Oblast(name="Полтавська", katottg="UA53000000000028050"), changed_by=cast.staff
    )
    raion = services.raion_save(
        raion=Raion(oblast=oblast, name="Лубенський"), changed_by=cast.staff
    )
    community = Community(
        raion=raion,
        name="Лубенська",
        type="urban",
        katottg="UA53040110000070237",
        centre="Лубни",
        population=1,
    )
    services.community_save(community=community, changed_by=cast.staff)
    former = services.former_raion_save(
        former_raion=FormerRaion(
            oblast=oblast,
            present_raion=raion,
            name="Лубенський",
            koatuu="5322600000",
            centre="Лубни",
        ),
        communities=[community],
        changed_by=cast.staff,
    )
    for record in (oblast, raion, community, former):
        assert record.history.latest().history_user == cast.staff
    assert list(former.communities.all()) == [community]


def test_a_community_with_a_bad_code_is_refused_and_not_saved(cast):
    community = Community(raion=cast.raion, name="Нова", type="rural", katottg="UA1")
    with pytest.raises(ValidationError):
        services.community_save(community=community, changed_by=cast.staff)
    assert not Community.objects.filter(name="Нова").exists()
