"""Log-in, log-out, password change and log-in throttling."""

import pytest
from django.urls import reverse

from league.tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def worker(cast):
    return cast.worker_a


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_the_right_password_opens_the_start_page(client, worker):
    response = post_login(client, worker.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == worker


def test_login_with_a_wrong_password_says_so(client, worker):
    response = post_login(client, worker.username, "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_every_page_needs_a_login(client, db):
    response = client.get(reverse("communities:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_is_post_only(client, worker):
    client.force_login(worker)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, worker):
    client.force_login(worker)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-2026",
            "new_password2": "another-long-password-2026",
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password("another-long-password-2026")


def test_five_failures_lock_the_account_for_that_address(client, worker):
    for _attempt in range(5):
        post_login(client, worker.username, "wrong")
    response = post_login(client, worker.username, PASSWORD)
    assert response.status_code == 429
    assert "Забагато невдалих спроб входу" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_one_account_only(client, worker):
    other = UserFactory(username="other-worker")
    for _attempt in range(5):
        post_login(client, worker.username, "wrong")
    assert post_login(client, other.username, PASSWORD).status_code == 302


def test_an_account_without_a_role_opens_nothing(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("home")).status_code == 403
    assert client.get(reverse("communities:list")).status_code == 403


def test_a_login_adds_no_row_to_the_users_history(client, worker):
    rows = worker.history.count()
    response = post_login(client, worker.username, PASSWORD)
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.last_login is not None
    assert worker.history.count() == rows
