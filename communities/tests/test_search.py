"""The community search behind every community picker (communities/choices.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.choices import CommunitySearchField, CommunitySearchMultipleField
from communities.models import Community
from communities.tests.factories import CommunityFactory, RaionFactory

URL = reverse("communities:search")


def names(response):
    return sorted(item["text"].split(" ")[0] for item in response.json()["results"])


def test_a_worker_finds_only_own_communities(client_for, cast):
    response = client_for("worker_a").get(URL, {"q": "ська"})
    assert response.status_code == 200
    assert names(response) == ["Сумська"]


def test_staff_find_every_community_by_a_lower_case_part_of_the_name(client_for, cast):
    response = client_for("staff").get(URL, {"q": "ська"})
    assert names(response) == ["Конотопська", "Сумська"]
    assert client_for("staff").get(URL, {"q": "сумсь"}).json()["results"][0]["id"] == (
        cast.community_a.pk
    )


def test_a_council_official_finds_the_communities_of_the_oblast_only(client_for, cast):
    elsewhere = CommunityFactory(
        name="Сумцівська", raion=RaionFactory(oblast__katottg="UA05000000000000000")
    )
    response = client_for("council").get(URL, {"q": "Сум"})
    found = [item["id"] for item in response.json()["results"]]
    assert cast.community_a.pk in found and elsewhere.pk not in found


def test_one_letter_finds_nothing_and_a_raion_gives_all_of_it(client_for, cast):
    client = client_for("staff")
    assert client.get(URL, {"q": "С"}).json() == {"results": []}
    response = client.get(URL, {"raion": cast.raion.pk})
    assert names(response) == ["Конотопська", "Сумська"]
    assert client.get(URL, {"raion": "not-a-number"}).json() == {"results": []}


def test_the_raions_to_filter_by_are_those_of_the_users_communities(client_for, cast):
    RaionFactory(name="Порожній")
    response = client_for("worker_b").get(URL, {"raions": "1"})
    assert response.json() == {
        "raions": [{"id": cast.raion.pk, "text": f"{cast.oblast.name}: {cast.raion.name}"}]
    }


def test_anonymous_is_sent_to_log_in_and_post_is_refused(client, client_for, cast):
    assert client.get(URL, {"q": "Сум"}).status_code == 302
    assert client_for("staff").post(URL, {"q": "Сум"}).status_code == 405


def test_a_search_is_one_query_however_many_communities(
    client_for, cast, django_assert_num_queries
):
    client = client_for("staff")
    client.get(URL, {"q": "Гром"})  # the session and user, loaded once
    CommunityFactory.create_batch(60, raion=cast.raion)
    with django_assert_num_queries(3):  # session, user, the search
        response = client.get(URL, {"q": "Гром"})
    assert len(response.json()["results"]) == 20


@pytest.mark.django_db
def test_the_picker_draws_only_the_chosen_communities(cast):
    CommunityFactory.create_batch(30, raion=cast.raion)
    field = CommunitySearchField(queryset=Community.objects.all())
    html = field.widget.render("community", cast.community_a.pk)
    assert html.count("<option") == 2  # the empty choice and the chosen one
    assert "Сумська" in html and 'data-community-search="one"' in html
    several = CommunitySearchMultipleField(queryset=Community.objects.all())
    html = several.widget.render("invited", [cast.community_a.pk, cast.community_b.pk])
    assert html.count("<option") == 2 and html.count("selected") == 2


@pytest.mark.django_db
def test_the_picker_still_refuses_a_community_outside_its_queryset(cast):
    field = CommunitySearchField(queryset=Community.objects.filter(pk=cast.community_a.pk))
    assert field.clean(cast.community_a.pk) == cast.community_a
    with pytest.raises(ValidationError) as refused:
        field.clean(cast.community_b.pk)
    assert refused.value.code == "invalid_choice"
