import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import ContactPerson
from communities.tests.factories import CommunityFactory


@pytest.mark.parametrize(
    "code",
    [
        "UA5908027000007366",
        "UA590802700000736621",
        "ua59080270000073662",
        "UA5908027000007366X",
        "59080270000073662UA",
        "",
    ],
)
def test_malformed_katottg_codes_are_refused(db, code):
    community = CommunityFactory.build(katottg=code, raion=CommunityFactory().raion)
    with pytest.raises(ValidationError) as refused:
        community.full_clean()
    assert "katottg" in refused.value.message_dict


def test_a_well_formed_code_passes(db):
    community = CommunityFactory.build(
        katottg="UA59080270000073662", raion=CommunityFactory().raion
    )
    community.full_clean()


def test_the_database_refuses_a_malformed_code_too(db):
    with pytest.raises(IntegrityError):
        CommunityFactory(katottg="UA123")


def test_the_database_refuses_a_duplicate_code(db):
    CommunityFactory(katottg="UA59080270000073662")
    with pytest.raises(IntegrityError):
        CommunityFactory(katottg="UA59080270000073662")


def test_contacts_need_consent(db):
    contact = ContactPerson(
        community=CommunityFactory(),
        full_name="Іваненко Іван",
        position="Староста",
        phone="+380 00 000 00 00",
    )
    with pytest.raises(ValidationError) as refused:
        contact.full_clean()
    assert "consent_to_contacts" in refused.value.message_dict
