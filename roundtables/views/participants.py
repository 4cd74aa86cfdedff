"""Who was invited and who came: attendance, participants added by hand or imported."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities import selectors as community_selectors
from league import access
from league.confirm import confirmation_page
from league.domain import DomainError
from league.forms import add_model_errors, already_saved, posted_id, refuse, repeat_of_a_saved_form
from league.once import submitted_once
from roundtables import importing, rules, selectors, services
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


@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request, pk):
    """Marking attendance from the paper sign-in sheet: one check box per person on the
    list, and rows for those who came without an invitation."""
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    participations = list(selectors.participation_list_for_round_table(round_table))
    communities = community_selectors.communities_of_oblast(round_table.series.oblast_id)
    walk_ins = WalkInFormSet(
        request.POST or None,
        prefix="walkin",
        form_kwargs={"communities": communities, "venue": round_table.venue_community},
    )
    # The sheet as a form of its own, to show a refusal and what others changed meanwhile.
    sheet = forms.Form(request.POST or None)
    status = 200
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
                    versions=_posted_versions(request.POST),
                )
            except RoundTableError as error:
                messages.error(request, error.message)
            except ValidationError as error:  # a walk-in registered a moment ago elsewhere
                messages.error(request, " ".join(error.messages))
            except DomainError as error:
                status = refuse(sheet, error)
                # The sheet reloaded: everyone's current status and version.
                participations = list(selectors.participation_list_for_round_table(round_table))
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
        # Before its day (or when cancelled) the page says so instead of taking ticks.
        "refusal": rules.attendance_refusal(round_table),
        "participations": participations,
        "checked": checked,
        "walk_ins": walk_ins,
        "form": sheet,
    }
    return render(request, "roundtables/roundtable_attendance.html", context, status=status)


def _posted_versions(data) -> dict[int, int]:
    """The participations' versions the sheet was loaded with (`version-<id>` fields)."""
    versions = {}
    for name, value in data.items():
        participation_id = posted_id(name.removeprefix("version-"))
        version = posted_id(value)
        if name.startswith("version-") and participation_id is not None and version is not None:
            versions[participation_id] = version
    return versions


@require_http_methods(["GET", "HEAD", "POST"])
def participant_add(request, pk):
    """Put someone on the list: a person from the register, or a new one. A new person
    who is already registered (same name and community) is offered instead."""
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    for field in ("existing-form_token", "new-form_token"):
        if repeat := repeat_of_a_saved_form(request, round_table.get_absolute_url(), field):
            return repeat
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
            people = list(existing_form.cleaned_data["person"])
            try:
                with submitted_once(
                    existing_form.cleaned_data["form_token"], request.user
                ) as submission:
                    if submission.already_saved:
                        return already_saved(request, submission, round_table.get_absolute_url())
                    services.participations_invite(
                        round_table=round_table,
                        people=people,
                        status=existing_form.cleaned_data["status"],
                        changed_by=request.user,
                    )
                    submission.created(round_table)
            except RoundTableError as error:
                existing_form.add_error("status", error.message)
            except ValidationError as error:  # listed by someone else a moment ago
                add_model_errors(existing_form, error)
            except DomainError as error:
                refuse(existing_form, error)
            else:
                if len(people) == 1:
                    done = _("%(name)s is on the list.") % {"name": people[0].full_name}
                else:
                    done = ngettext(
                        "%(count)d person is on the list.",
                        "%(count)d people are on the list.",
                        len(people),
                    ) % {"count": len(people)}
                messages.success(request, done)
                return redirect("roundtables:participant_add", pk=round_table.pk)
    elif request.method == "POST":
        new_form = NewParticipantForm(request.POST, prefix="new", form_tag=False)
        if new_form.is_valid():
            try:
                with submitted_once(
                    new_form.cleaned_data["form_token"], request.user
                ) as submission:
                    if submission.already_saved:
                        return already_saved(request, submission, round_table.get_absolute_url())
                    services.participant_add_new(
                        round_table=round_table,
                        person=new_form.instance,
                        status=new_form.cleaned_data["status"],
                        changed_by=request.user,
                    )
                    submission.created(round_table)
            except RoundTableError as error:
                if error.existing is None:
                    new_form.add_error("status", error.message)
                else:
                    duplicate = error.existing
                    messages.warning(request, error.message)
            except ValidationError as error:
                add_model_errors(new_form, error)
            except DomainError as error:
                refuse(new_form, error)
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


@require_http_methods(["GET", "HEAD", "POST"])
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
            errors = refused.errors  # shown once, in the page's own list
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
        "max_rows": importing.MAX_ROWS,
        "categories": Person.Category.choices,
        "statuses": Participation.Status.choices,
    }
    return render(request, "roundtables/participation_import.html", context)


@require_safe
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
                version=form.cleaned_data["version"],
            )
        except DomainError as error:
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
    if page := confirmation_page(
        request,
        question=_("Take %(name)s off the list?") % {"name": participation.person.full_name},
        details=_("The register keeps the person."),
        cancel_url=detail_url(participation.round_table_id, "participants"),
    ):
        return page
    services.participation_remove(participation=participation, removed_by=request.user)
    messages.success(
        request,
        _("%(name)s was taken off the list; the register keeps the person.")
        % {"name": participation.person.full_name},
    )
    return redirect(detail_url(participation.round_table_id, "participants"))


# Resolutions and commitments ---------------------------------------------------------------
