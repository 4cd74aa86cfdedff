"""Local programmes and their budget lines: pages of identification plans and their money."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

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
from league.forms import repeat_of_a_create, save_record_form


@require_http_methods(["GET", "HEAD", "POST"])
def programme_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    return _programme_form_page(request, LocalProgramme(community=community))


@require_http_methods(["GET", "HEAD", "POST"])
def programme_update(request, pk):
    programme = plan_selectors.get_programme_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    return _programme_form_page(request, programme)


def _programme_form_page(request, programme: LocalProgramme):
    """The form of a new programme (not saved yet) or of one to edit."""
    editing = programme.pk is not None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():

        def save(programme, version):
            return plan_services.programme_save(
                programme=programme, changed_by=request.user, version=version
            )

        response, status = save_record_form(
            request,
            form,
            save,
            created=_("Programme added. Add its budget lines."),
            saved=_("Programme saved."),
        )
        if response:
            return response
    context = {"form": form, "community": programme.community}
    if editing:
        context["programme"] = programme
    return render(request, "communities/programme_form.html", context, status=status)


def _save_line(request):
    def save(line, version):
        return plan_services.budget_line_save(line=line, changed_by=request.user, version=version)

    return save


@require_safe
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


@require_http_methods(["GET", "HEAD", "POST"])
def budgetline_create(request, pk):
    programme = plan_selectors.get_programme_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = BudgetLineForm(
        request.POST or None,
        instance=BudgetLine(programme=programme),
        measures=plan_selectors.measures_for_community(programme.community),
    )
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request,
            form,
            _save_line(request),
            created=_("Budget line added."),
            saved="",
            next_url=lambda line: programme.get_absolute_url(),
        )
        if response:
            return response
    return render(
        request,
        "communities/budgetline_form.html",
        {"form": form, "community": programme.community, "programme": programme},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def budgetline_update(request, pk):
    line = plan_selectors.get_budget_line_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    programme = line.programme
    form = BudgetLineForm(
        request.POST or None,
        instance=line,
        measures=plan_selectors.measures_for_community(programme.community),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request,
            form,
            _save_line(request),
            created="",
            saved=_("Budget line saved."),
            next_url=lambda line: programme.get_absolute_url(),
        )
        if response:
            return response
    return render(
        request,
        "communities/budgetline_form.html",
        {"form": form, "community": programme.community, "programme": programme, "line": line},
        status=status,
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
