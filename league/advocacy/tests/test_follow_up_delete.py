"""A follow-up agreed by mistake is deleted in the admin through its service."""

import pytest
from django.urls import reverse

from league.advocacy.models import FollowUp
from league.advocacy.tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def test_staff_delete_a_follow_up_and_the_history_says_who(client_for, cast):
    follow_up = FollowUpFactory()
    url = reverse("admin:advocacy_followup_delete", args=[follow_up.pk])

    response = client_for("staff").post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists()
    assert FollowUp.history.get(history_type="-").history_user == cast.staff
