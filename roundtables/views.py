from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities.models import Community
from league import access
from league.pdf import render_pdf
from league.uploads import serve_file
from roundtables import importing, selectors, services
from roundtables.filters import CommitmentFilter, PersonFilter, RoundTableFilter
from roundtables.forms import (
    AgendaFormSet,
    AttachmentForm,
    CommitmentForm,
    CommitmentStatusForm,
    ExistingParticipantForm,
    NewParticipantForm,
    ParticipantImportForm,
    ParticipationStatusForm,
    PersonForm,
    ResolutionForm,
    RoundTableForm,
    WalkInFormSet,
    agenda_lines,
)
from roundtables.models import (
    Attachment,
    Commitment,
    Participation,
    Person,
    Resolution,
    RoundTable,
)
from roundtables.services import AgendaLine, RoundTableError, WalkIn

PAGE_SIZE = 20


def _detail_url(round_table_id: int, anchor: str = "") -> str:
    url = reverse("roundtables:detail", args=[round_table_id])
    return f"{url}#{anchor}" if anchor else url


# Round tables ----------------------------------------------------------------------------


@require_GET
@access.requires("roundtables.view")
def round_table_list(request):
    round_table_filter = RoundTableFilter(
        request.GET,
        queryset=selectors.round_table_list_for_user(request.user),
        user=request.user,
    )
    page = Paginator(round_table_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": round_table_filter,
        "page": page,
        "progress": selectors.series_progress_for_user(request.user),
    }
    return render(request, "roundtables/roundtable_list.html", context)


@require_GET
@access.requires("roundtables.view")
def round_table_detail(request, pk):
    user = request.user
    show_participants = access.has_perm(user, "roundtables.view_participants")
    round_table = selectors.get_round_table_detail_for_user(
        user, pk, with_participants=show_participants
    )
    show_contacts = access.has_perm(user, "roundtables.view_contacts")
    commitments = [
        commitment
        for resolution in round_table.resolutions.all()
        for commitment in resolution.commitments.all()
    ]
    attachments = [
        attachment
        for attachment in round_table.attachments.all()
        if show_contacts or attachment.kind != Attachment.Kind.SIGN_IN_SHEET
    ]
    context = {
        "round_table": round_table,
        "show_participants": show_participants,
        "show_contacts": show_contacts,
        "can_edit": access.has_perm(user, "roundtables.edit"),
        "summary": selectors.participant_summary(round_table),
        "updatable": selectors.updatable_commitment_ids(user, commitments),
        "attachments": attachments,
        "status_choices": Participation.Status.choices,
    }
    return render(request, "roundtables/roundtable_detail.html", context)


def _round_table_form(request, round_table: RoundTable):
    form = RoundTableForm(request.POST or None, instance=round_table)
    initial = [
        {"order": item.order, "title": item.title, "speaker": item.speaker}
        for item in (round_table.agenda_items.order_by("order") if round_table.pk else [])
    ]
    agenda = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        creating = round_table.pk is None
        try:
            services.round_table_save(
                round_table=form.instance,
                invited_communities=form.cleaned_data["invited_communities"],
                facilitators=form.cleaned_data["facilitators"],
                agenda=[
                    AgendaLine(title=line["title"], speaker=line.get("speaker", ""))
                    for line in agenda_lines(agenda)
                ],
                changed_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Round table created.") if creating else _("Round table saved.")
            )
            return redirect(form.instance)
    return render(
        request,
        "roundtables/roundtable_form.html",
        {"form": form, "agenda": agenda, "round_table": round_table},
    )


@require_http_methods(["GET", "POST"])
@access.requires("roundtables.edit")
def round_table_create(request):
    return _round_table_form(request, RoundTable())


@require_http_methods(["GET", "POST"])
def round_table_update(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    return _round_table_form(request, round_table)


@require_GET
def protocol_pdf(request, pk):
    """The protocol of one round table, in Ukrainian unless ?language=en asks otherwise."""
    selectors.get_round_table_for_user(request.user, pk)  # 404 outside the scope
    access.require(request.user, "roundtables.view_participants")
    round_table = selectors.get_round_table_detail_for_user(request.user, pk)
    context = selectors.protocol_context(round_table)
    language = request.GET.get("language", "uk")
    if language not in dict(settings.LANGUAGES):
        language = "uk"
    with translation.override(language):
        pdf = render_pdf("roundtables/pdf/roundtable_protocol.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="round-table-{round_table.number}-protocol.pdf"'
    )
    return response


# Participants ---------------------------------------------------------------------------


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
                return redirect(_detail_url(round_table.pk, "participants"))
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
                ngettext(
                    "%(count)s participant imported (%(created)s new in the register).",
                    "%(count)s participants imported (%(created)s new in the register).",
                    result.participations,
                )
                % {"count": result.participations, "created": result.people_created},
            )
            return redirect(_detail_url(round_table.pk, "participants"))
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
    return redirect(_detail_url(participation.round_table_id, "participants"))


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
    return redirect(_detail_url(participation.round_table_id, "participants"))


# Resolutions and commitments ---------------------------------------------------------------


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
            return redirect(_detail_url(round_table.pk, "resolutions"))
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
    try:
        services.resolution_delete(resolution=resolution, deleted_by=request.user)
    except RoundTableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Resolution deleted."))
    return redirect(_detail_url(resolution.round_table_id, "resolutions"))


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
            return redirect(_detail_url(round_table.pk, "resolutions"))
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


@require_http_methods(["GET", "POST"])
def attachment_upload(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(
            round_table=round_table,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
            uploaded_by=request.user,
        )
        messages.success(request, _("File uploaded."))
        return redirect(_detail_url(round_table.pk, "files"))
    return render(
        request,
        "roundtables/attachment_form.html",
        {"form": form, "round_table": round_table, "upload_limit": settings.UPLOAD_MAX_BYTES},
    )


@require_GET
@access.requires("roundtables.view")
def attachment_download(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    # A sign-in sheet carries signatures and often phone numbers: staff only.
    if attachment.kind == Attachment.Kind.SIGN_IN_SHEET and not access.has_perm(
        request.user, "roundtables.view_contacts"
    ):
        raise PermissionDenied
    if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
        raise Http404  # the record outlived its file (restored backup, manual clean-up)
    return serve_file(attachment.file, download_name=attachment.original_name)


@require_POST
def attachment_delete(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    services.attachment_delete(attachment=attachment, deleted_by=request.user)
    messages.success(request, _("File deleted."))
    return redirect(_detail_url(attachment.round_table_id, "files"))


# The register of people ----------------------------------------------------------------------


@require_GET
@access.requires("roundtables.edit")
def person_list(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.person_list_for_user(request.user))
    page = Paginator(person_filter.qs, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "roundtables/person_list.html", {"filter": person_filter, "page": page})


@require_http_methods(["GET", "POST"])
@access.requires("roundtables.edit")
def person_create(request):
    form = PersonForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(person=form.instance, changed_by=request.user)
        except RoundTableError as error:
            duplicate = error.existing
            messages.warning(request, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("roundtables:person_list")
    return render(request, "roundtables/person_form.html", {"form": form, "duplicate": duplicate})


@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = selectors.get_person_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(person=form.instance, changed_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": person.full_name})
            return redirect("roundtables:person_list")
    return render(
        request,
        "roundtables/person_form.html",
        {
            "form": form,
            "person": person,
            "participations": selectors.person_participations(person),
        },
    )
