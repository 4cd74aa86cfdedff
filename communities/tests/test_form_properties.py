"""Property-based: whatever is typed into the contact forms, the page saves a valid row
or shows the form again with a message and writes nothing; never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from communities.models import ContactPerson
from communities.tests.factories import ContactPersonFactory
from league.tests.form_fuzz import (
    any_text,
    choice,
    post_everywhere,
    submission,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(cast):
    return ContactPersonFactory(community=cast.community_a)


CONTACT = {
    "full_name": st.sampled_from(["Олена Петренко", "Іван Коваль-Мельник"]),
    "position": st.sampled_from(["Староста", "Начальниця ССД"]),
    "category": choice(ContactPerson.Category.values),
    "phone": st.sampled_from(["", "+380 50 123 4567", "0501234567"]),
    "email": st.sampled_from(["", "olena@example.org"]),
    "consent_to_contacts": st.sampled_from(["on", ""]),
}


@settings(max_examples=30)
@given(data=submission(CONTACT))
def test_the_contact_forms_save_or_refuse_cleanly(data, cast, client_for, contact):
    client = client_for("worker_a")
    urls = [
        reverse("communities:contact_create", kwargs={"pk": cast.community_a.pk}),
        reverse("communities:contact_update", kwargs={"pk": contact.pk}),
    ]
    post_everywhere(client, urls, data, [ContactPerson])


@settings(max_examples=30)
@given(
    query=st.dictionaries(
        st.sampled_from(["name", "raion", "type", "ordering", "page"]), any_text(), max_size=4
    )
)
def test_the_community_filter_takes_any_query(query, cast, client_for):
    response = client_for("staff").get(reverse("communities:list"), query)
    assert response.status_code in (200, 400)
