"""The one place that accepts uploaded files and hands them back.

Files are checked by their content (not their name) and size, stored under random
names in MEDIA_ROOT (outside the static tree), and served only by views that have
asked the permission policy first.
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import FileField
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


# --- Stored files live and die with the row that names them ---
#
# A FileField stores its file while the row is being saved, before the INSERT or UPDATE:
# when that write fails, or the transaction around it rolls back, the file would stay in
# MEDIA_ROOT with no row naming it. The default storage (settings.STORAGES) is
# `TransactionalStorage`: every file it stores is "pending" until its row is committed:
# by the transaction's commit (`transaction.on_commit`), or, outside any transaction, by
# the row's save completing (`keep_saved_files`, on post_save). A pending file is deleted
#  - at once when the save that stored it fails (`removed_if_failed`, around every save of
#    the one write path, league.domain.validated_save), and
#  - when the request (or background task) ends, if it is still pending then: its save
#    failed, or its transaction or savepoint rolled back (`discard_uncommitted`, on
#    request_finished and on the tasks framework's task_finished).


def _pending(connection) -> dict:
    """Files stored through the connection and not yet committed, name -> storage."""
    if not hasattr(connection, "league_pending_uploads"):
        connection.league_pending_uploads = {}
    return connection.league_pending_uploads


def _track(storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    pending = _pending(connection)
    pending[name] = storage
    if connection.in_atomic_block:
        transaction.on_commit(lambda: pending.pop(name, None), using=using)


def keep_saved_files(sender, instance, using=DEFAULT_DB_ALIAS, **_signal_kwargs) -> None:
    """post_save: a row saved outside any transaction is committed, and so are its files."""
    connection = connections[using]
    pending = _pending(connection)
    if connection.in_atomic_block or not pending:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField):
            pending.pop(getattr(instance, field.attname).name, None)


def discard_uncommitted(using: str = DEFAULT_DB_ALIAS, **_signal_kwargs) -> int:
    """Delete the files whose row was never committed; how many. Run when the request is
    over (request_finished): out of every transaction, a file still pending was never
    committed, since a commit or a completed save would have kept it."""
    connection = connections[using]
    pending = _pending(connection)
    if connection.in_atomic_block or not pending:
        return 0
    stored = list(pending.items())
    pending.clear()
    for name, storage in stored:
        storage.delete(name)
    return len(stored)


@contextmanager
def removed_if_failed(using: str = DEFAULT_DB_ALIAS):
    """Delete the files stored inside the block when the block raises: the row that
    would have named them was not written."""
    pending = _pending(connections[using])
    before = set(pending)
    try:
        yield
    except BaseException:
        for name in [name for name in pending if name not in before]:
            pending.pop(name).delete(name)
        raise


class TransactionalStorage(FileSystemStorage):
    """MEDIA_ROOT storage whose files are removed again when the row that stored them is
    not committed (see above)."""

    def _save(self, name, content):
        name = super()._save(name, content)
        _track(self, name)
        return name


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
    with that extension. Always an attachment, never sniffed, never run as a page. A file
    gone from storage is a 404 that says so.
    """
    try:
        content_type, extension = served_type(field_file)
        opened = field_file.open("rb")
    except FileNotFoundError as missing:
        # The record outlived its file (a restore without uploads, a disk fault).
        raise Http404(_("The file is missing from the portal's storage.")) from missing
    filename = download_name_for(download_name or PurePosixPath(field_file.name).name, extension)
    response = FileResponse(
        opened, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser still render it, it gets no scripts, forms or origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
