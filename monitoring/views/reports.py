"""Quarterly reports: entry, review (approve, return, reopen) and history."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from league import access
from league.domain import DomainError
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import submitted_once
from monitoring import rules, selectors, services
from monitoring.filters import ReportFilter
from monitoring.forms import (
    CommentForm,
    ReportForm,
    StartForm,
    field_name,
)
from monitoring.models import DataValue, Indicator, ReportStatus, quarter_of

PAGE_SIZE = 25
MATRIX_PAGE_SIZE = 60


@require_safe
@access.requires("monitoring.enter")
def report_list(request):
    """Workers: what to enter now, then their reports. Staff: every report, filtered."""
    report_filter = ReportFilter(
        request.GET, queryset=selectors.report_list_for_user(request.user), user=request.user
    )
    page = selectors.ReportPaginator(report_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/monitoringreport_list.html",
        {
            "filter": report_filter,
            "page": page,
            # Each "start" button is a create form of its own, with its own one-time token.
            "to_do": [(item, uuid.uuid4()) for item in selectors.to_do_for_user(request.user)],
            # Staff enter paper reports of any community and quarter.
            "start_form": StartForm(
                user=request.user,
                auto_id="start_%s",  # the filter form below has fields of the same names
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
    # A repeat of a start already saved goes to that report, before anything is checked.
    if repeat := repeat_of_a_saved_form(request, reverse("monitoring:report_list")):
        return repeat
    form = StartForm(request.POST, user=request.user)
    if not form.is_valid():
        if "community" in form.errors:
            # A community outside the user's scope is as good as missing.
            raise Http404
        messages.error(
            request,
            _("No report was started: %(reason)s")
            % {"reason": " ".join(error for errors in form.errors.values() for error in errors)},
        )
        return redirect("monitoring:report_list")
    try:
        with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
            if submission.already_saved:
                return already_saved(request, submission, "monitoring:report_list")
            report = services.report_start(
                community=form.cleaned_data["community"],
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                user=request.user,
            )
            submission.created(report)
    except DomainError as error:
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
    lock_reason = rules.report_lock_reason(report, request.user)
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
        "indicators_by_code": {indicator.code: indicator for indicator in indicators},
        "previous_period": earlier.previous_period,
        "has_previous": earlier.previous is not None,
        "quarter_refusal": services.quarter_open_refusal(report.period),
        # Staff looking at a report the community has sent: nothing for them to explain.
        "reviewing": access.has_perm(request.user, "monitoring.review")
        and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        "findings": _findings_with_indicators(check, indicators),
    }


def _findings_with_indicators(check, indicators) -> dict[str, list[dict]]:
    """Each finding with the indicators it concerns, in catalogue order, to link them."""
    order = {indicator.code: indicator for indicator in indicators}

    def named(findings):
        return [
            {
                "finding": finding,
                "indicators": [order[code] for code in order if code in finding.codes],
            }
            for finding in findings
        ]

    return {"errors": named(check.errors), "warnings": named(check.warnings)}


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("monitoring.enter")
def report_detail(request, pk):
    """The report's form (read-only when locked), its checks, and the review actions."""
    report = selectors.get_report_for_user(request.user, pk)
    if request.method != "POST":
        return render(
            request, "monitoring/monitoringreport_detail.html", _form_context(request, report)
        )
    lock_reason = rules.report_lock_reason(report, request.user)
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
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(report)
    if request.POST.get("action") == "submit":
        try:
            services.report_submit(report=report, user=request.user)
        except DomainError as error:
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
    if not form.is_valid():
        messages.error(
            request,
            _("Nothing was done: the comment was refused (%(reason)s).")
            % {"reason": " ".join(form.errors["comment"])},
        )
        return redirect(report)
    comment = form.cleaned_data["comment"]
    try:
        if action == "approve":
            services.report_approve(report=report, user=request.user, comment=comment)
        elif action == "return":
            services.report_return(report=report, user=request.user, comment=comment)
        else:
            services.report_reopen(report=report, user=request.user, reason=comment)
    except DomainError as error:
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


@require_safe
@access.requires("monitoring.enter")
def report_history(request, pk):
    """Every change to the report's figures and status: who, when, what."""
    report = selectors.get_report_for_user(request.user, pk)
    records = list(
        DataValue.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # Each change shows the figure it replaced: the cell's record before it.
    last_of_cell = {}
    for record in records:
        cell = (record.indicator_id, record.dimension, record.option)
        record.shown = record.text or record.value
        earlier = last_of_cell.get(cell)
        record.old_shown = earlier.shown if earlier and record.history_type == "~" else None
        last_of_cell[cell] = record
    page = Paginator(records[::-1], 50).get_page(request.GET.get("page"))
    indicators = Indicator.objects.in_bulk()
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
