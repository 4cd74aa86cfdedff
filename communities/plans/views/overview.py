"""Across the oblast: pages of identification plans and their money."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from communities.plans import selectors as plan_selectors
from communities.plans.filters import OverdueMeasureFilter, PlanOverviewFilter
from communities.plans.forms import (
    OverviewYearForm,
)
from communities.plans.models import (
    IdentificationPlan,
)
from league import access

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


@require_safe
@access.requires("plans.view")
def plan_overview(request):
    this_year = timezone.localdate().year
    year_form = OverviewYearForm(
        {"year": request.GET.get("year", this_year)}, years=plan_selectors.overview_years()
    )
    year = year_form.cleaned_data["year"] if year_form.is_valid() else this_year
    overview = PlanOverviewFilter(
        request.GET,
        queryset=plan_selectors.plan_overview_for_user(request.user, year),
        rows_of_oblast=lambda oblast: plan_selectors.plan_overview_for_user(
            request.user, year, oblast
        ),
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


@require_safe
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
