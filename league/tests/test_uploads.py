"""The shared upload checks: content, not name, decides; size is limited."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from league.uploads import CheckedFileField, check_upload, download_name_for, random_upload_path

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "stored_name"),
    [
        ("minutes.pdf", PDF, "upload.pdf"),
        ("photo.png", PNG, "upload.png"),
        ("photo.JPG", JPEG, "upload.jpg"),
        ("scan.pdf", PNG, "upload.png"),
    ],
)
def test_accepted_files_are_renamed_by_their_content(name, content, stored_name):
    cleaned = CheckedFileField().clean(SimpleUploadedFile(name, content))
    assert cleaned.name == stored_name
    assert cleaned.original_name == name


def test_a_program_disguised_as_a_pdf_is_refused():
    disguised = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(forms.ValidationError, match="PDF, JPEG і PNG"):
        CheckedFileField().clean(disguised)


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(forms.ValidationError, match="найбільший дозволений"):
        CheckedFileField().clean(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))


def test_storage_names_are_random_and_keep_only_known_extensions(cast):
    first = random_upload_path(cast.community_a, "upload.pdf")
    second = random_upload_path(cast.community_a, "upload.pdf")
    assert first != second
    assert first.startswith("communities/community/") and first.endswith(".pdf")
    assert random_upload_path(cast.community_a, "evil.php").endswith(".bin")


def test_a_service_check_refuses_a_file_whatever_its_attributes_claim():
    disguised = SimpleUploadedFile("upload.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    disguised.original_name, disguised.content_type = "minutes.pdf", "application/pdf"
    with pytest.raises(forms.ValidationError) as refused:
        check_upload(disguised)
    assert refused.value.code == "file_type_refused"


def test_checking_twice_keeps_the_persons_name():
    uploaded = CheckedFileField().clean(SimpleUploadedFile("Протокол.pdf", PDF))
    checked = check_upload(uploaded)
    assert (checked.original_name, checked.content_type, uploaded.name) == (
        "Протокол.pdf",
        "application/pdf",
        "upload.pdf",
    )


@pytest.mark.parametrize(
    ("name", "extension", "served"),
    [
        ("poly.html", "pdf", "poly.pdf"),
        ("Протокол засідання.pdf", "pdf", "Протокол засідання.pdf"),
        ("C:\\Users\\x\\scan.exe", "png", "scan.png"),
        ("../../etc/passwd", "bin", "passwd.bin"),
        ("...", "pdf", "file.pdf"),
    ],
)
def test_download_names_carry_the_checked_extension(name, extension, served):
    assert download_name_for(name, extension) == served
