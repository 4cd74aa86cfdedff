from django.core.management.base import BaseCommand, CommandError

from communities.services import CommunityImportError, former_raions_import_csv


class Command(BaseCommand):
    help = (
        "Import the raions of 2016 and the present communities on each, from a CSV with the "
        "columns koatuu,raion_uk,centre_uk,raion_2020_uk,hromadas_uk. Import the communities first."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path")
        parser.add_argument("--oblast-katottg", required=True)

    def handle(self, *args, csv_path, oblast_katottg, **options):
        try:
            with open(csv_path, encoding="utf-8-sig", newline="") as file:
                result = former_raions_import_csv(file=file, oblast_katottg=oblast_katottg)
        except OSError as error:
            raise CommandError(f"Cannot read {csv_path}: {error.strerror}") from error
        except CommunityImportError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Former raions: {result.created} created, {result.updated} updated."
            )
        )
