"""Figures across communities: aggregates, export and import."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from communities import selectors as community_selectors
from league import access, charts, tables
from league.tables import TableRefused
from monitoring import export_jobs, exporting, importing, selectors, services
from monitoring.forms import (
    AggregatesFilterForm,
    ExportFilterForm,
    ImportForm,
)
from monitoring.models import ExportJob, Indicator, quarter_label

PAGE_SIZE = 25
MATRIX_PAGE_SIZE = 60


@require_safe
@access.requires("monitoring.view_aggregates")
def aggregates(request):
    """Totals of approved figures by quarter, raion and community, with a trend chart."""
    form = AggregatesFilterForm(request.GET or None)
    oblast = community_selectors.first_oblast()
    year = timezone.localdate().year
    indicator = Indicator.objects.filter(code="IDENTIFIED").first()
    raion = None
    if form.is_valid():
        oblast = form.cleaned_data["oblast"] or oblast
        year = form.cleaned_data["year"] or year
        indicator = form.cleaned_data["indicator"] or indicator
        raion = form.cleaned_data["raion"]
    context = {"form": form, "oblast": oblast, "year": year, "indicator": indicator}
    if oblast is not None:
        data = selectors.aggregates(oblast=oblast, year=year, indicator=indicator, raion=raion)
        context.update(
            data=data,
            indicators=[item for item in selectors.active_indicators() if not item.is_text],
            chart=charts.columns_svg(
                charts.quarter_columns(data.trend, label=lambda key: quarter_label(key[1], key[0])),
                title=_("Approved totals by quarter"),
                money=bool(indicator and indicator.is_money),
            ),
        )
    return render(request, "monitoring/aggregates.html", context)


@require_safe
@access.requires("monitoring.export")
def export(request):
    """All figures in long format. A CSV of one year streams at once; XLSX, or every
    year, is prepared by a background task and collected from the list below the form."""
    form = ExportFilterForm(request.GET or None)
    context = {"form": form, "jobs": export_jobs.export_jobs_for_user(request.user)}
    if not request.GET.get("format"):
        return render(request, "monitoring/export.html", context)
    if not form.is_valid():
        return render(request, "monitoring/export.html", context, status=400)
    data = form.cleaned_data
    if data["format"] == ExportJob.Format.XLSX or data["year"] is None:
        export_jobs.export_job_create(
            user=request.user,
            year=data["year"],
            report_status=data["status"],
            raion=data["raion"],
            file_format=data["format"],
        )
        messages.success(
            request, _("The file is being prepared: download it from the list when it is ready.")
        )
        return redirect("monitoring:export")
    choice = {
        "user": request.user,
        "year": data["year"],
        "status": data["status"],
        "raion_id": data["raion"].pk if data["raion"] else None,
    }
    delimiter = ";" if data["format"] == ExportJob.Format.CSV_SEMICOLON else ","
    name = export_jobs.export_file_name(year=data["year"], file_format=data["format"])
    if connection.vendor == "postgresql":
        # COPY formats the rows in the database, several times faster than Python;
        # the file is spooled (to disk past 16 MB) and then sent.
        spooled = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
        export_jobs.write_csv(choice, spooled, delimiter=delimiter)
        spooled.seek(0)
        return FileResponse(
            spooled, as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
        )
    rows = exporting.long_rows(selectors.export_rows(**choice))
    response = StreamingHttpResponse(
        exporting.csv_lines(rows, delimiter=delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_safe
@access.requires("monitoring.export")
def export_download(request, pk):
    """A finished export of the person's own; anyone else's is a 404."""
    job = export_jobs.get_export_job_for_user(request.user, pk)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("monitoring.import")
def import_figures(request):
    """Figures collected on paper, in the export's format: all or nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.reports_import(
                records=importing.read_records(form.cleaned_data["file"]),
                user=request.user,
                explanation=form.cleaned_data["explanation"],
            )
        except TableRefused as refused:
            errors = refused.errors
            messages.error(request, _("Nothing was imported: correct the rows listed below."))
        except services.MonitoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)s new reports, %(changed)s changed, "
                    "%(unchanged)s unchanged; %(figures)s figures written."
                )
                % {
                    "created": result.reports_created,
                    "changed": result.reports_changed,
                    "unchanged": result.reports_unchanged,
                    "figures": result.figures,
                },
            )
            return redirect("monitoring:report_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "monitoring/import.html",
        {
            "form": form,
            "errors": errors,
            "columns": exporting.COLUMNS,
            "delete_marker": tables.DELETE_MARKERS[0],
            "max_rows": importing.MAX_ROWS,
            "upload_limit": settings.UPLOAD_MAX_BYTES,
        },
        status=status,
    )
