import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty, migrated installation: "
        "checks every checksum first, then loads the rows in one transaction and copies the "
        "files into MEDIA_ROOT. --force replaces a non-empty installation. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the rows and files of a non-empty installation.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, force, database, **options):
        with tempfile.TemporaryDirectory(prefix="league-restore-") as staging:
            try:
                manifest = backup_restore(
                    path=path, staging=Path(staging), force=force, using=database
                )
            except BackupError as error:
                raise CommandError(str(error)) from error
        rows = sum(manifest["models"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} from {path}: {rows} rows, "
                f"{files} uploaded files. Everyone signs in again."
            )
        )
