"""Round tables: the list, a table's page, planning it, and its protocol PDF."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from league import access
from league.domain import DomainError
from league.forms import add_model_errors, already_saved, refuse, repeat_of_a_saved_form
from league.once import submitted_once
from league.pdf import render_pdf
from roundtables import selectors, services
from roundtables.filters import RoundTableFilter
from roundtables.forms import (
    AgendaFormSet,
    RoundTableCreateForm,
    RoundTableEditForm,
    agenda_lines,
)
from roundtables.models import (
    Participation,
    RoundTable,
)
from roundtables.services import AgendaLine

PAGE_SIZE = 20


def detail_url(round_table_id: int, anchor: str = "") -> str:
    url = reverse("roundtables:detail", args=[round_table_id])
    return f"{url}#{anchor}" if anchor else url


# Round tables ----------------------------------------------------------------------------


@require_safe
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


@require_safe
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
        if access.allows(user, "roundtables.view_attachment", attachment)
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
    creating = round_table.pk is None
    form_class = RoundTableCreateForm if creating else RoundTableEditForm
    form = form_class(request.POST or None, instance=round_table)
    initial = [
        {"order": item.order, "title": item.title, "speaker": item.speaker}
        for item in (round_table.agenda_items.order_by("order") if round_table.pk else [])
    ]
    agenda = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    status = 200
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        fields = {
            "invited_communities": form.cleaned_data["invited_communities"],
            "facilitators": form.cleaned_data["facilitators"],
            "agenda": [
                AgendaLine(title=line["title"], speaker=line.get("speaker", ""))
                for line in agenda_lines(agenda)
            ],
            "changed_by": request.user,
        }
        try:
            if creating:
                with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
                    if submission.already_saved:
                        return already_saved(request, submission, "roundtables:list")
                    services.round_table_save(
                        round_table=form.instance,
                        beyond_target_confirmed=bool(form.cleaned_data.get("beyond_target")),
                        **fields,
                    )
                    submission.created(form.instance)
            else:
                services.round_table_save(
                    round_table=form.instance, version=form.cleaned_data["version"], **fields
                )
        except ValidationError as error:
            add_model_errors(form, error)
        except services.RoundTableError as error:
            if error.code == "beyond_target" and "beyond_target" in form.fields:
                form.add_error("beyond_target", error.message)
            else:
                status = refuse(form, error)
        except DomainError as error:
            status = refuse(form, error)
        else:
            messages.success(
                request, _("Round table created.") if creating else _("Round table saved.")
            )
            return redirect(form.instance)
    return render(
        request,
        "roundtables/roundtable_form.html",
        {"form": form, "agenda": agenda, "round_table": round_table},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("roundtables.edit")
def round_table_create(request):
    if repeat := repeat_of_a_saved_form(request, "roundtables:list"):
        return repeat
    return _round_table_form(request, RoundTable())


@require_http_methods(["GET", "HEAD", "POST"])
def round_table_update(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    return _round_table_form(request, round_table)


@require_safe
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
        # Named in the document's language («протокол-круглого-столу-3.pdf»).
        filename = _("protocol-round-table-%(number)s.pdf") % {"number": round_table.number}
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


# Participants ---------------------------------------------------------------------------
