"""Identification plans: pages of identification plans and their money."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from communities import selectors
from communities.plans import rules
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
from league.domain import DomainError
from league.forms import add_model_errors, refuse, repeat_of_a_create, save_record_form
from league.history import with_changes
from league.uploads import serve_file


@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = PlanForm(request.POST or None, instance=IdentificationPlan(community=community))
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request,
            form,
            lambda plan, version: plan_services.plan_create(
                community=community,
                start_year=plan.start_year,
                end_year=plan.end_year,
                notes=plan.notes,
                created_by=request.user,
            ),
            created=_("Plan created. Add its measures."),
            saved="",
        )
        if response:
            return response
    return render(
        request,
        "communities/plan_form.html",
        {"form": form, "community": community},
        status=status,
    )


@require_safe
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
        "can_edit": access.allows(request.user, "plans.edit_content", plan),
        "can_record": access.allows(request.user, "plans.record_progress", plan),
        "can_change_status": access.allows(request.user, "plans.change_status", plan),
        "history": history,
        "today": timezone.localdate(),
    }
    return render(request, "communities/plan_detail.html", context)


def plan_for_editing(request, pk) -> IdentificationPlan:
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    # A worker's own plan that has left the draft stage: only staff change it now.
    access.check(request.user, "plans.edit_content", plan)
    return plan


@require_http_methods(["GET", "HEAD", "POST"])
def plan_update(request, pk):
    plan = plan_for_editing(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request,
            form,
            lambda plan, version: plan_services.plan_save(
                plan=plan, changed_by=request.user, version=version
            ),
            created="",
            saved=_("Plan saved."),
        )
        if response:
            return response
    return render(
        request,
        "communities/plan_form.html",
        {"form": form, "community": plan.community, "plan": plan},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_status(request, pk):
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    access.check(request.user, "plans.change_status", plan)
    allowed = rules.allowed_statuses(request.user, plan)
    decisions = access.allows(request.user, "plans.record_decision", plan)
    form = PlanStatusForm(
        request.POST or None, request.FILES or None, plan=plan, allowed=allowed, decisions=decisions
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_change_status(
                plan=plan, changed_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            refuse(form, error)
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
        {"form": form, "community": plan.community, "plan": plan, "decisions": decisions},
    )


@require_safe
@access.requires("plans.view")
def plan_document(request, pk):
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    if not plan.decision_document:
        raise Http404
    return serve_file(plan.decision_document, plan.decision_document_name)
