"""Who was invited and who came: attendance, participants added by hand or imported."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import npgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities.models import Community
from league import access
from roundtables import importing, selectors, services
from roundtables.forms import (
    ExistingParticipantForm,
    NewParticipantForm,
    ParticipantImportForm,
    ParticipationStatusForm,
    WalkInFormSet,
)
from roundtables.models import (
    Participation,
    Person,
)
from roundtables.services import RoundTableError, WalkIn
from roundtables.views.round_tables import detail_url

PAGE_SIZE = 20


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """Marking attendance from the paper sign-in sheet: one check box per person on the
    list, and rows for those who came without an invitation."""
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    participations = list(selectors.participation_list_for_round_table(round_table))
    communities = (
        Community.objects.filter(raion__oblast_id=round_table.series.oblast_id)
        .order_by("name", "katottg")
        .select_related("raion")
    )
    walk_ins = WalkInFormSet(
        request.POST or None,
        prefix="walkin",
        form_kwargs={"communities": communities, "venue": round_table.venue_community},
    )
    if request.method == "POST":
        posted = set(request.POST.getlist("attended"))
        checked = {
            participation.pk for participation in participations if str(participation.pk) in posted
        }
        if walk_ins.is_valid():
            rows = [
                WalkIn(**form.cleaned_data)
                for form in walk_ins.forms
                if form.has_changed() and form.cleaned_data
            ]
            try:
                result = services.attendance_record(
                    round_table=round_table,
                    attended_ids=checked,
                    walk_ins=rows,
                    recorded_by=request.user,
                )
            except RoundTableError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Attendance recorded: %(attended)s attended, %(absent)s absent.")
                    % {"attended": result.attended, "absent": result.absent},
                )
                if result.walk_ins_found:
                    messages.info(
                        request,
                        _("Already in the register, linked to the existing record: %(names)s.")
                        % {"names": ", ".join(result.walk_ins_found)},
                    )
                return redirect(detail_url(round_table.pk, "participants"))
    else:
        checked = {
            participation.pk
            for participation in participations
            if participation.status == Participation.Status.ATTENDED
        }
    context = {
        "round_table": round_table,
        "participations": participations,
        "checked": checked,
        "walk_ins": walk_ins,
    }
    return render(request, "roundtables/roundtable_attendance.html", context)


@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    """Put someone on the list: a person from the register, or a new one. A new person
    who is already registered (same name and community) is offered instead."""
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    existing_form = ExistingParticipantForm(round_table=round_table, prefix="existing")
    new_form = NewParticipantForm(
        prefix="new", form_tag=False, initial={"community": round_table.venue_community_id}
    )
    duplicate = None
    if request.method == "POST" and "invite_existing" in request.POST:
        existing_form = ExistingParticipantForm(
            request.POST, round_table=round_table, prefix="existing"
        )
        if existing_form.is_valid():
            person = existing_form.cleaned_data["person"]
            try:
                services.participation_invite(
                    round_table=round_table,
                    person=person,
                    status=existing_form.cleaned_data["status"],
                    changed_by=request.user,
                )
            except RoundTableError as error:
                existing_form.add_error("status", error.message)
            else:
                messages.success(
                    request, _("%(name)s is on the list.") % {"name": person.full_name}
                )
                return redirect("roundtables:participant_add", pk=round_table.pk)
    elif request.method == "POST":
        new_form = NewParticipantForm(request.POST, prefix="new", form_tag=False)
        if new_form.is_valid():
            try:
                services.participant_add_new(
                    round_table=round_table,
                    person=new_form.instance,
                    status=new_form.cleaned_data["status"],
                    changed_by=request.user,
                )
            except RoundTableError as error:
                if error.existing is None:
                    new_form.add_error("status", error.message)
                else:
                    duplicate = error.existing
                    messages.warning(request, error.message)
            except ValidationError as error:
                new_form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s was added to the register and to the list.")
                    % {"name": new_form.instance.full_name},
                )
                return redirect("roundtables:participant_add", pk=round_table.pk)
    context = {
        "round_table": round_table,
        "existing_form": existing_form,
        "new_form": new_form,
        "duplicate": duplicate,
        "duplicate_on_list": duplicate is not None
        and duplicate.participations.filter(round_table=round_table).exists(),
        "duplicate_status": new_form.cleaned_data.get("status") if duplicate else None,
    }
    return render(request, "roundtables/participation_form.html", context)


@require_http_methods(["GET", "POST"])
def participant_import(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.participants_import(
                round_table=round_table,
                uploaded=form.cleaned_data["file"],
                imported_by=request.user,
            )
        except importing.ImportRefused as refused:
            errors = refused.errors
            messages.error(request, _("The file was refused and nothing was saved."))
        else:
            messages.success(
                request,
                npgettext(
                    "import",
                    "%(count)s participant imported (%(created)s new in the register).",
                    "%(count)s participants imported (%(created)s new in the register).",
                    result.participations,
                )
                % {"count": result.participations, "created": result.people_created},
            )
            return redirect(detail_url(round_table.pk, "participants"))
    context = {
        "round_table": round_table,
        "form": form,
        "errors": errors,
        "columns": importing.COLUMNS,
        "categories": Person.Category.choices,
        "statuses": Participation.Status.choices,
    }
    return render(request, "roundtables/participation_import.html", context)


@require_GET
@access.requires("roundtables.edit")
def import_template(request, kind):
    if kind == "csv":
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        response = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="participants.{kind}"'
    return response


@require_POST
def participation_status(request, pk):
    participation = selectors.get_participation_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = ParticipationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a participation status."))
    else:
        try:
            services.participation_set_status(
                participation=participation,
                status=form.cleaned_data["status"],
                changed_by=request.user,
            )
        except RoundTableError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {
                    "name": participation.person.full_name,
                    "status": participation.get_status_display(),
                },
            )
    return redirect(detail_url(participation.round_table_id, "participants"))


@require_POST
def participation_remove(request, pk):
    participation = selectors.get_participation_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    services.participation_remove(participation=participation, removed_by=request.user)
    messages.success(
        request,
        _("%(name)s was taken off the list; the register keeps the person.")
        % {"name": participation.person.full_name},
    )
    return redirect(detail_url(participation.round_table_id, "participants"))


# Resolutions and commitments ---------------------------------------------------------------
