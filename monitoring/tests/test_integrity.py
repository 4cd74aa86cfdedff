"""One write path for monitoring: the admin cannot go around the workflow, the status
log is append-only, object-level rules answer per role and state, a double click on
"save" is not a conflict, and create forms are safe to send twice."""

import datetime
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import ProtectedError
from django.urls import reverse

from league import access
from league.domain import DomainError
from league.tests.admin_forms import change_form_data
from league.tests.clock import today
from monitoring import services
from monitoring.models import (
    DataValue,
    EntryExtension,
    MonitoringReport,
    ReportStatus,
    StatusChange,
)
from monitoring.tests.factories import (
    DataValueFactory,
    ReportFactory,
    current_quarter,
    period_for,
)
from monitoring.tests.helpers import post_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:monitoring_{model._meta.model_name}_{action}", args=args)


def _approved(cast, catalogue, community=None):
    """A report of community A with one figure, submitted and approved through the services."""
    report = ReportFactory(community=community or cast.community_a)
    services.report_save(
        report=report,
        figures={("PREVENTION_EVENTS", "", ""): 2, ("PREVENTION_REACHED", "", ""): 40},
        explanation="",
        version=report.version,
        user=cast.staff,
    )
    services.report_submit(report=report, user=cast.staff)
    services.report_approve(report=report, user=cast.staff)
    report.refresh_from_db()
    return report


# --- The admin goes through the workflow ----------------------------------------------


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_admin_cannot_set_an_approved_report_back_to_draft(client_for, cast, catalogue, role):
    report = _approved(cast, catalogue)
    client = client_for(role)
    url = admin_url(MonitoringReport, "change", report.pk)
    data = change_form_data(client.get(url))
    assert "status" not in data and "version" not in data
    data.update(status="draft", version=1, first_submitted_at_0="", first_submitted_at_1="")
    client.post(url, data)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.first_submitted_at is not None
    assert StatusChange.objects.filter(report=report).count() == 2


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_admin_cannot_change_the_figures_of_an_approved_report(
    client_for, cast, catalogue, role
):
    report = _approved(cast, catalogue)
    figure = report.values.get(indicator__code="PREVENTION_EVENTS")
    client = client_for(role)
    # The figure's own page: read-only.
    change = admin_url(DataValue, "change", figure.pk)
    assert client.post(change, {"report": report.pk, "value": 99}).status_code == 403
    assert (
        client.post(admin_url(DataValue, "delete", figure.pk), {"post": "yes"}).status_code == 403
    )
    # A figure is never added alone: it is entered on its report.
    add = {
        "report": report.pk,
        "indicator": catalogue["IDENTIFIED"].pk,
        "dimension": "",
        "option": "",
        "value": 5,
        "text": "",
    }
    assert client.post(admin_url(DataValue, "add"), add).status_code == 403
    # The report's page: its figure rows are read-only.
    url = admin_url(MonitoringReport, "change", report.pk)
    data = change_form_data(client.get(url))
    data.update({"values-0-id": figure.pk, "values-0-value": 99, "values-TOTAL_FORMS": 2})
    data.update({"values-0-DELETE": "on", "explanation": "Інакше"})
    client.post(url, data)
    figure.refresh_from_db()
    report.refresh_from_db()
    assert figure.value == 2 and report.values.count() == 2 and report.explanation == ""


def test_an_admin_change_of_a_drafts_figure_bumps_the_reports_version(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    figure = DataValueFactory(report=report, indicator=catalogue["PREVENTION_EVENTS"], value=1)
    client = client_for("staff")
    url = admin_url(DataValue, "change", figure.pk)
    data = change_form_data(client.get(url))
    data["value"] = 3
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    # A form loaded at version 1 is now stale: nothing of it is written.
    with pytest.raises(services.ReportConflict):
        services.report_save(
            report=report,
            figures={("PREVENTION_EVENTS", "", ""): 7},
            explanation="",
            version=1,
            user=cast.worker_a,
        )
    figure.refresh_from_db()
    assert figure.value == 3
    client.post(admin_url(DataValue, "delete", figure.pk), {"post": "yes"})
    report.refresh_from_db()
    assert report.version == 3 and not report.values.exists()


def test_an_admin_save_of_a_draft_report_bumps_its_version(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    client = client_for("staff")
    url = admin_url(MonitoringReport, "change", report.pk)
    data = change_form_data(client.get(url))
    data["explanation"] = "Паперовий звіт"
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert (report.explanation, report.version) == ("Паперовий звіт", 2)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_no_role_changes_or_deletes_status_changes_in_the_admin(client_for, cast, catalogue, role):
    report = _approved(cast, catalogue)
    change = StatusChange.objects.filter(report=report).first()
    client = client_for(role)
    assert client.get(admin_url(StatusChange, "add")).status_code == 403
    url = admin_url(StatusChange, "change", change.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"to_status": "draft", "comment": "x"}).status_code == 403
    assert (
        client.post(admin_url(StatusChange, "delete", change.pk), {"post": "yes"}).status_code
        == 403
    )
    bulk = {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"}
    client.post(admin_url(StatusChange), bulk)
    assert StatusChange.objects.filter(report=report).count() == 2
    response = client.post(admin_url(MonitoringReport, "delete", report.pk), {"post": "yes"})
    assert response.status_code == 403  # a report is never deleted: its log keeps it
    assert MonitoringReport.objects.filter(pk=report.pk).exists()


def test_the_admin_approves_through_the_service(client_for, cast, catalogue):
    submitted = ReportFactory(community=cast.community_a)
    services.report_submit(report=submitted, user=cast.staff)
    draft = ReportFactory(community=cast.community_b)
    response = client_for("staff").post(
        admin_url(MonitoringReport),
        {"action": "approve", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Approved: 1." in page and "cannot be changed this way" in page
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (ReportStatus.APPROVED, ReportStatus.DRAFT)
    last = submitted.status_changes.first()
    assert (last.from_status, last.to_status, last.changed_by) == (
        "submitted",
        "approved",
        cast.staff,
    )


# --- The log is append-only -------------------------------------------------------------


def test_a_status_change_is_never_changed_or_deleted_through_the_model(cast, catalogue):
    report = _approved(cast, catalogue)
    change = report.status_changes.first()
    change.comment = "Переписано"
    for attempt in (
        change.save,
        change.delete,
        lambda: StatusChange.objects.update(to_status="draft"),
        lambda: StatusChange.objects.filter(report=report).delete(),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "append_only"
    with pytest.raises(ProtectedError):
        report.delete()
    assert [c.to_status for c in report.status_changes.all()] == ["approved", "submitted"]


def test_the_log_chains(cast, catalogue):
    report = _approved(cast, catalogue)
    services.report_reopen(report=report, user=cast.staff, reason="Помилка в цифрах")
    changes = list(report.status_changes.order_by("changed_at", "pk"))
    assert [change.from_status for change in changes[1:]] == [
        change.to_status for change in changes[:-1]
    ]
    report.refresh_from_db()
    assert report.status == changes[-1].to_status == ReportStatus.RETURNED


# --- Object-level rules ----------------------------------------------------------------

ROLES = ["anonymous", "worker_a", "worker_b", "council", "staff", "admin"]
NGO = {"staff", "admin"}


def _user(cast, role):
    return AnonymousUser() if role == "anonymous" else getattr(cast, role)


def _report_in_state(cast, state):
    if state == "draft_closed_window":
        period = period_for(today().year - 1, 1)
        return ReportFactory(community=cast.community_a, period=period)
    status = "draft" if state == "draft_open_window" else state
    return ReportFactory(community=cast.community_a, status=status)


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("draft_open_window", {"worker_a", *NGO}),
        ("draft_closed_window", NGO),
        ("returned", {"worker_a", *NGO}),
        ("submitted", set()),
        ("approved", set()),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_rule_change_figures(cast, state, allowed, role):
    report = _report_in_state(cast, state)
    assert access.allows(_user(cast, role), "monitoring.change_figures", report) == (
        role in allowed
    )


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        ("monitoring.submit_report", {"worker_a", *NGO}),
        ("monitoring.review_report", NGO),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_rules_submit_and_review(cast, rule, allowed, role):
    report = ReportFactory(community=cast.community_a)
    assert access.allows(_user(cast, role), rule, report) == (role in allowed)


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        ("monitoring.start_report", {"worker_a", *NGO}),
        ("monitoring.grant_extension", NGO),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_rules_about_a_community(cast, rule, allowed, role):
    assert access.allows(_user(cast, role), rule, cast.community_a) == (role in allowed)


def test_the_to_do_list_is_for_those_who_enter_without_reviewing(cast):
    from monitoring.selectors import to_do_for_user

    assert to_do_for_user(cast.worker_a)
    assert to_do_for_user(cast.staff) == [] and to_do_for_user(cast.council) == []


# --- Saving twice ------------------------------------------------------------------------


def test_a_double_click_on_save_is_not_a_conflict(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    client = client_for("worker_a")
    first = post_form(client, report, PREVENTION_EVENTS=1, PREVENTION_REACHED=10)
    second = post_form(client, report, PREVENTION_EVENTS=1, PREVENTION_REACHED=10)
    assert first.status_code == second.status_code == 302
    report.refresh_from_db()
    assert report.version == 2 and report.values.count() == 2
    # Different figures on the old version are a conflict.
    assert post_form(client, report, PREVENTION_EVENTS=5).status_code == 302  # current version
    stale = ReportFactory.build(pk=report.pk, version=2)
    assert post_form(client, stale, PREVENTION_EVENTS=9).status_code == 409


def test_a_report_start_sent_twice_creates_one_report(client_for, cast):
    year, quarter = current_quarter()
    data = {
        "community": cast.community_a.pk,
        "year": year,
        "quarter": quarter,
        "form_token": uuid4(),
    }
    client = client_for("staff")
    first = client.post(reverse("monitoring:report_start"), data)
    second = client.post(reverse("monitoring:report_start"), data)
    assert first.url == second.url == MonitoringReport.objects.get().get_absolute_url()


def test_a_report_start_without_a_token_is_refused_with_a_message(client_for, cast):
    year, quarter = current_quarter()
    data = {"community": cast.community_a.pk, "year": year, "quarter": quarter}
    response = client_for("staff").post(reverse("monitoring:report_start"), data, follow=True)
    assert response.status_code == 200 and not MonitoringReport.objects.exists()


def test_an_extension_sent_twice_is_granted_once(client_for, cast):
    url = reverse("monitoring:extension_create")
    data = {
        "community": cast.community_a.pk,
        "year": today().year - 1,
        "quarter": 1,
        "open_until": (today() + datetime.timedelta(days=7)).isoformat(),
        "reason": "Паперовий звіт",
        "form_token": uuid4(),
    }
    client = client_for("staff")
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert EntryExtension.objects.get().history.count() == 1


# --- Entry extensions: the refusals ------------------------------------------------------


def _grant(cast, user=None, **overrides):
    arguments = {
        "community": cast.community_a,
        "year": today().year - 1,
        "quarter": 1,
        "open_until": today() + datetime.timedelta(days=7),
        "reason": "Паперовий звіт",
        "user": user or cast.staff,
        **overrides,
    }
    return services.extension_grant(**arguments)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"open_until": lambda: today() - datetime.timedelta(days=1)}, "past"),
        ({"year": lambda: today().year + 1}, "future"),
        ({"reason": "   "}, "invalid"),
    ],
)
def test_an_extension_is_refused_with_a_reason(cast, overrides, code):
    with pytest.raises(services.MonitoringError) as refused:
        _grant(
            cast, **{key: value() if callable(value) else value for key, value in overrides.items()}
        )
    assert refused.value.code == code and refused.value.message
    assert not EntryExtension.objects.exists()


def test_only_staff_grant_extensions(cast):
    with pytest.raises(services.MonitoringError) as refused:
        _grant(cast, user=cast.worker_a)
    assert refused.value.code == "not_allowed" and not EntryExtension.objects.exists()


def test_a_second_grant_moves_the_date_and_keeps_one_extension(cast):
    _grant(cast)
    later = today() + datetime.timedelta(days=20)
    extension = _grant(cast, open_until=later, reason="Ще тиждень")
    assert EntryExtension.objects.get() == extension
    assert (extension.open_until, extension.reason) == (later, "Ще тиждень")


def test_the_extension_page_shows_a_refusal(client_for, cast):
    data = {
        "community": cast.community_a.pk,
        "year": today().year + 1,
        "quarter": 1,
        "open_until": (today() + datetime.timedelta(days=7)).isoformat(),
        "reason": "Паперовий звіт",
        "form_token": uuid4(),
    }
    response = client_for("staff").post(reverse("monitoring:extension_create"), data)
    assert response.status_code == 200 and "has not begun yet" in response.content.decode()
    assert not EntryExtension.objects.exists()


def test_a_period_created_meanwhile_is_used(cast, monkeypatch):
    """A parallel request created the quarter's period between the look-up and the save."""
    existing = period_for(today().year - 1, 2)
    real_filter = type(existing).objects.filter
    calls = []

    def first_misses(**lookup):
        calls.append(lookup)
        result = real_filter(**lookup)
        return result.none() if len(calls) == 1 else result

    monkeypatch.setattr(type(existing).objects, "filter", first_misses)
    assert services.period_get_or_create(year=today().year - 1, quarter=2) == existing


def test_a_bad_new_period_is_still_refused(cast, settings):
    from django.core.exceptions import ValidationError

    settings.MONITORING_DEADLINE_DAYS = -30  # a deadline before the quarter ends
    with pytest.raises(ValidationError):
        services.period_get_or_create(year=today().year - 2, quarter=3)
