"""Measures: pages of identification plans and their money."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

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
from league.forms import repeat_of_a_create, save_record_form
from league.uploads import serve_file


@require_http_methods(["GET", "HEAD", "POST"])
def measure_create(request, pk):
    plan = plan_for_editing(request, pk)
    form = MeasureForm(request.POST or None, instance=PlanMeasure(plan=plan))
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request, form, _save_measure(request), created=_("Measure added."), saved=""
        )
        if response:
            return response
    return render(
        request,
        "communities/measure_form.html",
        {"form": form, "community": plan.community, "plan": plan},
        status=status,
    )


def _save_measure(request):
    def save(measure, version):
        return plan_services.measure_save(measure=measure, changed_by=request.user, version=version)

    return save


@require_http_methods(["GET", "HEAD", "POST"])
def measure_update(request, pk):
    measure = plan_selectors.get_measure_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    access.check(request.user, "plans.edit_content", measure.plan)
    form = MeasureForm(request.POST or None, instance=measure)
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request, form, _save_measure(request), created="", saved=_("Measure saved.")
        )
        if response:
            return response
    return render(
        request,
        "communities/measure_form.html",
        {
            "form": form,
            "community": measure.plan.community,
            "plan": measure.plan,
            "measure": measure,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def measure_status(request, pk):
    measure = plan_selectors.get_measure_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    access.check(request.user, "plans.record_progress", measure.plan)
    form = MeasureUpdateForm(
        request.POST or None, request.FILES or None, instance=MeasureUpdate(measure=measure)
    )
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():

        def record(update, version):
            plan_services.measure_record_update(update=update, recorded_by=request.user)
            return update

        response, status = save_record_form(
            request,
            form,
            record,
            created=_("Change recorded."),
            saved="",
            next_url=lambda update: measure.get_absolute_url(),
        )
        if response:
            return response
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
        status=status,
    )


@require_safe
@access.requires("plans.view")
def measure_evidence(request, pk):
    update = plan_selectors.get_measure_update_for_user(request.user, pk)
    if not update.evidence_file:
        raise Http404
    return serve_file(update.evidence_file, update.evidence_name)
