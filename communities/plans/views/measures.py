"""Measures: pages of identification plans and their money."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities.plans import selectors as plan_selectors
from communities.plans import services as plan_services
from communities.plans.forms import (
    MeasureForm,
    MeasureUpdateForm,
)
from communities.plans.models import (
    MeasureUpdate,
    PlanMeasure,
)
from communities.plans.views.plans import plan_for_editing
from league import access
from league.uploads import serve_file

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def measure_create(request, pk):
    plan = plan_for_editing(request, pk)
    form = MeasureForm(request.POST or None, instance=PlanMeasure(plan=plan))
    if request.method == "POST" and form.is_valid():
        measure = plan_services.measure_save(measure=form.instance, changed_by=request.user)
        messages.success(request, _("Measure added."))
        return redirect(measure)
    return render(
        request,
        "communities/measure_form.html",
        {"form": form, "community": plan.community, "plan": plan},
    )


@require_http_methods(["GET", "POST"])
def measure_update(request, pk):
    measure = plan_selectors.get_measure_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    if not plan_services.plan_can_edit(request.user, measure.plan):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        plan_services.measure_save(measure=form.instance, changed_by=request.user)
        messages.success(request, _("Measure saved."))
        return redirect(measure)
    return render(
        request,
        "communities/measure_form.html",
        {
            "form": form,
            "community": measure.plan.community,
            "plan": measure.plan,
            "measure": measure,
        },
    )


@require_http_methods(["GET", "POST"])
def measure_status(request, pk):
    measure = plan_selectors.get_measure_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    if not plan_services.plan_can_record_progress(request.user, measure.plan):
        raise PermissionDenied
    form = MeasureUpdateForm(
        request.POST or None, request.FILES or None, instance=MeasureUpdate(measure=measure)
    )
    if request.method == "POST" and form.is_valid():
        update = plan_services.measure_record_update(update=form.instance, recorded_by=request.user)
        messages.success(
            request,
            _("The measure is now “%(status)s”.") % {"status": update.get_status_display()},
        )
        return redirect(measure)
    return render(
        request,
        "communities/measure_status_form.html",
        {
            "form": form,
            "community": measure.plan.community,
            "plan": measure.plan,
            "measure": measure,
            "updates": measure.updates.select_related("recorded_by").order_by("date", "pk"),
        },
    )


@require_GET
@access.requires("plans.view")
def measure_evidence(request, pk):
    update = plan_selectors.get_measure_update_for_user(request.user, pk)
    if not update.evidence_file:
        raise Http404
    return serve_file(update.evidence_file, update.evidence_name)
