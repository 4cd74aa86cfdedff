"""Every plan model has an admin, asking the same policy as the rest of the portal."""

import pytest
from django.urls import reverse

from communities.plans.models import MeasureUpdate
from communities.plans.tests.factories import (
    BudgetLineFactory,
    MeasureUpdateFactory,
    ServiceContractFactory,
)
from league.tests.admin_forms import change_form_data

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
        reverse(f"admin:communities_{model}_change", args=[obj.pk]),
        reverse(f"admin:communities_{model}_history", args=[obj.pk]),
    ):
        assert client.get(url).status_code == 200, url
    add = client.get(reverse(f"admin:communities_{model}_add"))
    # The log of measure changes is written by its service only.
    assert add.status_code == (403 if model == "measureupdate" else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "admin"])
def test_no_role_adds_changes_or_deletes_a_measure_change_in_the_admin(objects, client_for, role):
    client = client_for(role)
    update = objects["measureupdate"]
    add = client.post(
        reverse("admin:communities_measureupdate_add"),
        {"measure": update.measure_id, "status": "done", "date": "2019-06-01"},
    )
    change = client.post(
        reverse("admin:communities_measureupdate_change", args=[update.pk]),
        {"measure": update.measure_id, "status": "done", "date": "2019-06-01"},
    )
    delete = client.post(
        reverse("admin:communities_measureupdate_delete", args=[update.pk]), {"post": "yes"}
    )
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    update.refresh_from_db()
    assert (update.status, MeasureUpdate.objects.count()) == ("in_progress", 1)


@pytest.mark.django_db
def test_the_admin_cannot_change_a_measure_status_without_its_dated_record(objects, client_for):
    client = client_for("admin")
    measure = objects["planmeasure"]
    url = reverse("admin:communities_planmeasure_change", args=[measure.pk])
    data = {**change_form_data(client.get(url)), "status": "done", "description": "Новий опис"}
    response = client.post(url, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    # The content changed and the version with it; the status did not.
    assert (measure.description, measure.status, measure.version) == ("Новий опис", "planned", 2)
    assert measure.updates.count() == 1


@pytest.mark.django_db
def test_the_admin_cannot_adopt_a_plan_around_its_workflow(objects, client_for):
    client = client_for("admin")
    plan = objects["identificationplan"]
    url = reverse("admin:communities_identificationplan_change", args=[plan.pk])
    changes = {"status": "adopted", "decision_number": "1/1", "notes": "Примітка"}
    data = {**change_form_data(client.get(url)), **changes}
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.decision_number, plan.notes) == ("drafting", "", "Примітка")


@pytest.mark.django_db
def test_the_history_page_never_writes_an_old_version_back(objects, client_for):
    client = client_for("admin")
    plan = objects["identificationplan"]
    record = plan.history.first()
    url = reverse(
        "admin:communities_identificationplan_simple_history", args=[plan.pk, record.history_id]
    )
    assert client.get(url).status_code == 200
    assert client.post(url, {"start_year": 2001, "end_year": 2002}).status_code == 403
    plan.refresh_from_db()
    assert plan.start_year == 2018


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["worker_a", "council"])
def test_others_are_kept_out_of_the_admin(objects, client_for, role):
    url = reverse(
        "admin:communities_identificationplan_change", args=[objects["identificationplan"].pk]
    )
    response = client_for(role).get(url)
    assert response.status_code == 302
    assert "login" in response.url
