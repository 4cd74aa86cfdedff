"""The one place that accepts uploaded files and hands them back.

Files are checked by their content (not their name) and size, stored under random
names in MEDIA_ROOT (outside the static tree), and served only by views that have
asked the permission policy first.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django import forms
from django.conf import settings
from django.http import FileResponse
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


@dataclass(frozen=True)
class CheckedUpload:
    """What check_upload found: the type by content, and the name the person gave."""

    content_type: str
    extension: str
    original_name: str


def check_upload(uploaded) -> CheckedUpload:
    """Check a file that is about to be stored, whoever hands it over: every service
    that stores an upload calls this itself, so a caller that skips the form (the
    admin, a script) cannot store an unchecked file. Raises ValidationError.

    The file is renamed to match its content (`upload.pdf`), so that storage names
    it by what it is; the person's name is kept in `original_name` for display.
    Checking a file twice is harmless.
    """
    content_type = validate_upload(uploaded)
    original_name = getattr(uploaded, "original_name", "") or PurePosixPath(uploaded.name).name
    extension = ALLOWED_TYPES[content_type]
    uploaded.original_name = original_name
    uploaded.content_type = content_type
    uploaded.name = f"upload.{extension}"
    return CheckedUpload(content_type, extension, original_name)


class CheckedFileField(forms.FileField):
    """A form field that accepts only what validate_upload accepts."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded is not initial:
            # Keep the person's file name for display; store under the extension
            # that matches the content, whatever the name claimed.
            check_upload(uploaded)
        return uploaded


def random_upload_path(instance, filename: str) -> str:
    """A non-guessable storage name: app/model/<uuid>.<ext>, for use as `upload_to`."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES.values():
        extension = "bin"
    meta = instance._meta
    return f"{meta.app_label}/{meta.model_name}/{uuid.uuid4().hex}.{extension}"


def served_type(field_file) -> tuple[str, str]:
    """(content type, extension) to serve a stored file under: what its content was
    checked to be, told by the extension it was stored under and confirmed by its first
    bytes; anything else (an old or hand-placed file) is served as opaque bytes."""
    extension = PurePosixPath(field_file.name).suffix.lower().lstrip(".")
    by_extension = {stored: content_type for content_type, stored in ALLOWED_TYPES.items()}
    content_type = by_extension.get(extension)
    if content_type is None:
        return "application/octet-stream", "bin"
    with field_file.open("rb") as stored:
        head = stored.read(SNIFF_BYTES)
    kind = filetype.guess(head)
    if kind is None or kind.mime != content_type:
        return "application/octet-stream", "bin"
    return content_type, extension


def download_name_for(name: str, extension: str) -> str:
    """The person's file name with the extension of what the file really is:
    `poly.html` holding a PDF is handed out as `poly.pdf`."""
    stem = PurePosixPath(name.replace("\\", "/")).stem.strip(". ") or "file"
    return f"{stem[:100]}.{extension}"


def serve_file(field_file, download_name: str = "") -> FileResponse:
    """Stream a stored upload to a user whom the caller has already let in.

    The content type and extension are those the stored file was checked to have, never
    what the uploader's file name said; the name is the person's (or the stored one)
    with that extension. Always an attachment, never sniffed, never run as a page.
    """
    content_type, extension = served_type(field_file)
    filename = download_name_for(download_name or PurePosixPath(field_file.name).name, extension)
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser still render it, it gets no scripts, forms or origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
