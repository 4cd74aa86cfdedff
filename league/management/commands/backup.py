from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from league.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write one .tar.gz holding the whole database (read in one consistent snapshot), "
        "every file under MEDIA_ROOT, and a manifest with SHA-256 checksums and row counts. "
        "See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive to write; it must not exist.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            manifest = backup_write(path=path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["models"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {rows} rows of {len(manifest['models'])} models, "
                f"{files} uploaded files."
            )
        )
