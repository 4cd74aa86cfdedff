"""Each refusal of the restore's archive check, on small hand-made archives: nothing is
restored from an archive that holds a member twice, lacks or garbles its manifest, is of
another format, or whose members and manifest disagree; nor from a newer portal's backup."""

import hashlib
import io
import json
import tarfile
import tracemalloc

import pytest

from league import backup
from league.backup import FORMAT, MANIFEST, VERSION, BackupError
from league.models import User

MEMBER = "database/league__user.json"
DATA = b"[]"


def manifest(**changes) -> bytes:
    content = {
        "format": FORMAT,
        "version": VERSION,
        "members": {MEMBER: {"sha256": hashlib.sha256(DATA).hexdigest(), "size": len(DATA)}},
        "migrations": [],
        "models": {"league.user": 0},
        **changes,
    }
    return json.dumps(content).encode()


def archive(tmp_path, members: list[tuple[str, bytes]]):
    path = tmp_path / "portal.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def refusal(tmp_path, members) -> str:
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BackupError) as refused:
        backup._unpack_and_verify(archive(tmp_path, members), staging)
    return str(refused.value)


def test_a_well_formed_archive_passes(tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    checked = backup._unpack_and_verify(
        archive(tmp_path, [(MEMBER, DATA), (MANIFEST, manifest())]), staging
    )
    assert checked["members"][MEMBER]["size"] == 2
    assert (staging / MEMBER).read_bytes() == DATA


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([(MEMBER, DATA), (MEMBER, DATA), (MANIFEST, manifest())], "holds 'database/"),
        ([(MANIFEST, manifest()), (MANIFEST, manifest())], "holds 'manifest.json' twice"),
        ([(MEMBER, DATA)], "has no manifest.json"),
        ([(MEMBER, DATA), (MANIFEST, b"{not json")], "The manifest of"),
        ([(MEMBER, DATA), (MANIFEST, manifest(migrations=[1]))], "wrong type"),
        ([(MEMBER, DATA), (MANIFEST, manifest(models={"league.user": "0"}))], "wrong type"),
        ([(MEMBER, DATA), (MANIFEST, manifest(members=[]))], "The manifest of"),
        ([(MEMBER, DATA), (MANIFEST, manifest(format="other"))], "is not a backup of this"),
        ([(MEMBER, DATA), (MANIFEST, manifest(version=VERSION + 1))], "is not a backup of this"),
        ([(MANIFEST, manifest())], f"{MEMBER}: missing from the archive"),
        (
            [(MEMBER, DATA), ("media/extra.pdf", b"%PDF"), (MANIFEST, manifest())],
            "media/extra.pdf: not listed in the manifest",
        ),
    ],
    ids=[
        "member-twice",
        "manifest-twice",
        "no-manifest",
        "manifest-not-json",
        "migration-not-text",
        "count-not-number",
        "members-not-a-mapping",
        "other-format",
        "newer-version",
        "member-missing",
        "member-unlisted",
    ],
)
def test_each_bad_archive_is_refused(tmp_path, members, message):
    assert message in refusal(tmp_path, members)


def test_an_oversized_manifest_is_refused_before_it_is_read(tmp_path):
    """A few kilobytes of archive that unpack to a manifest over the cap (a run of
    whitespace compresses a thousandfold): refused by its size, never read into memory."""
    oversized = manifest() + b" " * backup.MANIFEST_MAX_BYTES
    path = archive(tmp_path, [(MEMBER, DATA), (MANIFEST, oversized)])
    assert path.stat().st_size < 100_000
    staging = tmp_path / "staging"
    staging.mkdir()
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match=r"manifest\.json is \d+ bytes, more than"):
            backup._unpack_and_verify(path, staging)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_a_manifest_at_the_cap_is_read(tmp_path, monkeypatch):
    content = manifest()
    monkeypatch.setattr(backup, "MANIFEST_MAX_BYTES", len(content))
    staging = tmp_path / "staging"
    staging.mkdir()
    path = archive(tmp_path, [(MEMBER, DATA), (MANIFEST, content)])
    assert backup._unpack_and_verify(path, staging)["format"] == FORMAT


def test_a_backup_of_a_newer_portal_is_refused(db):
    with pytest.raises(BackupError, match=r"newer version of the portal.*league\.9999_future"):
        backup._check_migrations({"migrations": ["league.9999_future"]}, "default")


def test_restoring_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(BackupError, match="does not exist or is not a file"):
        backup.backup_restore(path=tmp_path / "none.tar.gz", staging=tmp_path)


USER_ROW = json.dumps(
    [{"model": "league.user", "pk": 99, "fields": {"username": "restored", "password": ""}}]
).encode()


def restore(tmp_path, data: bytes, models: dict):
    digest = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    path = archive(
        tmp_path,
        [(MEMBER, data), (MANIFEST, manifest(members={MEMBER: digest}, models=models))],
    )
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BackupError) as refused:
        backup.backup_restore(path=path, staging=staging)
    return str(refused.value)


def test_rows_that_do_not_load_leave_the_database_as_it_was(db, tmp_path):
    message = restore(tmp_path, b'[{"model": "league.user", "pk": ', {"league.user": 1})
    assert message.startswith("The rows could not be loaded")
    assert not User.objects.filter(pk=99).exists()


def test_row_counts_that_differ_from_the_manifest_leave_the_database_as_it_was(db, tmp_path):
    message = restore(tmp_path, USER_ROW, {"league.user": 2})
    assert "differ from the manifest for league.user" in message
    assert not User.objects.filter(pk=99).exists()


def test_ending_sessions_also_empties_a_session_cache(db, settings):
    from importlib import import_module

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    assert store.exists(store.session_key)

    assert backup._end_sessions("default") == 1
    assert not store.exists(store.session_key)
