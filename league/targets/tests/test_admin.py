"""The logframe's admin saves through the targets services: whole-object validation and
the author in the history, as the pages."""

from django.urls import reverse

from league.targets.models import Objective, Project
from league.targets.tests.factories import ObjectiveFactory, ProjectFactory
from league.tests.admin_forms import change_form_data


def test_a_project_edited_in_the_admin_names_its_author(client_for, cast):
    project = ProjectFactory(oblast=cast.oblast)
    client = client_for("staff")
    url = reverse("admin:targets_project_change", args=[project.pk])
    data = change_form_data(client.get(url))
    data["goal"] = "Допомога в кожній громаді області"
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.goal == "Допомога в кожній громаді області"
    assert project.history.latest().history_user == cast.staff


def test_a_task_number_taken_in_the_project_is_refused_in_the_admin(client_for, cast):
    project = ProjectFactory(oblast=cast.oblast)
    ObjectiveFactory(project=project, number=1)
    client = client_for("staff")
    url = reverse("admin:targets_objective_add")
    data = change_form_data(client.get(url))
    data.update(project=project.pk, number="1", title="Ще одне завдання")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()
    assert Objective.objects.filter(project=project).count() == 1
    data["number"] = "2"
    assert client.post(url, data).status_code == 302
    added = Objective.objects.get(project=project, number=2)
    assert added.history.get().history_user == cast.staff
    assert Project.objects.count() == 1
