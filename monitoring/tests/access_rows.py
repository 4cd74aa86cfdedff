from uuid import uuid4

from league.tests.access_matrix import Row, expect, ngo_only
from monitoring import export_jobs
from monitoring.models import ReportStatus
from monitoring.tests.factories import ReportFactory, current_quarter

# Report pages: worker_a serves community A; worker_b gets 404 for A's reports; council
# officials have no report pages at all (403).
REPORT_OF_A = expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200)
REVIEW_OF_A = expect(worker_a=403, worker_b=404, staff=302, council=403, admin=302)


def report_of_a(status=ReportStatus.DRAFT):
    def build(cast):
        return {"pk": ReportFactory(community=cast.community_a, status=status).pk}

    return build


def start_in_a(cast):
    year, quarter = current_quarter()
    return {
        "community": cast.community_a.pk,
        "year": year,
        "quarter": quarter,
        "form_token": uuid4(),
    }


def staff_export_job(cast):
    job = export_jobs.export_job_create(
        user=cast.staff, year=2025, report_status="", raion=None, file_format="csv"
    )
    return {"pk": job.pk}


ROWS = [
    Row(
        "monitoring:report_list",
        expect(worker_a=200, worker_b=200, staff=200, council=403, admin=200),
    ),
    Row(
        "monitoring:report_start",
        expect(worker_a=302, worker_b=404, staff=302, council=403, admin=302),
        method="post",
        data=start_in_a,
    ),
    Row("monitoring:report_detail", REPORT_OF_A, kwargs=report_of_a()),
    Row("monitoring:report_history", REPORT_OF_A, kwargs=report_of_a()),
    Row(
        "monitoring:report_approve",
        REVIEW_OF_A,
        kwargs=report_of_a(ReportStatus.SUBMITTED),
        method="post",
    ),
    Row(
        "monitoring:report_return",
        REVIEW_OF_A,
        kwargs=report_of_a(ReportStatus.SUBMITTED),
        method="post",
        data=lambda cast: {"comment": "Перевірте суму за статтю."},
    ),
    Row(
        "monitoring:report_reopen",
        REVIEW_OF_A,
        kwargs=report_of_a(ReportStatus.APPROVED),
        method="post",
        data=lambda cast: {"comment": "Виправлення після звірки."},
    ),
    Row("monitoring:extension_create", ngo_only()),
    Row(
        "monitoring:completeness",
        expect(worker_a=200, worker_b=200, staff=200, council=403, admin=200),
    ),
    Row("monitoring:aggregates", ngo_only()),
    Row("monitoring:export", ngo_only()),
    Row("monitoring:export", ngo_only(), query="?format=csv&year=2025"),
    # XLSX and every year are prepared by a task: back to the export page to collect it.
    Row("monitoring:export", ngo_only(302), query="?format=csv"),
    Row("monitoring:export", ngo_only(302), query="?format=xlsx&year=2025"),
    # Only the person who asked for an export downloads it.
    Row(
        "monitoring:export_download",
        expect(worker_a=403, worker_b=403, staff=200, council=403, admin=404),
        kwargs=staff_export_job,
    ),
    Row("monitoring:import", ngo_only()),
]

# The admin keeps the catalogue and rules: staff and administrators only.
ADMIN_PAGE = expect(worker_a=302, worker_b=302, staff=200, council=302, admin=200)
ROWS += [
    Row("admin:monitoring_indicator_changelist", ADMIN_PAGE, own_view=False),
    Row("admin:monitoring_validationrule_changelist", ADMIN_PAGE, own_view=False),
    Row("admin:monitoring_reportingperiod_add", ADMIN_PAGE, own_view=False),
    Row("admin:monitoring_monitoringreport_changelist", ADMIN_PAGE, own_view=False),
]
