import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from league.scale import QUARTERS, scale_seed


class Command(BaseCommand):
    help = (
        "Build the national data set for measuring the portal: the demo (Sumy oblast) plus "
        "23 invented oblasts of the real shape, 1,469 communities in all, with 40 quarters of "
        "approved monitoring, round tables, people, plans and measures. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password of the demo accounts.")
        parser.add_argument(
            "--oblasts",
            type=int,
            default=None,
            help="Build only this many oblasts, Sumy included (default: all 24).",
        )
        parser.add_argument("--quarters", type=int, default=QUARTERS)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )

    def handle(self, *args, password, oblasts, quarters, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts would be a way in. "
                "Pass --force if you really mean it."
            )
        started = time.monotonic()
        call_command("seed_demo", password=password, force=force, stdout=self.stdout)
        with transaction.atomic():
            summary = scale_seed(oblasts=oblasts, quarters=quarters, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses from the empty tables of before.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {summary.oblasts} oblasts, {summary.raions} raions, "
                f"{summary.communities} communities, {summary.reports} reports with "
                f"{summary.figures} figures, {summary.round_tables} round tables, "
                f"{summary.people} people, {summary.plans} plans "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
