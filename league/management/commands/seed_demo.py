from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from communities.models import Community
from communities.services import reference_data_load
from league.demo import DEMO_ACCOUNTS, demo_accounts_seed

# Each app's demo content, in the order their data depend on each other.
DEMO_MODULES = [
    "communities.demo",
    "communities.plans.demo",
    "roundtables.demo",
    "monitoring.demo",
    "league.demo",
    "league.reports.demo",
]


class Command(BaseCommand):
    help = (
        "Load the reference data if missing, create or update the demo accounts with the "
        "given password, and add realistic demo content. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts would be a way in. "
                "Pass --force if you really mean it."
            )
        with transaction.atomic():
            if not Community.objects.exists():
                reference_data_load()
            demo_accounts_seed(password=password)
            for module_name in DEMO_MODULES:
                import_module(module_name).seed()
        self.stdout.write(self.style.SUCCESS("Demo accounts: " + ", ".join(DEMO_ACCOUNTS) + "."))
