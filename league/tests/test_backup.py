"""`manage.py backup` and `restore`: one checked archive of the database and the uploads."""

import hashlib
import io
import json
import shutil
import stat
import tarfile

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from communities.models import Community
from communities.tests.factories import CommunityFactory, ContactPersonFactory
from league.backup import MANIFEST, backup_models
from league.tests.forms import post_form
from monitoring.tests.factories import DataValueFactory, ReportFactory
from roundtables.tests.factories import PDF_BYTES, CommitmentFactory, RoundTableFactory


def media_files(settings) -> dict[str, bytes]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def database_rows() -> dict[str, list]:
    """Every backed-up row, with content types and permissions by natural key."""
    return {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backup_models()
    }


@pytest.fixture
def portal_content(cast, client, settings):
    """Rows in every app, their history, an uploaded file, a permission and a log entry."""
    round_table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    CommitmentFactory(resolution__round_table=round_table, community=cast.community_a)
    ContactPersonFactory(community=cast.community_a)
    DataValueFactory(report=ReportFactory(community=cast.community_a), value=7)
    group = Group.objects.create(name="reviewers")
    group.permissions.add(Permission.objects.get(codename="view_community"))
    cast.staff.groups.add(group)
    LogEntry.objects.log_actions(
        cast.admin.pk, [cast.community_a], ADDITION, change_message="created", single_object=True
    )
    client.force_login(cast.staff)
    upload = SimpleUploadedFile("Протокол.pdf", PDF_BYTES, content_type="application/pdf")
    url = reverse("roundtables:attachment_upload", args=[round_table.pk])
    assert post_form(
        client, url, {"kind": "minutes", "file": upload, "description": ""}
    ).status_code
    client.logout()
    assert media_files(settings), "the upload is on disk"
    return round_table


def test_round_trip_restores_every_row_and_file(
    transactional_db, portal_content, settings, tmp_path
):
    rows, files = database_rows(), media_files(settings)
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds password hashes

    # An empty installation: migrated tables, no rows of our own, no files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Community.objects.count() == 0 and media_files(settings) == {}
    # Content types and permissions get other ids here: the backup names them by natural key.
    ContentType.objects.filter(app_label="communities").delete()
    create_permissions(apps.get_app_config("communities"), verbosity=0)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored the backup" in out.getvalue()
    assert database_rows() == rows
    assert media_files(settings) == files
    # Sequences moved past the restored ids: new rows can still be added.
    assert CommunityFactory().pk > max(row["pk"] for row in rows["communities.community"])


def test_the_manifest_lists_every_member_with_its_checksum(db, portal_content, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        members = {
            member.name: tar.extractfile(member).read()
            for member in tar.getmembers()
            if member.name != MANIFEST
        }
    assert {name: entry["sha256"] for name, entry in manifest["members"].items()} == {
        name: hashlib.sha256(data).hexdigest() for name, data in members.items()
    }
    assert manifest["models"]["communities.community"] == Community.objects.count()
    assert manifest["models"]["roundtables.attachment"] == 1
    assert "contenttypes.contenttype" not in manifest["models"]
    assert any(name.startswith("media/roundtables/attachment/") for name in members)


def test_backup_does_not_overwrite_an_existing_file(db, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"an older backup"


def test_restore_refuses_a_non_empty_installation_and_force_replaces_it(
    transactional_db, portal_content, settings, tmp_path
):
    rows, files = database_rows(), media_files(settings)
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    later = CommunityFactory(raion=portal_content.venue_community.raion, name="Пізніша")
    stray = settings.MEDIA_ROOT / "stray.pdf"
    stray.write_bytes(PDF_BYTES)

    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", str(archive))
    assert Community.objects.filter(pk=later.pk).exists() and stray.exists()

    call_command("restore", str(archive), force=True, stdout=io.StringIO())
    assert not Community.objects.filter(pk=later.pk).exists()
    assert database_rows() == rows
    assert media_files(settings) == files


def test_restore_signs_everyone_out(transactional_db, portal_content, cast, client, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    client.force_login(cast.staff)  # signed in before the restore
    assert client.get(reverse("home")).status_code == 200

    output = io.StringIO()
    call_command("restore", str(archive), force=True, stdout=output)

    assert "Everyone signs in again" in output.getvalue()
    assert Session.objects.count() == 0
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def rewrite_archive(source, target, change):
    """Copy an archive member by member, letting `change(name, data)` alter the content."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.fixture
def empty_installation_with_backup(transactional_db, portal_content, settings, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    return archive


def test_a_tampered_archive_is_refused_and_nothing_restored(
    empty_installation_with_backup, settings, tmp_path
):
    tampered = tmp_path / "tampered.tar.gz"

    def promote_to_admin(name, data):
        return data.replace(b'"role": "worker"', b'"role": "admin"') if "user" in name else data

    rewrite_archive(empty_installation_with_backup, tampered, promote_to_admin)
    with pytest.raises(CommandError, match=r"database/league__user\.json: SHA-256 does not match"):
        call_command("restore", str(tampered))
    assert database_rows()["league.user"] == [] and media_files(settings) == {}


def test_a_truncated_archive_is_refused(empty_installation_with_backup, settings, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    data = empty_installation_with_backup.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(truncated))
    assert database_rows()["league.user"] == [] and media_files(settings) == {}


@pytest.mark.parametrize("name", ["../escaped.txt", "media/../../escaped.txt", "/tmp/escaped.txt"])
def test_an_entry_outside_the_backup_layout_is_refused(db, settings, tmp_path, name):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="unexpected entry"):
        call_command("restore", str(archive))
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert not any(tmp_path.rglob("escaped.txt"))


def test_a_link_in_the_archive_is_refused(db, tmp_path):
    archive = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("media/passwd")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(CommandError, match="unexpected entry 'media/passwd'"):
        call_command("restore", str(archive))


def test_every_table_is_read_in_one_snapshot(transactional_db, cast, tmp_path, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from league import backup

    in_transaction = []
    original = backup.BackupSerializer.serialize

    def serialize(self, queryset, **options):
        in_transaction.append(connection.in_atomic_block)
        return original(self, queryset, **options)

    monkeypatch.setattr(backup.BackupSerializer, "serialize", serialize)
    with CaptureQueriesContext(connection) as queries:
        call_command("backup", str(tmp_path / "portal.tar.gz"), stdout=io.StringIO())
    assert len(in_transaction) == len(backup_models()) and all(in_transaction)
    if connection.vendor == "postgresql":
        # The first statement of the transaction fixes one snapshot for all that follow.
        statements = [query["sql"] for query in queries.captured_queries]
        assert statements[:2] == [
            "BEGIN",
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        ]


def test_a_linked_upload_is_stored_as_a_plain_file(db, settings, tmp_path):
    outside = tmp_path / "scan.pdf"
    outside.write_bytes(PDF_BYTES)
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "scan.pdf").symlink_to(outside)
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        member = tar.getmember("media/scan.pdf")
        assert member.isreg() and tar.extractfile(member).read() == PDF_BYTES
