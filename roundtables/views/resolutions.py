"""Resolutions of a round table and the commitments that follow them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from league import access
from league.confirm import confirmation_page
from roundtables import selectors, services
from roundtables.filters import CommitmentFilter
from roundtables.forms import (
    CommitmentForm,
    CommitmentStatusForm,
    ResolutionForm,
)
from roundtables.models import (
    Commitment,
    Resolution,
    RoundTable,
)
from roundtables.services import RoundTableError
from roundtables.views.round_tables import detail_url

PAGE_SIZE = 20


def _resolution_form(request, resolution: Resolution, round_table: RoundTable):
    form = ResolutionForm(request.POST or None, instance=resolution)
    if request.method == "POST" and form.is_valid():
        creating = resolution.pk is None
        try:
            services.resolution_save(resolution=form.instance, changed_by=request.user)
        except ValidationError as error:  # the number is taken at this round table
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Resolution added.") if creating else _("Resolution saved.")
            )
            return redirect(detail_url(round_table.pk, "resolutions"))
    return render(
        request,
        "roundtables/resolution_form.html",
        {"form": form, "round_table": round_table, "resolution": resolution},
    )


@require_http_methods(["GET", "POST"])
def resolution_create(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    next_number = (round_table.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    return _resolution_form(
        request, Resolution(round_table=round_table, number=next_number), round_table
    )


@require_http_methods(["GET", "POST"])
def resolution_update(request, pk):
    resolution = selectors.get_resolution_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    return _resolution_form(request, resolution, resolution.round_table)


@require_POST
def resolution_delete(request, pk):
    resolution = selectors.get_resolution_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    if page := confirmation_page(
        request,
        question=_("Delete resolution %(number)s?") % {"number": resolution.number},
        details=resolution.text,
        cancel_url=detail_url(resolution.round_table_id, "resolutions"),
    ):
        return page
    try:
        services.resolution_delete(resolution=resolution, deleted_by=request.user)
    except RoundTableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Resolution deleted."))
    return redirect(detail_url(resolution.round_table_id, "resolutions"))


def _commitment_form(request, commitment: Commitment, round_table: RoundTable):
    form = CommitmentForm(request.POST or None, instance=commitment, round_table=round_table)
    if request.method == "POST" and form.is_valid():
        creating = commitment.pk is None
        try:
            services.commitment_save(commitment=form.instance, changed_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Commitment added.") if creating else _("Commitment saved.")
            )
            return redirect(detail_url(round_table.pk, "resolutions"))
    return render(
        request,
        "roundtables/commitment_form.html",
        {"form": form, "round_table": round_table, "commitment": commitment},
    )


@require_http_methods(["GET", "POST"])
def commitment_create(request, pk):
    resolution = selectors.get_resolution_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    commitment = Commitment(resolution=resolution)
    return _commitment_form(request, commitment, resolution.round_table)


@require_http_methods(["GET", "POST"])
def commitment_update(request, pk):
    commitment = selectors.get_commitment_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    return _commitment_form(request, commitment, commitment.resolution.round_table)


@require_http_methods(["GET", "POST"])
def commitment_status(request, pk):
    """A commitment's log of changes, and the form to record the next one: staff for
    every commitment, a social worker for those assigned to their communities."""
    commitment = selectors.get_commitment_for_user(request.user, pk)
    access.require(request.user, "roundtables.update_commitments")
    form = CommitmentStatusForm(request.POST or None, initial={"status": commitment.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_status_change(
                commitment=commitment,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                on_date=form.cleaned_data["date"],
                changed_by=request.user,
            )
        except RoundTableError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Commitment status: %(status)s.") % {"status": commitment.get_status_display()},
            )
            return redirect("roundtables:commitment_status", pk=commitment.pk)
    return render(
        request,
        "roundtables/commitment_status_form.html",
        {"commitment": commitment, "form": form},
    )


@require_GET
@access.requires("roundtables.view")
def commitment_list(request):
    commitment_filter = CommitmentFilter(
        request.GET,
        queryset=selectors.commitment_list_for_user(request.user),
        communities=selectors.commitment_communities_for_user(request.user),
    )
    page = Paginator(commitment_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": commitment_filter,
        "page": page,
        "updatable": selectors.updatable_commitment_ids(request.user, page.object_list),
        "today": timezone.localdate(),
    }
    return render(request, "roundtables/commitment_list.html", context)


# Attachments --------------------------------------------------------------------------------
