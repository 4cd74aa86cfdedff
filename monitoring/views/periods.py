"""Reporting periods: entry extensions and the completeness matrix."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from communities import selectors as community_selectors
from league import access
from league.domain import DomainError
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import submitted_once
from monitoring import selectors, services
from monitoring.forms import (
    CompletenessFilterForm,
    ExtensionForm,
)

PAGE_SIZE = 25
MATRIX_PAGE_SIZE = 60


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("monitoring.review")
def extension_create(request):
    """Staff reopen a quarter's entry for one community, with a reason."""
    if repeat := repeat_of_a_saved_form(request, reverse("monitoring:completeness")):
        return repeat
    form = ExtensionForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
                if submission.already_saved:
                    return already_saved(request, submission, "monitoring:completeness")
                extension = services.extension_grant(
                    community=form.cleaned_data["community"],
                    year=form.cleaned_data["year"],
                    quarter=form.cleaned_data["quarter"],
                    open_until=form.cleaned_data["open_until"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
                submission.url = reverse("monitoring:completeness")
        except DomainError as error:
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


@require_safe
@access.requires("monitoring.view_completeness")
def completeness(request):
    """Communities of one oblast by quarter of a year; rates per raion and for the oblast
    for staff."""
    communities = community_selectors.community_list_for_user(request.user).order_by(
        "raion__name", "name", "katottg"
    )
    form = CompletenessFilterForm(
        request.GET or None,
        oblasts=list(community_selectors.oblasts_of(communities)),
        raions=community_selectors.raions_of(communities),
    )
    communities = communities.filter(raion__oblast=form.chosen_oblast)
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
