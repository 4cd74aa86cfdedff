"""Logframe writes not met elsewhere: a value whose evidence is a link, a value typed
for a computed indicator refused by the service itself, an indicator added in the admin."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from league.targets import services
from league.targets.models import Indicator, ManualValue
from league.targets.tests.factories import IndicatorFactory, ObjectiveFactory, ProjectFactory


def test_a_value_with_a_link_as_its_evidence_stores_no_file(client_for, cast):
    indicator = IndicatorFactory(project=ProjectFactory(oblast=cast.oblast), code="memoranda")
    response = client_for("staff").post(
        reverse("targets:indicator_detail", args=[indicator.pk]),
        {
            "date": "2017-02-01",
            "value": "3",
            "form_token": uuid.uuid4(),
            "evidence": "Протокол на сайті ради",
            "evidence_url": "https://rada.example.org/protokol-7",
        },
    )
    assert response.status_code == 302
    entry = ManualValue.objects.get()
    assert (entry.value, entry.evidence_url, entry.evidence_name, bool(entry.evidence_file)) == (
        Decimal(3),
        "https://rada.example.org/protokol-7",
        "",
        False,
    )


def test_the_service_refuses_a_value_for_a_computed_indicator(cast):
    computed = IndicatorFactory(
        project=ProjectFactory(oblast=cast.oblast), computation="campaign_activities"
    )
    with pytest.raises(ValidationError) as refused:
        services.manual_value_record(
            indicator=computed,
            date=datetime.date(2017, 2, 1),
            value=Decimal(9),
            evidence="Вручну",
            recorded_by=cast.staff,
        )
    assert refused.value.messages == [
        "Цей показник обчислюється із записів порталу; його значення не вводиться вручну."
    ]
    assert not ManualValue.objects.exists()


def test_staff_add_an_indicator_in_the_admin_through_the_service(client_for, cast):
    project = ProjectFactory(oblast=cast.oblast)
    task = ObjectiveFactory(project=project, number=2)
    response = client_for("staff").post(
        reverse("admin:targets_indicator_add"),
        {
            "project": project.pk,
            "objective": task.pk,
            "activity": "",
            "code": "meetings",
            "name": "Зустрічі з радами",
            "computation": "",
            "baseline": "0",
            "target": "12",
            "order": "5",
            "form_token": str(uuid.uuid4()),  # the add form's one-time token
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.code, indicator.objective, indicator.target) == (
        "meetings",
        task,
        Decimal(12),
    )
    assert indicator.history.get().history_user == cast.staff


def test_the_admin_refuses_a_task_of_another_project_and_saves_nothing(client_for, cast):
    project = ProjectFactory(oblast=cast.oblast)
    elsewhere = ObjectiveFactory(project=ProjectFactory(oblast=cast.oblast, title="Інший"))
    response = client_for("staff").post(
        reverse("admin:targets_indicator_add"),
        {
            "project": project.pk,
            "objective": elsewhere.pk,
            "code": "meetings",
            "name": "Зустрічі з радами",
            "computation": "",
            "baseline": "0",
            "target": "12",
            "order": "5",
            "form_token": str(uuid.uuid4()),  # the add form's one-time token
        },
    )
    assert response.status_code == 200
    assert "Оберіть завдання цього проєкту." in response.content.decode()
    assert not Indicator.objects.exists()
