"""Monitoring under pressure, on PostgreSQL: twenty people saving one report, parallel
starts and parallel workflow steps. Every save is kept or refused with 409, the status
log chains, and no request ends in a server error."""

import datetime
import random
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from league.tests.concurrency import (
    assert_versions_chain,
    client_of,
    postgresql_only,
    run_together,
)
from monitoring import services
from monitoring.models import DataValue, EntryExtension, MonitoringReport, StatusChange
from monitoring.tests.factories import ReportFactory, current_quarter

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]
EDITORS = 20


def test_twenty_editors_of_one_report_lose_nothing(cast, catalogue):
    """Each loads the report, saves a figure of its own, and on a conflict loads it again
    (up to three times). A save answered "saved" is in the history; the figure that
    stands is the last saved one."""
    report = ReportFactory(community=cast.community_a)
    url = reverse("monitoring:report_detail", args=[report.pk])
    users = [cast.staff, cast.worker_a, cast.admin]

    def edit(index):
        client = client_of(users[index % 3])
        answers = []
        for attempt in range(3):
            version = MonitoringReport.objects.values_list("version", flat=True).get(pk=report.pk)
            figure = index * 10 + attempt + 1
            data = {"version": version, "explanation": "", "action": "save"}
            data["PREVENTION_EVENTS"] = figure
            answers.append((figure, client.post(url, data).status_code))
            if answers[-1][1] == 302:
                break
        return answers

    answers = [answer for result in run_together(EDITORS, edit) for answer in result]
    assert {status for _figure, status in answers} <= {302, 409}
    saved = [figure for figure, status in answers if status == 302]
    assert saved
    report.refresh_from_db()
    assert_versions_chain(report)
    assert report.version == 1 + len(saved)
    history = list(
        DataValue.history.filter(report_id=report.pk)
        .order_by("history_date", "history_id")
        .values_list("value", flat=True)
    )
    assert {Decimal(figure) for figure in saved} <= set(history)
    stored = report.values.get(indicator__code="PREVENTION_EVENTS").value
    assert stored == history[-1] and stored in {Decimal(figure) for figure in saved}


def test_a_double_click_at_once_is_one_save_not_a_conflict(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    url = reverse("monitoring:report_detail", args=[report.pk])
    data = {"version": 1, "explanation": "", "action": "save", "PREVENTION_EVENTS": 4}
    assert run_together(2, lambda index: client_of(cast.worker_a).post(url, data).status_code) == [
        302,
        302,
    ]
    report.refresh_from_db()
    assert report.version == 2 and report.values.get().value == 4


@pytest.mark.parametrize("same_form", [True, False], ids=["one form twice", "two forms"])
def test_a_report_started_twice_at_once_is_one_report(cast, same_form):
    year, quarter = current_quarter()
    token = uuid4()

    def start(index):
        data = {
            "community": cast.community_a.pk,
            "year": year,
            "quarter": quarter,
            "form_token": token if same_form else uuid4(),
        }
        return client_of(cast.worker_a).post(reverse("monitoring:report_start"), data)

    answers = run_together(2, start)
    report = MonitoringReport.objects.get()
    assert [answer.url for answer in answers] == [report.get_absolute_url()] * 2


def test_parallel_workflow_steps_keep_the_log_chained(cast, catalogue):
    """Ten reviewers approve or return the same submitted report at once: one wins,
    the others are told the report cannot be changed this way."""
    report = ReportFactory(community=cast.community_a)
    services.report_submit(report=report, user=cast.worker_a)

    def review(index):
        action = "approve" if index % 2 else "return"
        url = reverse(f"monitoring:report_{action}", args=[report.pk])
        return client_of(cast.staff).post(url, {"comment": f"Рецензія {index}"}).status_code

    assert run_together(10, review) == [302] * 10
    changes = list(StatusChange.objects.filter(report=report).order_by("changed_at", "pk"))
    assert len(changes) == 2
    assert changes[1].from_status == changes[0].to_status == "submitted"
    report.refresh_from_db()
    assert report.status == changes[-1].to_status
    assert_versions_chain(report)


def test_parallel_submits_and_saves_never_fail(cast, catalogue):
    """Some submit, some save figures, at the same moment: each gets an answer."""
    report = ReportFactory(community=cast.community_a)
    url = reverse("monitoring:report_detail", args=[report.pk])

    def act(index):
        version = MonitoringReport.objects.values_list("version", flat=True).get(pk=report.pk)
        data = {"version": version, "explanation": "", "PREVENTION_EVENTS": random.randint(0, 9)}
        data["action"] = "submit" if index % 2 else "save"
        return client_of(cast.worker_a).post(url, data).status_code

    assert set(run_together(10, act)) <= {302, 409}
    changes = list(StatusChange.objects.filter(report=report).order_by("changed_at", "pk"))
    assert len(changes) <= 1
    report.refresh_from_db()
    assert_versions_chain(report)


def test_an_extension_sent_twice_at_once_is_granted_once(cast):
    today = timezone.localdate()
    data = {
        "community": cast.community_a.pk,
        "year": today.year - 1,
        "quarter": 1,
        "open_until": (today + datetime.timedelta(days=7)).isoformat(),
        "reason": "Паперовий звіт",
        "form_token": uuid4(),
    }
    url = reverse("monitoring:extension_create")
    assert run_together(2, lambda index: client_of(cast.staff).post(url, data).status_code) == [
        302,
        302,
    ]
    assert EntryExtension.objects.get().history.count() == 1
