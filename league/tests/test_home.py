from django.urls import reverse

from roundtables.tests.factories import RoundTableFactory, RoundTableSeriesFactory


def test_a_worker_starts_from_their_own_communities(client_for, cast):
    response = client_for("worker_a").get(reverse("home"))
    assert list(response.context["own_communities"]) == [cast.community_a]
    assert cast.community_a.get_absolute_url() in response.content.decode()


def test_staff_start_from_the_register(client_for, cast):
    response = client_for("staff").get(reverse("home"))
    assert response.context["community_count"] == 2


def test_the_navigation_shows_each_role_only_what_it_may_open(client_for, cast):
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link in client_for("staff").get(reverse("home")).content.decode()
    for role in ("worker_a", "council"):
        page = client_for(role).get(reverse("home")).content.decode()
        assert admin_link not in page
        assert f'href="{reverse("communities:list")}"' in page


def test_the_start_page_shows_the_round_table_target_in_one_query(
    client_for, cast, django_assert_num_queries
):
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    RoundTableFactory.create_batch(3, series=series, venue_community=cast.community_a)
    client = client_for("council")
    # session, user, community count, series progress, the oblast's project (none here),
    # the latest reports issued for the oblast
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    assert "Проведено 3 з 18" in response.content.decode()


def test_the_start_page_caption_on_represented_communities_reads_plainly(client_for, cast):
    RoundTableSeriesFactory(oblast=cast.oblast)
    page = client_for("council").get(reverse("home")).content.decode()
    assert "Громади області, від яких хоча б раз хтось був на круглому столі" in page
    assert "(ла)" not in page
