"""Resolutions of a round table and the commitments that follow them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from league import access
from league.confirm import confirmation_page
from league.domain import DomainError
from league.forms import (
    add_model_errors,
    already_saved,
    refuse,
    repeat_of_a_saved_form,
    save_record_form,
)
from league.once import submitted_once
from roundtables import selectors, services
from roundtables.filters import CommitmentFilter
from roundtables.forms import (
    CommitmentCreateForm,
    CommitmentEditForm,
    CommitmentStatusForm,
    ResolutionCreateForm,
    ResolutionEditForm,
)
from roundtables.models import (
    Commitment,
    Resolution,
)
from roundtables.services import RoundTableError
from roundtables.views.round_tables import detail_url

PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD", "POST"])
def resolution_create(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    if repeat := repeat_of_a_saved_form(request, detail_url(round_table.pk, "resolutions")):
        return repeat
    next_number = (round_table.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    resolution = Resolution(round_table=round_table, number=next_number)
    return _resolution_form_page(request, ResolutionCreateForm, resolution)


@require_http_methods(["GET", "HEAD", "POST"])
def resolution_update(request, pk):
    resolution = selectors.get_resolution_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    return _resolution_form_page(request, ResolutionEditForm, resolution)


def _resolution_form_page(request, form_class, resolution: Resolution):
    """The form of a new resolution (numbered next unless the person gives a number) or of
    one to edit; a number taken at this round table is said on the form."""
    form = form_class(request.POST or None, instance=resolution)
    status = 200
    if request.method == "POST" and form.is_valid():

        def save(resolution, version):
            if resolution.pk is None:
                return services.resolution_create(
                    round_table=resolution.round_table,
                    number=form.cleaned_data["number"],
                    text=form.cleaned_data["text"],
                    changed_by=request.user,
                )
            return services.resolution_save(
                resolution=resolution, changed_by=request.user, version=version
            )

        response, status = save_record_form(
            request,
            form,
            save,
            created=_("Resolution added."),
            saved=_("Resolution saved."),
            next_url=lambda saved: detail_url(saved.round_table_id, "resolutions"),
        )
        if response:
            return response
    return render(
        request,
        "roundtables/resolution_form.html",
        {"form": form, "round_table": resolution.round_table, "resolution": resolution},
        status=status,
    )


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


def _render_commitment(request, form, commitment: Commitment, round_table, status=200):
    return render(
        request,
        "roundtables/commitment_form.html",
        {"form": form, "round_table": round_table, "commitment": commitment},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_create(request, pk):
    resolution = selectors.get_resolution_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    round_table = resolution.round_table
    if repeat := repeat_of_a_saved_form(request, detail_url(round_table.pk, "resolutions")):
        return repeat
    commitment = Commitment(resolution=resolution)
    form = CommitmentCreateForm(request.POST or None, instance=commitment, round_table=round_table)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
                if submission.already_saved:
                    return already_saved(request, submission, detail_url(round_table.pk))
                services.commitment_save(commitment=form.instance, changed_by=request.user)
                submission.created(form.instance)
        except ValidationError as error:
            add_model_errors(form, error)
        except DomainError as error:
            status = refuse(form, error)
        else:
            messages.success(request, _("Commitment added."))
            return redirect(detail_url(round_table.pk, "resolutions"))
    return _render_commitment(request, form, commitment, round_table, status)


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_update(request, pk):
    commitment = selectors.get_commitment_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    round_table = commitment.resolution.round_table
    form = CommitmentEditForm(request.POST or None, instance=commitment, round_table=round_table)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                commitment=form.instance,
                changed_by=request.user,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_model_errors(form, error)
        except DomainError as error:
            status = refuse(form, error)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect(detail_url(round_table.pk, "resolutions"))
    return _render_commitment(request, form, commitment, round_table, status)


@require_http_methods(["GET", "HEAD", "POST"])
def commitment_status(request, pk):
    """A commitment's log of changes, and the form to record the next one: staff for
    every commitment, a social worker for those assigned to their communities."""
    commitment = selectors.get_commitment_for_user(request.user, pk)
    access.check(request.user, "roundtables.update_commitment", commitment)
    if repeat := repeat_of_a_saved_form(request, commitment.get_absolute_url()):
        return repeat
    form = CommitmentStatusForm(request.POST or None, initial={"status": commitment.status})
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
                if submission.already_saved:
                    return already_saved(request, submission, commitment.get_absolute_url())
                services.commitment_status_change(
                    commitment=commitment,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    on_date=form.cleaned_data["date"],
                    changed_by=request.user,
                )
                submission.created(commitment)
        except DomainError as error:
            refuse(form, error)
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


@require_safe
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
