"""Identification plans: pages of identification plans and their money."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities import selectors
from communities.plans import selectors as plan_selectors
from communities.plans import services as plan_services
from communities.plans.forms import (
    PlanForm,
    PlanStatusForm,
)
from communities.plans.models import (
    IdentificationPlan,
)
from league import access
from league.forms import add_model_errors
from league.history import with_changes
from league.uploads import serve_file

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = PlanForm(request.POST or None, instance=IdentificationPlan(community=community))
    if request.method == "POST" and form.is_valid():
        plan = plan_services.plan_create(
            community=community,
            start_year=form.cleaned_data["start_year"],
            end_year=form.cleaned_data["end_year"],
            notes=form.cleaned_data["notes"],
            created_by=request.user,
        )
        messages.success(request, _("Plan created. Add its measures."))
        return redirect(plan)
    return render(request, "communities/plan_form.html", {"form": form, "community": community})


@require_GET
@access.requires("plans.view")
def plan_detail(request, pk):
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    history = None
    if access.has_perm(request.user, "history.view"):
        history = with_changes(
            plan.history.select_related("history_user").order_by("-history_date")[:11], limit=10
        )
    context = {
        "plan": plan,
        "community": plan.community,
        "measures": plan_selectors.plan_measures_with_updates(plan),
        "can_edit": plan_services.plan_can_edit(request.user, plan),
        "can_record": plan_services.plan_can_record_progress(request.user, plan),
        "can_change_status": bool(plan_services.plan_allowed_statuses(request.user, plan)),
        "history": history,
        "today": timezone.localdate(),
    }
    return render(request, "communities/plan_detail.html", context)


def plan_for_editing(request, pk) -> IdentificationPlan:
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    if not plan_services.plan_can_edit(request.user, plan):
        # A worker's own plan that has left the draft stage: only staff change it now.
        raise PermissionDenied
    return plan


@require_http_methods(["GET", "POST"])
def plan_update(request, pk):
    plan = plan_for_editing(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan_services.plan_save(plan=form.instance, changed_by=request.user)
        messages.success(request, _("Plan saved."))
        return redirect(plan)
    return render(
        request,
        "communities/plan_form.html",
        {"form": form, "community": plan.community, "plan": plan},
    )


@require_http_methods(["GET", "POST"])
def plan_status(request, pk):
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    allowed = plan_services.plan_allowed_statuses(request.user, plan)
    if not allowed:
        raise PermissionDenied
    form = PlanStatusForm(request.POST or None, request.FILES or None, plan=plan, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_change_status(
                plan=plan, changed_by=request.user, **form.cleaned_data
            )
        except plan_services.PlanRuleError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()},
            )
            return redirect(plan)
    return render(
        request,
        "communities/plan_status_form.html",
        {"form": form, "community": plan.community, "plan": plan},
    )


@require_GET
@access.requires("plans.view")
def plan_document(request, pk):
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    if not plan.decision_document:
        raise Http404
    return serve_file(plan.decision_document, plan.decision_document_name)
