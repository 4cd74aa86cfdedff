"""The community register's pages, for each kind of user."""

import pytest
from django.urls import reverse

from communities.models import Community, ContactPerson
from communities.tests.factories import CommunityFactory, ContactPersonFactory, RaionFactory
from league.tests.forms import post_form


def names_on_page(response):
    return [community.name for community in response.context["page"]]


class TestCommunityList:
    def test_filters_by_raion_type_and_name(self, client_for, cast):
        other_raion = RaionFactory(oblast=cast.oblast, name="Конотопський")
        CommunityFactory(raion=other_raion, name="Бочечківська", type="rural")
        client = client_for("staff")
        url = reverse("communities:list")

        assert names_on_page(client.get(url, {"raion": other_raion.pk})) == ["Бочечківська"]
        assert names_on_page(client.get(url, {"type": "urban"})) == ["Конотопська", "Сумська"]
        assert names_on_page(client.get(url, {"name": "Бочеч"})) == ["Бочечківська"]
        # The centre matches too.
        centre = cast.community_a.centre
        assert names_on_page(client.get(url, {"name": centre})) == ["Сумська"]

    def test_sorts_by_population(self, client_for, cast):
        Community.objects.filter(pk=cast.community_a.pk).update(population=267046)
        Community.objects.filter(pk=cast.community_b.pk).update(population=87403)
        client = client_for("staff")
        url = reverse("communities:list")
        assert names_on_page(client.get(url, {"ordering": "population"})) == [
            "Конотопська",
            "Сумська",
        ]
        assert names_on_page(client.get(url, {"ordering": "-name"})) == ["Сумська", "Конотопська"]

    def test_paginates_keeping_the_filters(self, client_for, cast):
        CommunityFactory.create_batch(30, raion=cast.raion, type="rural")
        response = client_for("staff").get(reverse("communities:list"), {"type": "rural"})
        assert len(response.context["page"]) == 25
        assert response.context["page"].paginator.count == 30
        assert "type=rural&amp;page=2" in response.content.decode()

    def test_a_worker_sees_only_their_communities(self, client_for, cast):
        response = client_for("worker_a").get(reverse("communities:list"))
        assert names_on_page(response) == ["Сумська"]

    @pytest.mark.parametrize("extra", [49, 1000])
    def test_query_count_does_not_grow_with_communities(
        self, client_for, cast, django_assert_num_queries, extra
    ):
        CommunityFactory.create_batch(extra, raion=cast.raion)
        client = client_for("staff")
        # session, user, count, raion choices, one page of rows with raion+oblast: 5
        with django_assert_num_queries(5):
            response = client.get(reverse("communities:list"), {"ordering": "-population"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == extra + 2


class TestCommunityDetail:
    def test_shows_what_we_know(self, client_for, cast):
        ContactPersonFactory(
            community=cast.community_a,
            full_name="Гончаренко Світлана",
            phone="+380 542 00 00 01",
            consent_to_contacts=True,
        )
        page = client_for("worker_a").get(cast.community_a.get_absolute_url()).content.decode()
        assert cast.community_a.katottg in page
        assert "Гончаренко Світлана" in page
        assert "+380 542 00 00 01" in page

    def test_council_officials_see_no_personal_contacts(self, client_for, cast):
        ContactPersonFactory(
            community=cast.community_a,
            full_name="Гончаренко Світлана",
            phone="+380 542 00 00 01",
            consent_to_contacts=True,
        )
        page = client_for("council").get(cast.community_a.get_absolute_url()).content.decode()
        assert "Гончаренко Світлана" in page
        assert "+380 542 00 00 01" not in page

    def test_another_oblast_is_invisible_to_a_council_official(self, client_for, cast):
        from communities.tests.factories import OblastFactory

        elsewhere = CommunityFactory(
            raion=RaionFactory(
                oblast=OblastFactory(name="Полтавська", katottg="UA53000000000028050")
            )
        )
        assert client_for("council").get(elsewhere.get_absolute_url()).status_code == 404


class TestContacts:
    def test_a_worker_adds_a_contact_to_their_community(self, client_for, cast):
        response = post_form(
            client_for("worker_a"),
            reverse("communities:contact_create", args=[cast.community_a.pk]),
            {
                "full_name": "Мороз Олег",
                "position": "Староста",
                "category": "head",
                "phone": "",
                "email": "",
                "consent_to_contacts": "",
            },
        )
        assert response.status_code == 302
        contact = ContactPerson.objects.get()
        assert (contact.community, contact.full_name) == (cast.community_a, "Мороз Олег")
        assert contact.history.get().history_user == cast.worker_a

    def test_a_phone_without_consent_is_refused_and_nothing_saved(self, client_for, cast):
        response = post_form(
            client_for("staff"),
            reverse("communities:contact_create", args=[cast.community_a.pk]),
            {
                "full_name": "Мороз Олег",
                "position": "Староста",
                "category": "head",
                "phone": "+380 00 000 00 00",
                "email": "",
            },
        )
        assert response.status_code == 200
        assert "Телефон і електронну пошту можна зберігати лише за згодою." in (
            response.content.decode()
        )
        assert not ContactPerson.objects.exists()

    def test_a_worker_edits_a_contact(self, client_for, cast):
        contact = ContactPersonFactory(community=cast.community_a)
        response = post_form(
            client_for("worker_a"),
            reverse("communities:contact_update", args=[contact.pk]),
            {"full_name": contact.full_name, "position": "Секретар ради", "category": "other"},
        )
        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.position == "Секретар ради"

    def test_another_communitys_contact_is_not_found(self, client_for, cast):
        contact = ContactPersonFactory(community=cast.community_b)
        client = client_for("worker_a")
        assert (
            client.get(reverse("communities:contact_update", args=[contact.pk])).status_code == 404
        )
        assert (
            post_form(client, reverse("communities:contact_delete", args=[contact.pk])).status_code
            == 404
        )
        assert ContactPerson.objects.filter(pk=contact.pk).exists()

    def test_a_council_official_may_not_edit(self, client_for, cast):
        contact = ContactPersonFactory(community=cast.community_a)
        client = client_for("council")
        response = post_form(
            client,
            reverse("communities:contact_update", args=[contact.pk]),
            {"full_name": "Інше", "position": "Інше", "category": "other"},
        )
        assert response.status_code == 403
        contact.refresh_from_db()
        assert contact.full_name != "Інше"

    def test_removing_a_contact(self, client_for, cast):
        contact = ContactPersonFactory(community=cast.community_a)
        response = client_for("staff").post(
            reverse("communities:contact_delete", args=[contact.pk]), {"confirmed": "yes"}
        )
        assert response.status_code == 302
        assert not ContactPerson.objects.exists()
        assert contact.history.latest().history_type == "-"
