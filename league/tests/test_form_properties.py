"""Property-based: whatever is typed into the log-in, password and language forms, the
page answers with the form and a message or a redirect; never a server error."""

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import given, settings
from hypothesis import strategies as st

from league.models import User
from league.tests.form_fuzz import any_text, any_value, post_drawn, rolled_back, submission

pytestmark = pytest.mark.django_db

LOGIN = {
    "username": st.sampled_from(["worker_a", "staff", ""]),
    "password": st.sampled_from(["a-long-test-password", "wrong"]),
}


@settings(max_examples=30)
@given(data=submission(LOGIN))
def test_the_log_in_form_takes_anything(data, client, cast):
    with rolled_back():
        response = client.post(reverse("login"), {"csrfmiddlewaretoken": "x", **data})
        # A redirect after a right password; otherwise the form with a message, or
        # django-axes' lock-out page after too many tries.
        assert response.status_code in (200, 302, 403, 429)
        client.logout()


PASSWORD = {
    "old_password": st.sampled_from(["a-long-test-password", "wrong"]),
    "new_password1": st.sampled_from(["Зовсім-нове-гасло-2026", "short"]),
    "new_password2": st.sampled_from(["Зовсім-нове-гасло-2026", "short"]),
}


@settings(max_examples=30)
@given(data=submission(PASSWORD))
def test_the_password_form_changes_it_or_says_why(data, cast, client_for):
    client = client_for("worker_a")
    post_drawn(client, reverse("password_change"), data, [User])
    user = User.objects.get(pk=cast.worker_a.pk)
    assert check_password("a-long-test-password", user.password)  # rolled back


@settings(max_examples=30)
@given(language=any_value(), next_url=any_text())
def test_the_language_switch_takes_anything(language, next_url, client_for):
    with rolled_back():
        response = client_for("worker_a").post(
            reverse("set_language"), {"language": language, "next": next_url}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 302:  # never to another site
            assert url_has_allowed_host_and_scheme(response["Location"], {"testserver"})


def test_a_log_in_name_longer_than_any_account_is_refused_by_the_form(client, cast):
    # It used to reach django-axes, whose attempt record holds 255 characters: a server
    # error on PostgreSQL.
    response = client.post(
        reverse("login"), {"username": "0" * 10_000, "password": "a-long-test-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
