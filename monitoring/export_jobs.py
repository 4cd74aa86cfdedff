"""Exports too big for one request: a job row, a task that writes the file, and the
person collecting it from the export page (views.figures). See docs/performance.md.

The task runs through Django's tasks framework (settings.TASKS): at once in development
and tests, queued in the database and run by `manage.py db_worker` in production.
"""

import logging
import tempfile

from django.core.files import File
from django.db import connection
from django.shortcuts import get_object_or_404
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.models import Raion
from monitoring import exporting, selectors
from monitoring.models import ExportJob

logger = logging.getLogger(__name__)


def export_file_name(*, year: int | None, file_format: str) -> str:
    """«показники-2025-2026-11-29.xlsx»: what the figures are, in the active language."""
    extension = "xlsx" if file_format == ExportJob.Format.XLSX else "csv"
    years = str(year) if year else _("all-years")
    return f"{_('figures')}-{years}-{timezone.localdate().isoformat()}.{extension}"


def export_job_create(
    *, user, year: int | None, report_status: str, raion: Raion | None, file_format: str
) -> ExportJob:
    """Queue an export of the figures `user` may see. Two queries and the task's own."""
    job = ExportJob.objects.create(
        requested_by=user,
        year=year,
        report_status=report_status,
        raion=raion,
        format=file_format,
        file_name=export_file_name(year=year, file_format=file_format),
    )
    export_figures.enqueue(job.pk, translation.get_language() or "uk")
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file: CSV streamed to disk, XLSX with a sheet per Excel's row
    limit. A failure is recorded on the job (and logged), never left as «queued»."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    job.state = ExportJob.State.RUNNING
    job.save(update_fields=["state"])
    try:
        choice = {
            "user": job.requested_by,
            "year": job.year,
            "status": job.report_status,
            "raion_id": job.raion_id,
        }
        with tempfile.TemporaryFile() as target:
            if job.format == ExportJob.Format.XLSX:
                rows = exporting.long_rows(selectors.export_rows(**choice))
                job.rows = exporting.xlsx_write(rows, target)
            else:
                delimiter = ";" if job.format == ExportJob.Format.CSV_SEMICOLON else ","
                job.rows = write_csv(choice, target, delimiter=delimiter)
            target.seek(0)
            job.file.save(job.file_name, File(target), save=False)
    except Exception as error:
        logger.exception("Export job %s failed", job.pk)
        job.state, job.error = ExportJob.State.FAILED, str(error)[:1000]
    else:
        job.state = ExportJob.State.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def write_csv(choice: dict, target, *, delimiter: str) -> int:
    """The CSV of the figures chosen into `target`: by COPY on PostgreSQL, row by row
    elsewhere (SQLite in development). Returns the rows written."""
    if connection.vendor == "postgresql":
        return exporting.copy_csv(selectors.export_queryset(**choice), target, delimiter=delimiter)
    rows = exporting.long_rows(selectors.export_rows(**choice))
    written = -1  # the header
    for line in exporting.csv_lines(rows, delimiter=delimiter):
        target.write(line.encode("utf-8"))
        written += 1
    return written


@task
def export_figures(job_id: int, language: str) -> None:
    with translation.override(language):
        export_job_run(job_id=job_id)


def export_jobs_for_user(user):
    """The person's own export jobs, newest first: one query."""
    return ExportJob.objects.filter(requested_by=user).order_by("-requested_at", "-pk")[:50]


def get_export_job_for_user(user, pk: int) -> ExportJob:
    """A finished job of the person's own, or 404: nobody downloads another's export."""
    return get_object_or_404(ExportJob, pk=pk, requested_by=user, state=ExportJob.State.DONE)
