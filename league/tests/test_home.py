from django.urls import reverse


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
