"""The one place that accepts uploaded files and hands them back.

Files are checked by their content (not their name) and size, stored under random
names in MEDIA_ROOT (outside the static tree), and served only by views that have
asked the permission policy first.
"""

import uuid
from pathlib import PurePosixPath

import filetype
from django import forms
from django.conf import settings
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Content type detected from the first bytes -> extension we store it under.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
SNIFF_BYTES = 262


def detect_content_type(uploaded) -> str | None:
    """The file's real type from its first bytes, or None when it is not one we accept."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return None
    return kind.mime


def validate_upload(uploaded) -> str:
    """Return the detected content type, or raise ValidationError with a clear message."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    content_type = detect_content_type(uploaded)
    if content_type is None:
        raise forms.ValidationError(
            _("Only PDF, JPEG and PNG files are accepted, and this file is none of them."),
            code="file_type_refused",
        )
    return content_type


class CheckedFileField(forms.FileField):
    """A form field that accepts only what validate_upload accepts."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            content_type = validate_upload(uploaded)
            # Keep the person's file name for display; store under the extension
            # that matches the content, whatever the name claimed.
            uploaded.original_name = uploaded.name
            uploaded.content_type = content_type
            uploaded.name = f"upload.{ALLOWED_TYPES[content_type]}"
        return uploaded


def random_upload_path(instance, filename: str) -> str:
    """A non-guessable storage name: app/model/<uuid>.<ext>, for use as `upload_to`."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES.values():
        extension = "bin"
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}.{extension}"


def serve_file(field_file, download_name: str = "") -> FileResponse:
    """Stream a stored upload to a user whom the caller has already let in, under the
    name the person uploaded it with (or its stored name when that was not kept)."""
    filename = download_name or PurePosixPath(field_file.name).name
    try:
        opened = field_file.open("rb")
    except FileNotFoundError as missing:
        # The record outlived its file (a restore without uploads, a disk fault).
        raise Http404(_("The file is missing from the portal's storage.")) from missing
    response = FileResponse(opened, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
