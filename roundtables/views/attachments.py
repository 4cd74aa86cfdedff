"""Files of a round table: minutes, sign-in sheets, photos."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from league import access
from league.confirm import confirmation_page
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import submitted_once
from league.uploads import serve_file
from roundtables import selectors, services
from roundtables.forms import (
    AttachmentForm,
)
from roundtables.views.round_tables import detail_url

PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD", "POST"])
def attachment_upload(request, pk):
    round_table = selectors.get_round_table_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    if repeat := repeat_of_a_saved_form(request, detail_url(round_table.pk, "files")):
        return repeat
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
            if submission.already_saved:
                return already_saved(request, submission, detail_url(round_table.pk, "files"))
            services.attachment_add(
                round_table=round_table,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                uploaded_by=request.user,
            )
            submission.url = detail_url(round_table.pk, "files")
        messages.success(request, _("File uploaded."))
        return redirect(detail_url(round_table.pk, "files"))
    return render(
        request,
        "roundtables/attachment_form.html",
        {"form": form, "round_table": round_table, "upload_limit": settings.UPLOAD_MAX_BYTES},
    )


@require_safe
@access.requires("roundtables.view")
def attachment_download(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    # A sign-in sheet carries signatures and often phone numbers: staff only.
    access.check(request.user, "roundtables.view_attachment", attachment)
    if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
        raise Http404  # the record outlived its file (restored backup, manual clean-up)
    return serve_file(attachment.file, download_name=attachment.original_name)


@require_POST
def attachment_delete(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    if page := confirmation_page(
        request,
        question=_("Delete the file %(name)s?") % {"name": attachment},
        cancel_url=detail_url(attachment.round_table_id, "files"),
    ):
        return page
    services.attachment_delete(attachment=attachment, deleted_by=request.user)
    messages.success(request, _("File deleted."))
    return redirect(detail_url(attachment.round_table_id, "files"))


# The register of people ----------------------------------------------------------------------
