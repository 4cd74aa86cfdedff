from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities.models import Community, Oblast, Raion
from league import access, tables
from league.tables import TableRefused
from monitoring import charts, exporting, importing, selectors, services
from monitoring.filters import ReportFilter
from monitoring.forms import (
    AggregatesFilterForm,
    CommentForm,
    CompletenessFilterForm,
    ExportFilterForm,
    ExtensionForm,
    ImportForm,
    ReportForm,
    StartForm,
    field_name,
)
from monitoring.models import DataValue, Indicator, ReportStatus, quarter_of

PAGE_SIZE = 25
MATRIX_PAGE_SIZE = 60


@require_GET
@access.requires("monitoring.enter")
def report_list(request):
    """Workers: what to enter now, then their reports. Staff: every report, filtered."""
    report_filter = ReportFilter(
        request.GET, queryset=selectors.report_list_for_user(request.user), user=request.user
    )
    page = Paginator(report_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/monitoringreport_list.html",
        {
            "filter": report_filter,
            "page": page,
            "to_do": selectors.to_do_for_user(request.user),
            # Staff enter paper reports of any community and quarter.
            "start_form": StartForm(
                user=request.user,
                initial=dict(
                    zip(("year", "quarter"), quarter_of(timezone.localdate()), strict=True)
                ),
            )
            if access.has_perm(request.user, "monitoring.review")
            else None,
        },
    )


@require_POST
@access.requires("monitoring.enter")
def report_start(request):
    form = StartForm(request.POST, user=request.user)
    if not form.is_valid():
        # A community outside the user's scope is as good as missing.
        raise Http404
    try:
        report = services.report_start(
            community=form.cleaned_data["community"],
            year=form.cleaned_data["year"],
            quarter=form.cleaned_data["quarter"],
            user=request.user,
        )
    except services.MonitoringError as error:
        messages.error(request, error.message)
        return redirect("monitoring:report_list")
    return redirect(report)


def _form_context(request, report, form=None, conflict=None, overrides=None):
    """Everything the report page shows. A fixed number of queries (see the tests).

    `overrides` (field name -> value) replaces stored figures in a fresh form: after a
    conflict, the person's own entries are kept where the other person changed nothing."""
    indicators = selectors.active_indicators()
    values, texts = selectors.values_of([report.pk]).get(report.pk, ({}, {}))
    earlier = selectors.earlier_figures(report)
    lock_reason = services.report_lock_reason(report, request.user)
    if form is None:
        form = ReportForm(
            initial={
                "version": report.version,
                "explanation": report.explanation,
                **(overrides or {}),
            },
            indicators=indicators,
            values=values,
            texts=texts,
            previous=earlier.previous,
            locked=bool(lock_reason),
        )
    check = selectors.report_check(report, indicators, values, earlier)
    log = selectors.status_log(report)
    returned = next((change for change in log if change.to_status == ReportStatus.RETURNED), None)
    return {
        "report": report,
        "form": form,
        "sections": form.layout(check.by_code()),
        "check": check,
        "lock_reason": lock_reason,
        "log": log,
        "return_comment": returned if report.status == ReportStatus.RETURNED else None,
        "can_review": access.has_perm(request.user, "monitoring.review"),
        "comment_form": CommentForm(),
        "conflict": conflict,
        "previous_period": earlier.previous_period,
        "has_previous": earlier.previous is not None,
    }


@require_http_methods(["GET", "POST"])
@access.requires("monitoring.enter")
def report_detail(request, pk):
    """The report's form (read-only when locked), its checks, and the review actions."""
    report = selectors.get_report_for_user(request.user, pk)
    if request.method == "GET":
        return render(
            request, "monitoring/monitoringreport_detail.html", _form_context(request, report)
        )
    lock_reason = services.report_lock_reason(report, request.user)
    if lock_reason:
        messages.error(request, lock_reason)
        return redirect(report)
    indicators = selectors.active_indicators()
    form = ReportForm(
        request.POST,
        indicators=indicators,
        values={},
        texts={},
        previous=None,
        locked=False,
    )
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: correct the figures marked below."))
        context = _form_context(request, report, form=form)
        return render(request, "monitoring/monitoringreport_detail.html", context, status=400)
    try:
        services.report_save(
            report=report,
            figures=form.figures(),
            explanation=form.cleaned_data["explanation"],
            version=form.cleaned_data["version"],
            user=request.user,
        )
    except services.ReportConflict as conflict:
        messages.error(request, conflict.message)
        theirs = {change.cell for change in conflict.changes}
        overrides = {
            field_name(*cell): int(figure)
            if isinstance(figure, Decimal) and not cell_is_money(indicators, cell)
            else figure
            for cell, figure in form.figures().items()
            if cell not in theirs
        }
        overrides["explanation"] = form.cleaned_data["explanation"]
        context = _form_context(request, conflict.report, conflict=conflict, overrides=overrides)
        return render(request, "monitoring/monitoringreport_detail.html", context, status=409)
    except services.MonitoringError as error:
        messages.error(request, error.message)
        return redirect(report)
    if request.POST.get("action") == "submit":
        try:
            services.report_submit(report=report, user=request.user)
        except services.MonitoringError as error:
            messages.error(request, error.message)
            return redirect(report)
        messages.success(request, _("The report was submitted for review. Thank you."))
        return redirect("monitoring:report_list")
    messages.success(request, _("The figures were saved as a draft."))
    return redirect(report)


def cell_is_money(indicators, cell) -> bool:
    return any(indicator.code == cell[0] and indicator.is_money for indicator in indicators)


def _review(request, pk, action: str, success: str):
    report = selectors.get_report_for_user(request.user, pk)
    access.require(request.user, "monitoring.review")
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if action == "approve":
            services.report_approve(report=report, user=request.user, comment=comment)
        elif action == "return":
            services.report_return(report=report, user=request.user, comment=comment)
        else:
            services.report_reopen(report=report, user=request.user, reason=comment)
    except services.MonitoringError as error:
        messages.error(request, error.message)
        return redirect(report)
    messages.success(request, success)
    return redirect(report)


@require_POST
@access.requires("monitoring.enter")
def report_approve(request, pk):
    return _review(request, pk, "approve", _("The report was approved and is now locked."))


@require_POST
@access.requires("monitoring.enter")
def report_return(request, pk):
    return _review(request, pk, "return", _("The report was returned to its community."))


@require_POST
@access.requires("monitoring.enter")
def report_reopen(request, pk):
    return _review(request, pk, "reopen", _("The report was reopened for correction."))


@require_GET
@access.requires("monitoring.enter")
def report_history(request, pk):
    """Every change to the report's figures and status: who, when, what."""
    report = selectors.get_report_for_user(request.user, pk)
    records = (
        DataValue.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    indicators = dict(Indicator.objects.values_list("pk", "code"))
    return render(
        request,
        "monitoring/monitoringreport_history.html",
        {
            "report": report,
            "page": page,
            "indicators": indicators,
            "log": selectors.status_log(report),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("monitoring.review")
def extension_create(request):
    """Staff reopen a quarter's entry for one community, with a reason."""
    form = ExtensionForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            extension = services.extension_grant(
                community=form.cleaned_data["community"],
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                open_until=form.cleaned_data["open_until"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.MonitoringError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Entry for %(period)s is open for %(community)s until %(day)s.")
                % {
                    "period": extension.period,
                    "community": extension.community.name,
                    "day": extension.open_until,
                },
            )
            return redirect("monitoring:completeness")
    return render(request, "monitoring/entryextension_form.html", {"form": form})


@require_GET
@access.requires("monitoring.view_completeness")
def completeness(request):
    """Communities by quarter of a year; rates per raion and oblast for staff."""
    communities = access.scope(
        request.user, Community.objects.select_related("raion"), path=None
    ).order_by("raion__name", "name", "katottg")
    raions = Raion.objects.filter(pk__in=communities.values("raion_id")).order_by("name")
    form = CompletenessFilterForm(request.GET or None, raions=raions)
    year, raion = timezone.localdate().year, None
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        raion = form.cleaned_data["raion"]
    if raion is not None:
        communities = communities.filter(raion=raion)
    periods = selectors.periods_of_year(year)
    page = Paginator(communities, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    show_rates = access.has_perm(request.user, "monitoring.review")
    return render(
        request,
        "monitoring/completeness.html",
        {
            "form": form,
            "year": year,
            "periods": periods,
            "page": page,
            "rows": selectors.completeness_matrix(request.user, page.object_list, periods),
            "rates": selectors.completeness_rates(communities, periods) if show_rates else None,
            "can_extend": show_rates,
        },
    )


@require_GET
@access.requires("monitoring.view_aggregates")
def aggregates(request):
    """Totals of approved figures by quarter, raion and community, with a trend chart."""
    form = AggregatesFilterForm(request.GET or None)
    oblast = Oblast.objects.order_by("name").first()
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
            chart=charts.trend_svg(data.trend, money=bool(indicator and indicator.is_money)),
        )
    return render(request, "monitoring/aggregates.html", context)


@require_GET
@access.requires("monitoring.export")
def export(request):
    """All figures in long format, as CSV (streamed) or XLSX."""
    form = ExportFilterForm(request.GET or None)
    if not request.GET.get("format"):
        return render(request, "monitoring/export.html", {"form": form})
    if not form.is_valid():
        return render(request, "monitoring/export.html", {"form": form}, status=400)
    data = form.cleaned_data
    rows = exporting.long_rows(
        selectors.export_rows(
            user=request.user,
            year=data["year"],
            status=data["status"],
            raion_id=data["raion"].pk if data["raion"] else None,
        )
    )
    stamp = timezone.localdate().isoformat()
    if data["format"] == "xlsx":
        response = HttpResponse(
            exporting.xlsx_bytes(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="monitoring-{stamp}.xlsx"'
        return response
    response = StreamingHttpResponse(exporting.csv_lines(rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="monitoring-{stamp}.csv"'
    return response


@require_http_methods(["GET", "POST"])
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
