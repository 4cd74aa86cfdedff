"""The refusals and edge branches of monitoring's services that no page reaches easily:
report start and save on stale or locked reports, conflicts without history, entry
windows, and each refusal of the figure import."""

import datetime

import pytest

from league.tables import TableRefused
from league.tests.clock import at_run_time
from monitoring import rules, services
from monitoring.models import MonitoringReport, ReportStatus
from monitoring.tests.factories import ReportFactory, current_quarter, period_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


# --- Starting and saving ------------------------------------------------------------------


def _this_quarter() -> dict:
    # Read when the test runs, never when the module is imported.
    year, quarter = current_quarter()
    return {"year": year, "quarter": quarter}


def test_a_worker_cannot_start_another_communitys_report(cast):
    with pytest.raises(services.MonitoringError) as refused:
        services.report_start(community=cast.community_a, **_this_quarter(), user=cast.worker_b)
    assert refused.value.code == "not_yours" and not MonitoringReport.objects.exists()


def test_starting_a_started_report_opens_it(cast):
    first = services.report_start(community=cast.community_a, **_this_quarter(), user=cast.worker_a)
    again = services.report_start(community=cast.community_a, **_this_quarter(), user=cast.staff)
    assert again == first and MonitoringReport.objects.count() == 1


def test_saving_a_locked_report_is_refused(cast, catalogue):
    report = ReportFactory(community=cast.community_a, status=ReportStatus.SUBMITTED)
    with pytest.raises(services.MonitoringError) as refused:
        services.report_save(
            report=report,
            figures={("PREVENTION_EVENTS", "", ""): 1},
            explanation="",
            version=report.version,
            user=cast.staff,
        )
    assert refused.value.code == "locked" and not report.values.exists()


def test_saving_a_report_submitted_meanwhile_is_refused_as_locked(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    stale = MonitoringReport.objects.get(pk=report.pk)
    services.report_submit(report=report, user=cast.worker_a)
    with pytest.raises(services.MonitoringError) as refused:
        services.report_save(
            report=stale,
            figures={("PREVENTION_EVENTS", "", ""): 1},
            explanation="",
            version=stale.version,
            user=cast.worker_a,
        )
    assert refused.value.code == "locked" and "waits for review" in refused.value.message


def test_a_conflict_on_a_version_without_history_lists_nothing(cast, catalogue):
    report = ReportFactory(community=cast.community_a, version=5)
    with pytest.raises(services.ReportConflict) as refused:
        services.report_save(
            report=report,
            figures={("PREVENTION_EVENTS", "", ""): 1},
            explanation="",
            version=3,
            user=cast.staff,
        )
    assert refused.value.changes == []


def test_a_repeat_with_another_explanation_is_a_conflict(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    figures = {("PREVENTION_EVENTS", "", ""): 1}
    services.report_save(
        report=report, figures=figures, explanation="Так є", version=1, user=cast.staff
    )
    with pytest.raises(services.ReportConflict):
        services.report_save(
            report=report, figures=figures, explanation="Інакше", version=1, user=cast.staff
        )


def test_entry_before_the_window_opens_is_refused_with_the_day(cast):
    period = period_for(current_quarter()[0] - 1, 4)
    day_before = period.entry_opens_on - datetime.timedelta(days=1)
    refusal = rules.entry_refusal(
        user=cast.worker_a, community=cast.community_a, period=period, today=day_before
    )
    assert "opens on" in refusal


# --- The import's refusals ------------------------------------------------------------------


def _row(cast, indicator="PREVENTION_EVENTS", value="1", **overrides):
    return {
        "katottg": cast.community_a.katottg,
        "year": str(current_quarter()[0]),
        "quarter": str(current_quarter()[1]),
        "indicator": indicator,
        "disaggregation": "",
        "value": value,
        "status": "draft",
        **overrides,
    }


def _refusals(rows, user) -> list[str]:
    with pytest.raises(TableRefused) as refused:
        services.reports_import(records=list(enumerate(rows, start=2)), user=user)
    return refused.value.errors


def test_only_staff_import(cast, catalogue):
    with pytest.raises(services.MonitoringError) as refused:
        services.reports_import(records=[(2, _row(cast))], user=cast.worker_a)
    assert refused.value.code == "not_allowed"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "abc"}, "is not a whole number"),
        ({"year": "20x5"}, "is not a year from 2000"),
        ({"year": lambda: str(current_quarter()[0] + 1)}, "has not begun"),
    ],
)
def test_a_bad_row_is_refused_with_its_number(cast, catalogue, overrides, message):
    errors = _refusals([_row(cast, **at_run_time(overrides))], cast.staff)
    assert len(errors) == 1 and errors[0].startswith("Row 2:")
    assert message in errors[0]
    assert not MonitoringReport.objects.exists()


def test_the_same_figure_twice_and_mixed_statuses_are_refused(cast, catalogue):
    errors = _refusals(
        [
            _row(cast),
            _row(cast, value="2"),
            _row(cast, indicator="PREVENTION_REACHED", value="5", status="submitted"),
        ],
        cast.staff,
    )
    assert "the same figure again (first in row 2)" in errors[0]
    assert "differs from the report's other rows" in errors[1]


def test_an_empty_file_is_refused(cast, catalogue):
    assert _refusals([], cast.staff) == ["The file has no figures."]


def test_an_empty_value_is_no_figure(cast, catalogue):
    # An empty cell never deletes or creates anything: only the delete marker removes.
    result = services.reports_import(records=[(2, _row(cast, value=""))], user=cast.staff)
    assert (result.reports_created, result.figures) == (0, 0)
    assert not MonitoringReport.objects.exists()


def test_an_import_changes_an_existing_draft(cast, catalogue):
    services.reports_import(records=[(2, _row(cast, value="1"))], user=cast.staff)
    result = services.reports_import(records=[(2, _row(cast, value="3"))], user=cast.staff)
    assert (result.reports_created, result.reports_changed) == (0, 1)
    report = MonitoringReport.objects.get()
    assert report.values.get().value == 3 and report.version == 3


def test_a_workflow_refusal_while_importing_refuses_the_file(cast, catalogue, monkeypatch):
    def refuse(**kwargs):
        raise services.MonitoringError("closed", "Entry closed meanwhile.")

    monkeypatch.setattr(services, "report_submit", refuse)
    rows = [
        _row(cast, status="submitted"),
        _row(cast, indicator="PREVENTION_REACHED", value="10", status="submitted"),
    ]
    assert _refusals(rows, cast.staff) == ["Entry closed meanwhile."]
    assert not MonitoringReport.objects.exists()
