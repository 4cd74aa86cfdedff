from django.core.management.base import BaseCommand, CommandError

from communities.services import CommunityImportError, communities_import_csv


class Command(BaseCommand):
    help = (
        "Import an oblast's territorial communities from a CSV with the columns "
        "katottg,name_uk,type,raion_uk,centre_uk,population. Safe to run again: "
        "communities are matched by KATOTTG code. A bad file is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path")
        parser.add_argument("--oblast-name", required=True, help="For example: Сумська")
        parser.add_argument(
            "--oblast-katottg", required=True, help="For example: UA59000000000057109"
        )
        parser.add_argument("--population-year", type=int, default=2022)

    def handle(self, *args, csv_path, oblast_name, oblast_katottg, population_year, **options):
        try:
            with open(csv_path, encoding="utf-8-sig", newline="") as file:
                result = communities_import_csv(
                    file=file,
                    oblast_name=oblast_name,
                    oblast_katottg=oblast_katottg,
                    population_year=population_year,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {csv_path}: {error.strerror}") from error
        except CommunityImportError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Communities: {result.created} created, {result.updated} updated.")
        )
