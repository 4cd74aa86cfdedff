"""Roles are assigned in the admin, by administrators only, and every change is on record."""

from django.urls import reverse

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
