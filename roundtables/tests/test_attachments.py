"""Files of a round table: checked by content and size, stored under random names
outside the static tree, handed out only through the permission check."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtables import services
from roundtables.models import Attachment
from roundtables.tests.factories import EXE_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def upload_url(round_table):
    return reverse("roundtables:attachment_upload", args=[round_table.pk])


def stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def download(response) -> bytes:
    # Reading to the end makes the test client close the response and its file.
    return b"".join(response.streaming_content)


def post_file(client, round_table, name, content, kind="minutes"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(upload_url(round_table), {"kind": kind, "file": upload, "description": ""})


def test_staff_upload_a_pdf_stored_under_a_random_name(client_for, cast, round_table_a):
    response = post_file(client_for("staff"), round_table_a, "Протокол засідання.pdf", PDF_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "Протокол засідання.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert attachment.file.name.startswith("roundtables/attachment/")
    assert "Протокол" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    [stored] = stored_files()
    assert stored.read_bytes() == PDF_BYTES
    assert settings.MEDIA_ROOT in stored.parents and "static" not in stored.parts
    assert attachment.history.latest().history_user == cast.staff


def test_a_png_is_stored_as_png_whatever_its_name(client_for, round_table_a):
    post_file(client_for("staff"), round_table_a, "photo.pdf", PNG_BYTES, kind="photo")
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.file.name.endswith(".png")


def test_a_program_disguised_as_a_pdf_is_refused_and_nothing_stored(client_for, round_table_a):
    response = post_file(client_for("staff"), round_table_a, "minutes.pdf", EXE_BYTES)
    assert response.status_code == 200
    assert "Only PDF, JPEG and PNG files are accepted" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_file_over_the_limit_is_refused_and_nothing_stored(client_for, round_table_a, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = post_file(client_for("staff"), round_table_a, "scan.pdf", PDF_BYTES + b"0" * 2048)
    assert response.status_code == 200
    assert "the limit is 1.0" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_upload(client_for, round_table_a, role, status):
    assert post_file(client_for(role), round_table_a, "scan.pdf", PDF_BYTES).status_code == status
    assert not Attachment.objects.exists() and stored_files() == []


@pytest.fixture
def files_of_a(round_table_a, cast):
    def add(kind, content):
        upload = SimpleUploadedFile("upload.pdf", content)
        upload.original_name, upload.content_type = f"{kind}.pdf", "application/pdf"
        return services.attachment_add(
            round_table=round_table_a,
            kind=kind,
            uploaded_file=upload,
            description="",
            uploaded_by=cast.staff,
        )

    return {
        "minutes": add("minutes", PDF_BYTES),
        "sheet": add("sign_in_sheet", PDF_BYTES + b"%sheet"),
    }


@pytest.mark.parametrize(
    ("role", "minutes", "sheet"),
    [
        ("staff", 200, 200),
        ("admin", 200, 200),
        ("worker_a", 200, 403),  # a sign-in sheet carries signatures and phone numbers
        ("council", 200, 403),
        ("worker_b", 404, 404),
    ],
)
def test_downloads_per_role(client_for, files_of_a, role, minutes, sheet):
    client = client_for(role)
    for key, expected in (("minutes", minutes), ("sheet", sheet)):
        attachment = files_of_a[key]
        response = client.get(reverse("roundtables:attachment_download", args=[attachment.pk]))
        assert response.status_code == expected, key
        if expected == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert download(response) == attachment.file.open("rb").read()
            attachment.file.close()


def test_the_detail_page_hides_sign_in_sheets_from_workers(client_for, round_table_a, files_of_a):
    page = client_for("worker_a").get(reverse("roundtables:detail", args=[round_table_a.pk]))
    assert [attachment.kind for attachment in page.context["attachments"]] == ["minutes"]


def test_staff_delete_a_file_and_it_leaves_the_disk(
    client_for, files_of_a, django_capture_on_commit_callbacks
):
    attachment = files_of_a["minutes"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            reverse("roundtables:attachment_delete", args=[attachment.pk])
        )
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files()) == 1  # the sign-in sheet stays


def test_the_service_checks_the_file_itself_whatever_its_attributes_say(round_table_a, cast):
    # A caller that skips the form (the admin, a script) and sets the attributes the
    # form would have set still cannot store a program.
    disguised = SimpleUploadedFile("upload.pdf", EXE_BYTES)
    disguised.original_name, disguised.content_type = "minutes.pdf", "application/pdf"
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            round_table=round_table_a,
            kind="minutes",
            uploaded_file=disguised,
            description="",
            uploaded_by=cast.staff,
        )
    assert refused.value.code == "file_type_refused"
    assert not Attachment.objects.exists() and stored_files() == []


def test_the_service_checks_and_names_a_file_no_form_has_seen(round_table_a, cast):
    attachment = services.attachment_add(
        round_table=round_table_a,
        kind="photo",
        uploaded_file=SimpleUploadedFile("photo.pdf", PNG_BYTES),
        description="",
        uploaded_by=cast.staff,
    )
    assert (attachment.original_name, attachment.content_type) == ("photo.pdf", "image/png")
    assert attachment.file.name.endswith(".png")


POLYGLOT = PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"


def test_a_pdf_html_polyglot_is_served_as_a_pdf_attachment(client_for, round_table_a):
    response = post_file(client_for("staff"), round_table_a, "poly.html", POLYGLOT)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "poly.html"
    response = client_for("worker_a").get(
        reverse("roundtables:attachment_download", args=[attachment.pk])
    )
    assert download(response) == POLYGLOT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_stored_file_whose_content_is_not_its_extension_is_served_as_bytes(
    client_for, files_of_a
):
    # A file placed by hand, or stored before the checks: its extension is not trusted.
    attachment = files_of_a["minutes"]
    with attachment.file.open("wb") as stored:
        stored.write(b"<html><script>alert(1)</script></html>")
    response = client_for("staff").get(
        reverse("roundtables:attachment_download", args=[attachment.pk])
    )
    download(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.bin"'
