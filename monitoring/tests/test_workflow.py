"""The workflow: who may make each transition, locking and reopening, the log, history."""

import datetime
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import (
    DataValue,
    EntryExtension,
    MonitoringReport,
    ReportStatus,
    StatusChange,
)
from monitoring.tests.factories import ReportFactory, period_for
from monitoring.tests.helpers import VALID_IDENTIFIED, post_form

D, S, R, A = (
    ReportStatus.DRAFT,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.APPROVED,
)


def _url(name, report):
    return reverse(f"monitoring:{name}", args=[report.pk])


@pytest.fixture
def report(cast, catalogue):
    return ReportFactory(community=cast.community_a)


# (action, status before, role) -> status after; None: refused and unchanged.
TRANSITION_TABLE = [
    ("submit", D, "worker_a", S),
    ("submit", R, "worker_a", S),
    ("submit", D, "staff", S),
    ("submit", S, "worker_a", None),
    ("submit", A, "worker_a", None),
    ("approve", S, "staff", A),
    ("approve", S, "admin", A),
    ("approve", S, "worker_a", None),
    ("approve", D, "staff", None),
    ("approve", R, "staff", None),
    ("return", S, "staff", R),
    ("return", S, "worker_a", None),
    ("return", A, "staff", None),
    ("reopen", A, "staff", R),
    ("reopen", A, "worker_a", None),
    ("reopen", S, "staff", None),
]


@pytest.mark.parametrize(("action", "before", "role", "after"), TRANSITION_TABLE)
def test_transition_table(cast, catalogue, action, before, role, after):
    report = ReportFactory(community=cast.community_a, status=before)
    user = getattr(cast, role)
    call = {
        "submit": lambda: services.report_submit(report=report, user=user),
        "approve": lambda: services.report_approve(report=report, user=user),
        "return": lambda: services.report_return(report=report, user=user, comment="Виправте."),
        "reopen": lambda: services.report_reopen(report=report, user=user, reason="Звірка."),
    }[action]
    if after is None:
        with pytest.raises(services.MonitoringError):
            call()
        assert MonitoringReport.objects.get(pk=report.pk).status == before
        assert not StatusChange.objects.exists()
    else:
        call()
        report.refresh_from_db()
        assert report.status == after
        change = StatusChange.objects.get()
        assert (change.from_status, change.to_status, change.changed_by) == (before, after, user)


def test_worker_of_another_community_cannot_submit(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    with pytest.raises(services.MonitoringError):
        services.report_submit(report=report, user=cast.worker_b)


def test_worker_saves_a_draft_and_every_figure_is_in_the_history(client_for, cast, report):
    response = post_form(client_for("worker_a"), report, **VALID_IDENTIFIED)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == D and report.version == 2 and report.updated_by == cast.worker_a
    assert (
        DataValue.objects.get(report=report, indicator__code="IDENTIFIED", dimension="").value == 2
    )
    records = DataValue.history.filter(report_id=report.pk)
    assert records.count() == 5
    assert {record.history_user for record in records} == {cast.worker_a}
    # A second save changes one figure and removes another: both are in the history.
    post_form(
        client_for("worker_a"),
        report,
        **{**VALID_IDENTIFIED, "IDENTIFIED": 3, "IDENTIFIED__sex__male": ""},
    )
    assert DataValue.history.filter(report_id=report.pk, history_type="~").count() == 1
    assert DataValue.history.filter(report_id=report.pk, history_type="-").count() == 1


def test_worker_submits_a_valid_report(client_for, cast, report):
    response = post_form(client_for("worker_a"), report, action="submit", **VALID_IDENTIFIED)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S and report.first_submitted_at is not None
    change = report.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (D, S, cast.worker_a)


def test_errors_block_submission_and_are_shown_beside_the_fields(client_for, report):
    client = client_for("worker_a")
    response = post_form(client, report, action="submit", STATUS_APPLIED=1, STATUS_GRANTED=2)
    report.refresh_from_db()
    assert report.status == D  # saved as a draft, not submitted
    assert DataValue.objects.filter(report=report).count() == 2
    page = client.get(response.url).content.decode()
    assert "Статус встановлено (2) більшій кількості осіб, ніж подали заяви (1)." in page
    assert 'id="indicator-STATUS_GRANTED"' in page and "finding-error" in page


def test_warning_needs_an_explanation_before_submission(client_for, report):
    client = client_for("worker_a")
    post_form(client, report, action="submit", PREVENTION_EVENTS=3, PREVENTION_REACHED=1)
    report.refresh_from_db()
    assert report.status == D
    post_form(
        client,
        report,
        action="submit",
        explanation="Захід для фахівців громади.",
        PREVENTION_EVENTS=3,
        PREVENTION_REACHED=1,
    )
    report.refresh_from_db()
    assert report.status == S and report.explanation == "Захід для фахівців громади."


def test_jump_against_earlier_quarters_needs_an_explanation(client_for, cast, catalogue, report):
    year, quarter = report.period.year, report.period.quarter
    earlier_year, earlier_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    earlier = ReportFactory(
        community=cast.community_a,
        period=period_for(earlier_year, earlier_quarter),
        status=A,
    )
    DataValue.objects.create(report=earlier, indicator=catalogue["PREVENTION_EVENTS"], value=1)
    client = client_for("worker_a")
    post_form(client, report, action="submit", PREVENTION_EVENTS=9, PREVENTION_REACHED=300)
    report.refresh_from_db()
    assert report.status == D
    page = client.get(_url("report_detail", report)).content.decode()
    assert "значно відрізняється від середнього значення громади" in page
    # The previous quarter is named beside the fields (in Ukrainian: «III кв. 2026»).
    assert f"{'I' * earlier_quarter if earlier_quarter < 4 else 'IV'} кв. {earlier_year}" in page
    assert "Попередній квартал: 1" in page


def test_approved_report_is_locked_until_reopened_with_a_reason(client_for, cast, report):
    post_form(client_for("worker_a"), report, action="submit", **VALID_IDENTIFIED)
    staff = client_for("staff")
    assert staff.post(_url("report_approve", report)).status_code == 302
    report.refresh_from_db()
    assert report.status == A
    # Neither the worker nor staff can change an approved report's figures.
    for role in ("worker_a", "staff"):
        post_form(client_for(role), report, **{**VALID_IDENTIFIED, "IDENTIFIED": 9})
        assert (
            DataValue.objects.get(report=report, indicator__code="IDENTIFIED", dimension="").value
            == 2
        )
    # Reopening needs a reason.
    staff = client_for("staff")
    staff.post(_url("report_reopen", report), {"comment": ""})
    report.refresh_from_db()
    assert report.status == A
    staff.post(_url("report_reopen", report), {"comment": "Помилка у розподілі за віком."})
    report.refresh_from_db()
    assert report.status == R
    assert report.status_changes.first().comment == "Помилка у розподілі за віком."
    # The worker sees the reason and may correct and resubmit.
    worker = client_for("worker_a")
    assert (
        "Помилка у розподілі за віком."
        in worker.get(_url("report_detail", report)).content.decode()
    )
    post_form(worker, report, action="submit", **VALID_IDENTIFIED)
    report.refresh_from_db()
    assert report.status == S


def test_return_needs_a_comment_that_the_worker_sees(client_for, report):
    post_form(client_for("worker_a"), report, action="submit", **VALID_IDENTIFIED)
    staff = client_for("staff")
    staff.post(_url("report_return", report), {"comment": "  "})
    report.refresh_from_db()
    assert report.status == S
    staff.post(_url("report_return", report), {"comment": "Уточніть форму експлуатації."})
    report.refresh_from_db()
    assert report.status == R
    page = client_for("worker_a").get(_url("report_detail", report)).content.decode()
    assert 'id="return-comment"' in page and "Уточніть форму експлуатації." in page


def test_submitted_report_cannot_be_edited(client_for, report):
    post_form(client_for("worker_a"), report, action="submit", **VALID_IDENTIFIED)
    report.refresh_from_db()
    response = post_form(client_for("worker_a"), report, IDENTIFIED=7)
    assert response.status_code == 302
    assert not DataValue.objects.filter(report=report, value=7).exists()


@pytest.fixture
def closed_period(db):
    today = timezone.localdate()
    return period_for(today.year - 1, 1)


def test_closed_window_locks_workers_out_but_not_staff(client_for, cast, catalogue, closed_period):
    report = ReportFactory(community=cast.community_a, period=closed_period)
    response = post_form(client_for("worker_a"), report, IDENTIFIED=1)
    assert response.status_code == 302
    assert not DataValue.objects.filter(report=report).exists()
    page = client_for("worker_a").get(_url("report_detail", report)).content.decode()
    assert "закрито" in page
    post_form(client_for("staff"), report, PREVENTION_EVENTS=1, PREVENTION_REACHED=10)
    assert DataValue.objects.filter(report=report).count() == 2


def test_worker_cannot_start_a_report_in_a_closed_period(client_for, cast, closed_period):
    response = client_for("worker_a").post(
        reverse("monitoring:report_start"),
        {
            "community": cast.community_a.pk,
            "year": closed_period.year,
            "quarter": 1,
            "form_token": uuid4(),
        },
    )
    assert response.status_code == 302
    assert not MonitoringReport.objects.exists()


def test_staff_reopen_entry_for_one_community_with_a_reason(
    client_for, cast, catalogue, closed_period
):
    staff = client_for("staff")
    url = reverse("monitoring:extension_create")
    until = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    data = {
        "community": cast.community_a.pk,
        "year": closed_period.year,
        "quarter": 1,
        "open_until": until,
        "reason": "",
        "form_token": uuid4(),
    }
    response = staff.post(url, data)
    assert response.status_code == 200 and not EntryExtension.objects.exists()
    response = staff.post(url, {**data, "reason": "Паперовий звіт загубився на пошті."})
    assert response.status_code == 302
    extension = EntryExtension.objects.get()
    assert extension.granted_by == cast.staff and extension.community == cast.community_a
    assert extension.history.get().history_user == cast.staff
    # Community A may enter again; community B may not.
    report_a = ReportFactory(community=cast.community_a, period=closed_period)
    report_b = ReportFactory(community=cast.community_b, period=closed_period)
    post_form(client_for("worker_a"), report_a, IDENTIFIED=0)
    post_form(client_for("worker_b"), report_b, IDENTIFIED=0)
    assert DataValue.objects.filter(report=report_a).exists()
    assert not DataValue.objects.filter(report=report_b).exists()


def test_returned_report_stays_open_to_its_worker_after_the_window(
    client_for, cast, catalogue, closed_period
):
    report = ReportFactory(community=cast.community_a, period=closed_period, status=R)
    post_form(client_for("worker_a"), report, action="submit", **VALID_IDENTIFIED)
    report.refresh_from_db()
    assert report.status == S
