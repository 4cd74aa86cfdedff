"""Local programmes and their budget lines: pages of identification plans and their money."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import selectors
from communities.plans import selectors as plan_selectors
from communities.plans import services as plan_services
from communities.plans.forms import (
    BudgetLineForm,
    ProgrammeForm,
)
from communities.plans.models import (
    BudgetLine,
    LocalProgramme,
)
from league import access
from league.confirm import confirmation_page

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


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
    if page := confirmation_page(
        request,
        question=_("Remove the budget line %(line)s?") % {"line": line},
        cancel_url=programme.get_absolute_url(),
    ):
        return page
    plan_services.budget_line_delete(line=line, deleted_by=request.user)
    messages.success(request, _("Budget line removed."))
    return redirect(programme)
