"""The admin reads as Ukrainian: no raw status, no indicator code standing for a name, no
English section, field or sentence of a library or of Django's newer templates."""

import re

import pytest
from django.urls import reverse

from communities.tests.factories import ContactPersonFactory
from monitoring import services
from monitoring.catalogue import catalogue_load
from monitoring.models import Indicator
from monitoring.tests.factories import DataValueFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_background_tasks_section_and_the_delete_page_are_ukrainian(client_for, cast):
    client = client_for("admin")
    contact = ContactPersonFactory(community=cast.community_a)
    index = _text(client.get(reverse("admin:index")))
    tasks = _text(client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")))
    delete = _text(client.get(reverse("admin:communities_contactperson_delete", args=[contact.pk])))
    assert "Фонові завдання" in index and "Результати фонових завдань" in index
    for page in (index, tasks, delete):
        for english in ("Task Result", "Tasks Database", "Are you sure", "related items"):
            assert english not in page
    assert "пріоритет" in tasks.lower() and "queue name" not in tasks
    assert "Видалити" in delete and contact.full_name in delete


def test_a_status_change_reads_with_its_labels_in_the_admin(client_for, cast, settings):
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = False
    report = ReportFactory(community=cast.community_a)
    services.report_submit(report=report, user=cast.staff)
    services.report_approve(report=report, user=cast.staff)
    change = report.status_changes.first()
    page = _text(
        client_for("admin").get(reverse("admin:monitoring_statuschange_change", args=[change.pk]))
    )
    assert "подано → затверджено" in page
    assert "submitted → approved" not in page


def test_figures_in_the_admin_are_named_not_coded(client_for, cast):
    catalogue_load()
    indicator = Indicator.objects.get(code="IDENTIFIED")
    DataValueFactory(report=ReportFactory(community=cast.community_a), indicator=indicator)
    page = _text(client_for("admin").get(reverse("admin:monitoring_datavalue_changelist")))
    assert indicator.name_uk in page
    assert "IDENTIFIED ·" not in page
