from django.core.management.base import BaseCommand

from communities.services import reference_data_load


class Command(BaseCommand):
    help = "Load the 51 communities of Sumy oblast and its 18 raions of 2016. Safe to run again."

    def handle(self, *args, **options):
        reference_data_load()
        self.stdout.write(self.style.SUCCESS("Sumy oblast reference data is loaded."))
