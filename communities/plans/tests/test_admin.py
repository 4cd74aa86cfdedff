"""Every plan model has an admin, asking the same policy as the rest of the portal."""

import pytest
from django.urls import reverse

from communities.plans.tests.factories import (
    BudgetLineFactory,
    MeasureUpdateFactory,
    ServiceContractFactory,
)

MODELS = [
    "identificationplan",
    "planmeasure",
    "measureupdate",
    "localprogramme",
    "budgetline",
    "servicecontract",
]


@pytest.fixture
def objects(cast):
    update = MeasureUpdateFactory(measure__plan__community=cast.community_a)
    line = BudgetLineFactory(programme__community=cast.community_a, measure=update.measure)
    contract = ServiceContractFactory(community=cast.community_a)
    return {
        "identificationplan": update.measure.plan,
        "planmeasure": update.measure,
        "measureupdate": update,
        "localprogramme": line.programme,
        "budgetline": line,
        "servicecontract": contract,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_staff_open_the_admin_pages(objects, client_for, model):
    client = client_for("staff")
    obj = objects[model]
    for url in (
        reverse(f"admin:communities_{model}_add"),
        reverse(f"admin:communities_{model}_change", args=[obj.pk]),
        reverse(f"admin:communities_{model}_history", args=[obj.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["worker_a", "council"])
def test_others_are_kept_out_of_the_admin(objects, client_for, role):
    url = reverse(
        "admin:communities_identificationplan_change", args=[objects["identificationplan"].pk]
    )
    response = client_for(role).get(url)
    assert response.status_code == 302
    assert "login" in response.url
