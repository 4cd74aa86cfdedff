"""Files of a round table: minutes, sign-in sheets, photos."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from league import access
from league.confirm import confirmation_page
from league.uploads import serve_file
from roundtables import selectors, services
from roundtables.forms import (
    AttachmentForm,
)
from roundtables.models import (
    Attachment,
)
from roundtables.views.round_tables import detail_url

PAGE_SIZE = 20


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
        return redirect(detail_url(round_table.pk, "files"))
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
