"""Backup and restore of the whole portal: database rows and uploaded files in one archive.

The archive is a gzip'd tar with three kinds of member:

- ``database/<app>__<model>.json``: the rows of one model, in Django's JSON serialization
  (primary keys kept; content types and permissions referred to by natural key, since
  their ids differ between installations);
- ``media/<path>``: every file under MEDIA_ROOT;
- ``manifest.json``: format and version, the migrations the database had, the number of
  rows per model, and the SHA-256 and size of every other member.

The rows are read in one transaction (REPEATABLE READ on PostgreSQL, so every table is
seen at the same instant). Restore checks every member against the manifest before it
writes anything, then loads the rows with ``loaddata`` in one transaction and copies the
files. Ground floor: it knows no app, only the model registry.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import time
import zlib
from importlib import import_module
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from league.domain import DomainError

FORMAT = "league-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024
# The manifest is read into memory and parsed before anything in the archive is trusted:
# never more than this. A real one lists every member in about 150 bytes, so 16 MB is
# room for a hundred thousand uploaded files; a forged one (a compressed run of
# whitespace) is refused by its declared size before a byte of it is read.
MANIFEST_MAX_BYTES = 16 * 1024 * 1024

# Not backed up: rebuilt by migrate in every installation (content types, permissions),
# or worth nothing after a restore (sessions: everyone signs in again).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
CACHED_SESSION_ENGINES = {
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
}
# Referred to by natural key: their ids differ from one installation to another.
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}
# Rows that a migration writes into every new installation (the default indicator
# catalogue). A database holding only these still counts as empty; restore replaces them.
SEEDED_BY_MIGRATIONS = {"monitoring.indicator", "monitoring.validationrule"}


class BackupError(DomainError):
    """A backup or restore that cannot go on; the message says why and what to do."""


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupSerializer(JSONSerializer):
    """Django's JSON, with natural keys only for content types and permissions.

    Natural keys everywhere would fetch every related row (and fail on the dangling ids
    that history tables keep on purpose); plain ids are exact within one database.
    """

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = _label(field.remote_field.model) in NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = _label(field.remote_field.model) in NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)


def _label(model) -> str:
    return model._meta.label_lower


def backup_models() -> list:
    """Every concrete model whose rows a backup holds, in a stable order."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and _label(model) not in EXCLUDED_MODELS
    ]
    return sorted(models, key=_label)


def _member_name(model) -> str:
    # No dot inside the stem: loaddata reads "a.b.json" as fixture "a" for database "b".
    return f"{DATABASE_DIR}/{model._meta.app_label}__{model._meta.model_name}.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256 on the way."""

    def __init__(self, stream):
        self.stream = stream
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.hash.update(data)
        return data


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _applied_migrations(connection) -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _serialize_database(using: str) -> tuple[dict[str, bytes], dict[str, int], list[str]]:
    """All rows, read in one transaction: (members, rows per model, applied migrations)."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    members, counts = {}, {}
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            # Must be the transaction's first statement: one snapshot for every table.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backup_models():
            queryset = model._base_manager.using(using).order_by("pk")
            stream = io.StringIO()
            BackupSerializer().serialize(queryset, stream=stream, cls=FullPrecisionEncoder)
            rows = json.loads(stream.getvalue())
            counts[_label(model)] = len(rows)
            if rows:
                members[_member_name(model)] = stream.getvalue().encode()
        migrations = _applied_migrations(connection)
    return members, counts, migrations


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def backup_write(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a complete backup to ``path`` (which must not exist yet) and return its
    manifest. The file is readable by its owner only: it holds password hashes."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new name (for example with the date).")
    members, counts, migrations = _serialize_database(using)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database_vendor": connections[using].vendor,
        "migrations": migrations,
        "models": counts,
        "members": {},
    }
    partial = path.with_name(path.name + ".partial")
    media_root = Path(settings.MEDIA_ROOT)
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, data in members.items():
                _add_bytes(tar, name, data)
                manifest["members"][name] = {"sha256": _sha256(data), "size": len(data)}
            for file_path in _media_files(media_root):
                name = f"{MEDIA_DIR}/{file_path.relative_to(media_root).as_posix()}"
                # Always a plain file, even where MEDIA_ROOT holds a link: restore takes no links.
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = file_path.stat().st_size, time.time(), 0o600
                with file_path.open("rb") as stream:
                    reader = _HashingReader(stream)
                    tar.addfile(info, reader)
                manifest["members"][name] = {"sha256": reader.hash.hexdigest(), "size": info.size}
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _checked_name(member: tarfile.TarInfo) -> PurePosixPath:
    """The member's path if it is a plain file where a backup puts files; else refuse.

    No absolute paths, no "..", no links or devices: nothing may land outside the
    staging folder, whatever the archive says.
    """
    name = member.name
    path = PurePosixPath(name)
    safe = (
        member.isreg()
        and name == str(path)
        and not path.is_absolute()
        and "\\" not in name
        and ".." not in path.parts
        and (
            name == MANIFEST
            or (len(path.parts) >= 2 and path.parts[0] in {DATABASE_DIR, MEDIA_DIR})
        )
    )
    if not safe:
        raise BackupError(
            f"The archive holds an unexpected entry {name!r} (a link, a folder or a path "
            "outside the backup's layout). It was not made by this portal or was altered; "
            "nothing was restored."
        )
    return path


def _read_manifest(member: tarfile.TarInfo, stream) -> bytes:
    """The manifest's bytes, refused by the size its header declares (tarfile never reads
    past that size) before any of them is read or decompressed."""
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError(
            f"The archive's {MANIFEST} is {member.size} bytes, more than the "
            f"{MANIFEST_MAX_BYTES} a backup's manifest may have: it was not made by this "
            "portal or was altered; nothing was restored."
        )
    return stream.read()


def _unpack_and_verify(path: Path, staging: Path) -> dict:
    """Extract every member into ``staging`` and check it against the manifest."""
    digests: dict[str, str] = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                member_path = _checked_name(member)
                name = str(member_path)
                if name in digests or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"The archive holds {name!r} twice; nothing was restored.")
                stream = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = _read_manifest(member, stream)
                    continue
                target = staging.joinpath(*member_path.parts)
                if not target.resolve().is_relative_to(staging.resolve()):
                    raise BackupError(f"The archive entry {name!r} points outside; refused.")
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                digests[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{path} is not a readable backup (damaged, truncated or not a .tar.gz): {error}"
        ) from error
    if manifest_bytes is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a backup made by this portal.")
    try:
        manifest = json.loads(manifest_bytes)
        expected = {name: entry["sha256"] for name, entry in manifest["members"].items()}
        known_format = manifest["format"] == FORMAT and manifest["version"] == VERSION
        well_formed = all(isinstance(name, str) for name in manifest["migrations"]) and all(
            isinstance(label, str) and isinstance(count, int)
            for label, count in manifest["models"].items()
        )
        if not well_formed:
            raise TypeError("migrations or row counts have the wrong type")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"The manifest of {path} is unreadable: {error}") from error
    if not known_format:
        raise BackupError(f"{path} is not a backup of this portal's format {FORMAT} v{VERSION}.")
    problems = []
    for name in sorted(expected.keys() | digests.keys()):
        if name not in digests:
            problems.append(f"{name}: missing from the archive")
        elif name not in expected:
            problems.append(f"{name}: not listed in the manifest")
        elif digests[name] != expected[name]:
            problems.append(f"{name}: SHA-256 does not match the manifest")
    if problems:
        raise BackupError(
            "The archive does not match its manifest (damaged or altered); nothing was "
            "restored:\n  " + "\n  ".join(problems)
        )
    return manifest


def _check_migrations(manifest: dict, using: str) -> None:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "This backup comes from a newer version of the portal (migrations unknown "
            f"here: {', '.join(unknown[:5])}). Deploy that version, migrate, then restore."
        )


def domain_row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per model that make a database non-empty (not counting what migrations seed)."""
    counts = {}
    for model in backup_models():
        if _label(model) in SEEDED_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            counts[_label(model)] = count
    return counts


def _flush_backup_tables(using: str) -> None:
    connection = connections[using]
    tables = set()
    for model in backup_models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    statements = connection.ops.sql_flush(no_style(), sorted(tables))
    connection.ops.execute_sql_flush(statements)


def _end_sessions(using: str) -> int:
    """Sign everyone out: a session names a user by id, and after a restore that id may be
    somebody else. Deletes every stored session (the database engines) and empties the
    session cache (the cache engines). Returns the sessions deleted from the database."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    if hasattr(store, "get_model_class"):
        ended, _by_model = store.get_model_class()._base_manager.using(using).all().delete()
    if settings.SESSION_ENGINE in CACHED_SESSION_ENGINES:
        caches[settings.SESSION_CACHE_ALIAS].clear()
    return ended


def _replace_media(source: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    for file_path in _media_files(source):
        target = media_root / file_path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file_path, target)
        count += 1
    return count


def backup_restore(
    *, path: Path, staging: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> dict:
    """Restore the backup at ``path`` into this installation and return its manifest.

    ``staging`` is an empty scratch folder. Every member is checked before anything is
    written. A database with rows of its own (beyond what migrations seed) or a non-empty
    MEDIA_ROOT is refused unless ``force``: then both are replaced. The rows load in one
    transaction, which also ends every session (everyone signs in again); the files are
    copied after it commits.
    """
    path, staging = Path(path), Path(staging)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    manifest = _unpack_and_verify(path, staging)
    _check_migrations(manifest, using)
    media_root = Path(settings.MEDIA_ROOT)
    existing_rows = domain_row_counts(using)
    existing_files = len(_media_files(media_root))
    if (existing_rows or existing_files) and not force:
        largest = sorted(existing_rows.items(), key=lambda item: -item[1])[:3]
        raise BackupError(
            f"This installation is not empty: {sum(existing_rows.values())} rows in "
            f"{len(existing_rows)} tables (most in "
            f"{', '.join(f'{label}: {count}' for label, count in largest) or 'none'}), "
            f"{existing_files} files in MEDIA_ROOT. Restore into a freshly migrated "
            "installation, or give --force to replace everything in it."
        )
    fixtures = sorted((staging / DATABASE_DIR).glob("*.json"))
    with transaction.atomic(using=using):
        _flush_backup_tables(using)
        if fixtures:
            try:
                # The history comes from the backup. loaddata saves rows "raw", which
                # django-simple-history skips, but sets many-to-many links through the
                # ordinary signal, which would add a history row for each of them.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", *map(str, fixtures), database=using, verbosity=0)
            except (CommandError, DeserializationError, DatabaseError) as error:
                raise BackupError(
                    f"The rows could not be loaded ({error}); the database was left as it was."
                ) from error
        restored = {
            _label(model): model._base_manager.using(using).count() for model in backup_models()
        }
        # A model without rows in the backup must be empty here too.
        expected = dict.fromkeys(restored, 0) | manifest["models"]
        differing = sorted(label for label in expected if restored.get(label, 0) != expected[label])
        if differing:
            raise BackupError(
                "The restored row counts differ from the manifest for "
                f"{', '.join(differing)}; the database was left as it was."
            )
        _end_sessions(using)
    _replace_media(staging / MEDIA_DIR, media_root)
    return manifest
