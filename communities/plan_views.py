"""Pages for identification plans, local programmes with money, and service contracts.

Each view: method decorator, role check, object fetched through the user's scope
(another community's object is a 404), form, service, redirect with a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import plan_selectors, plan_services, selectors
from communities.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.plan_filters import OverdueMeasureFilter, PlanOverviewFilter
from communities.plan_forms import (
    BudgetLineForm,
    ContractForm,
    MeasureForm,
    MeasureUpdateForm,
    OverviewYearForm,
    PlanForm,
    PlanStatusForm,
    ProgrammeForm,
)
from league import access
from league.uploads import serve_file

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    """Put a model's validation errors on the form's fields where it has them."""
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


# --- Across the oblast ---


@require_GET
@access.requires("plans.view")
def plan_overview(request):
    this_year = timezone.localdate().year
    year_form = OverviewYearForm(
        {"year": request.GET.get("year", this_year)}, years=plan_selectors.overview_years()
    )
    year = year_form.cleaned_data["year"] if year_form.is_valid() else this_year
    overview = PlanOverviewFilter(
        request.GET, queryset=plan_selectors.plan_overview_for_user(request.user, year)
    )
    rows = overview.qs
    totals = plan_selectors.plan_overview_totals(rows)
    paginator = Paginator(rows, OVERVIEW_PAGE_SIZE)
    paginator.count = totals["communities"]  # already counted with the totals
    page = paginator.get_page(request.GET.get("page"))
    labels = dict(IdentificationPlan.Status.choices)
    for community in page:
        community.plan_status_label = labels.get(community.plan_status, _("no plan"))
    context = {
        "filter": overview,
        "year_form": year_form,
        "year": year,
        "page": page,
        "totals": totals,
    }
    return render(request, "communities/plan_overview.html", context)


@require_GET
@access.requires("plans.view")
def measure_overdue(request):
    today = timezone.localdate()
    overdue = OverdueMeasureFilter(
        request.GET, queryset=plan_selectors.overdue_measures_for_user(request.user, today)
    )
    page = Paginator(overdue.qs, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/measure_overdue.html",
        {"filter": overdue, "page": page, "today": today},
    )


# --- Identification plans ---


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
        history = plan.history.select_related("history_user").order_by("-history_date")[:10]
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


def _plan_for_editing(request, pk) -> IdentificationPlan:
    plan = plan_selectors.get_plan_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    if not plan_services.plan_can_edit(request.user, plan):
        # A worker's own plan that has left the draft stage: only staff change it now.
        raise PermissionDenied
    return plan


@require_http_methods(["GET", "POST"])
def plan_update(request, pk):
    plan = _plan_for_editing(request, pk)
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
            _add_errors(form, error)
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


# --- Measures ---


@require_http_methods(["GET", "POST"])
def measure_create(request, pk):
    plan = _plan_for_editing(request, pk)
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


# --- Local programmes and their budget lines ---


@require_http_methods(["GET", "POST"])
def programme_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ProgrammeForm(request.POST or None, instance=LocalProgramme(community=community))
    if request.method == "POST" and form.is_valid():
        programme = plan_services.programme_save(programme=form.instance, changed_by=request.user)
        messages.success(request, _("Programme added. Add its budget lines."))
        return redirect(programme)
    return render(
        request, "communities/programme_form.html", {"form": form, "community": community}
    )


@require_GET
@access.requires("plans.view")
def programme_detail(request, pk):
    programme = plan_selectors.get_programme_for_user(request.user, pk)
    context = {
        "programme": programme,
        "community": programme.community,
        "lines": plan_selectors.programme_lines(programme),
        "years": plan_selectors.programme_totals_by_year(programme),
        "can_edit": access.has_perm(request.user, "plans.edit_own"),
    }
    return render(request, "communities/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_update(request, pk):
    programme = plan_selectors.get_programme_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        plan_services.programme_save(programme=form.instance, changed_by=request.user)
        messages.success(request, _("Programme saved."))
        return redirect(programme)
    return render(
        request,
        "communities/programme_form.html",
        {"form": form, "community": programme.community, "programme": programme},
    )


@require_http_methods(["GET", "POST"])
def budgetline_create(request, pk):
    programme = plan_selectors.get_programme_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = BudgetLineForm(
        request.POST or None,
        instance=BudgetLine(programme=programme),
        measures=plan_selectors.measures_for_community(programme.community),
    )
    if request.method == "POST" and form.is_valid():
        plan_services.budget_line_save(line=form.instance, changed_by=request.user)
        messages.success(request, _("Budget line added."))
        return redirect(programme)
    return render(
        request,
        "communities/budgetline_form.html",
        {"form": form, "community": programme.community, "programme": programme},
    )


@require_http_methods(["GET", "POST"])
def budgetline_update(request, pk):
    line = plan_selectors.get_budget_line_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    programme = line.programme
    form = BudgetLineForm(
        request.POST or None,
        instance=line,
        measures=plan_selectors.measures_for_community(programme.community),
    )
    if request.method == "POST" and form.is_valid():
        plan_services.budget_line_save(line=form.instance, changed_by=request.user)
        messages.success(request, _("Budget line saved."))
        return redirect(programme)
    return render(
        request,
        "communities/budgetline_form.html",
        {"form": form, "community": programme.community, "programme": programme, "line": line},
    )


@require_POST
def budgetline_delete(request, pk):
    line = plan_selectors.get_budget_line_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    programme = line.programme
    plan_services.budget_line_delete(line=line, deleted_by=request.user)
    messages.success(request, _("Budget line removed."))
    return redirect(programme)


# --- Service contracts (social contracting) ---


@require_http_methods(["GET", "POST"])
def contract_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=ServiceContract(community=community))
    if request.method == "POST" and form.is_valid():
        contract = plan_services.contract_save(contract=form.instance, changed_by=request.user)
        messages.success(request, _("Service contract added."))
        return redirect(contract)
    return render(request, "communities/contract_form.html", {"form": form, "community": community})


@require_http_methods(["GET", "POST"])
def contract_update(request, pk):
    contract = plan_selectors.get_contract_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        plan_services.contract_save(contract=form.instance, changed_by=request.user)
        messages.success(request, _("Service contract saved."))
        return redirect(contract)
    return render(
        request,
        "communities/contract_form.html",
        {"form": form, "community": contract.community, "contract": contract},
    )
