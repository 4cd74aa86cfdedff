"""A worker's «Change status» offers only a worker's moves and no council decision
fields; plans whose years are over show as expired (derived, nothing stored)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.plans.models import IdentificationPlan
from communities.plans.tests.factories import AdoptedPlanFactory, IdentificationPlanFactory

pytestmark = pytest.mark.django_db
Status = IdentificationPlan.Status
DECISION_FIELDS = {"decision_number", "decision_date", "decision_body", "decision_document"}


def test_a_workers_status_form_has_only_their_moves_and_no_decision(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.DRAFTING)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = client_for("worker_a").get(url)
    form = response.context["form"]
    assert [value for value, _label in form.fields["status"].choices] == ["not_started"]
    assert DECISION_FIELDS.isdisjoint(form.fields)
    assert "потрібні номер і дата рішення ради" not in response.content.decode()
    staff_page = client_for("staff").get(url)
    assert "потрібні номер і дата рішення ради" in staff_page.content.decode()
    staff_form = staff_page.context["form"]
    assert set(staff_form.fields) >= DECISION_FIELDS
    assert {value for value, _label in staff_form.fields["status"].choices} == {
        "not_started",
        "submitted",
        "adopted",
        "expired",
    }


def test_a_workers_move_leaves_the_council_decision_as_it_is(cast, client_for):
    plan = IdentificationPlanFactory(
        community=cast.community_a,
        status=Status.DRAFTING,
        decision_number="7/3",
        decision_date=datetime.date(2018, 3, 1),
    )
    url = reverse("communities:plan_status", args=[plan.pk])
    response = client_for("worker_a").post(
        url, {"status": "not_started", "decision_number": "хибний", "decision_date": ""}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.decision_number) == (Status.NOT_STARTED, "7/3")
    assert plan.decision_date == datetime.date(2018, 3, 1)


def test_a_plan_whose_years_are_over_shows_as_expired(cast, client_for):
    this_year = timezone.localdate().year
    over = AdoptedPlanFactory(
        community=cast.community_a, start_year=this_year - 3, end_year=this_year - 1
    )
    current = AdoptedPlanFactory(
        community=cast.community_b, start_year=this_year - 1, end_year=this_year
    )
    assert (over.shown_status, current.shown_status) == (Status.EXPIRED, Status.ADOPTED)
    assert over.get_shown_status_display() == "строк дії минув"
    over.refresh_from_db()
    assert over.status == Status.ADOPTED  # nothing stored
    client = client_for("staff")
    detail = client.get(reverse("communities:plan_detail", args=[over.pk])).content.decode()
    assert 'id="plan-status">строк дії минув<' in detail
    overview = reverse("communities:plan_overview")
    expired = client.get(overview, {"plan_status": "expired"}).context["page"]
    assert [community.name for community in expired] == [cast.community_a.name]
    adopted = client.get(overview, {"plan_status": "adopted"}).context["page"]
    assert [community.name for community in adopted] == [cast.community_b.name]
