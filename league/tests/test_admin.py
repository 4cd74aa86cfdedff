"""Roles are assigned in the admin, by administrators only, and every change is on record."""

from django.urls import reverse
from django.utils import timezone

from league.models import User
from monitoring.tests.factories import ReportFactory


def change_form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "communities": [community.pk for community in user.communities.all()],
        "oblast": user.oblast_id or "",
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_an_administrator_assigns_a_role_and_the_history_says_who(client_for, cast):
    client = client_for("admin")
    url = reverse("admin:league_user_change", args=[cast.outsider.pk])
    response = client.post(
        url,
        change_form_data(cast.outsider, role=User.Role.WORKER, communities=[cast.community_b.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    cast.outsider.refresh_from_db()
    assert cast.outsider.role == User.Role.WORKER
    assert list(cast.outsider.communities.all()) == [cast.community_b]
    latest = cast.outsider.history.latest()
    assert latest.history_user == cast.admin
    assert latest.role == User.Role.WORKER
    assert "password" not in {field.name for field in latest._meta.fields}


def test_ngo_staff_may_not_assign_roles(client_for, cast):
    client = client_for("staff")
    url = reverse("admin:league_user_change", args=[cast.outsider.pk])
    response = client.post(url, change_form_data(cast.outsider, role=User.Role.ADMIN))
    assert response.status_code == 403
    cast.outsider.refresh_from_db()
    assert cast.outsider.role == ""


def test_a_council_official_needs_an_oblast(client_for, cast):
    client = client_for("admin")
    url = reverse("admin:league_user_change", args=[cast.outsider.pk])
    response = client.post(url, change_form_data(cast.outsider, role=User.Role.COUNCIL))
    assert response.status_code == 200
    assert "Посадовцю ради потрібна область" in response.content.decode()
    cast.outsider.refresh_from_db()
    assert cast.outsider.role == ""


def test_the_big_tables_list_counts_once_and_exactly_while_small(
    client_for, cast, django_assert_num_queries
):
    client = client_for("admin")
    url = reverse("admin:monitoring_monitoringreport_changelist")
    client.get(url)
    ReportFactory(community=cast.community_a)
    # session, user, the count (once), the page's rows, and the list filters' choices.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].show_full_result_count is False


def test_the_admin_history_shows_labels_local_time_and_no_inline_style(client_for, cast):
    client = client_for("admin")
    url = reverse("admin:league_user_change", args=[cast.outsider.pk])
    client.post(
        url,
        change_form_data(cast.outsider, role=User.Role.WORKER, communities=[cast.community_b.pk]),
    )
    latest = cast.outsider.history.latest()
    response = client.get(reverse("admin:league_user_history", args=[cast.outsider.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Зміни" in page and "Changes" not in page
    # The role's label, old and new, never its code or «None».
    assert "Роль:</strong> — → Соціальний працівник громади" in page
    assert "Конотопська" in page
    assert "None" not in page and "worker</" not in page
    local = timezone.localtime(latest.history_date).strftime("%d.%m.%Y %H:%M")
    assert local in page
    assert 'style="' not in page


def test_the_log_in_attempts_section_of_the_admin_is_ukrainian(client_for, cast):
    client = client_for("anonymous")
    client.post(reverse("login"), {"username": cast.worker_a.username, "password": "wrong"})
    client = client_for("admin")
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Спроби входу" in page and "Час спроби" in page and "IP-адреса" in page
    for english in ("Axes", "Attempt Time", "IP Address", "Expiration", ">Status<", "User Agent"):
        assert english not in page
    index = client.get(reverse("admin:index")).content.decode()
    assert "Спроби входу" in index and "Axes" not in index


def test_admin_lists_show_pages_of_25_rows_as_the_portal_does(client_for, cast):
    from communities.tests.factories import CommunityFactory

    for _index in range(28):
        CommunityFactory(raion=cast.raion)  # with the cast's two: 30
    url = reverse("admin:communities_community_changelist")

    first = client_for("admin").get(url)
    second = client_for("admin").get(url, {"p": 2})

    assert first.context["cl"].result_count == 30
    assert len(first.context["cl"].result_list) == 25
    assert len(second.context["cl"].result_list) == 5
