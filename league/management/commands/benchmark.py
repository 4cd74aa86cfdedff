"""Time the main pages on a database grown to many communities, and print the figures.

Meant for the demo database (`make run` fills it): the extra communities come on top of
the demo's round tables, plans and quarterly reports. Runs inside a transaction that is
rolled back, so it leaves the database as it found it.
See docs/benchmarks.md for the targets and the figures seen on the reference machine.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Oblast, Raion
from league.models import User

# (label, URL name, query string): the pages whose cost must not grow with the oblast.
PAGES = [
    ("community list", "communities:list", ""),
    ("community list, sorted by population", "communities:list", "?ordering=-population"),
    ("round tables", "roundtables:list", ""),
    ("commitments", "roundtables:commitment_list", ""),
    ("participants register", "roundtables:person_list", ""),
    ("plans and money in the oblast", "communities:plan_overview", ""),
    ("overdue measures", "communities:measure_overdue", ""),
    ("monitoring reports", "monitoring:report_list", ""),
    ("completeness matrix", "monitoring:completeness", ""),
    ("aggregates", "monitoring:aggregates", ""),
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Print response times and query counts of the main pages with N extra communities."

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, communities, repeat, **options):
        try:
            with transaction.atomic():
                self._grow(communities)
                self._measure(repeat)
                raise Rollback
        except Rollback:
            pass

    def _grow(self, count):
        oblast, _created = Oblast.objects.get_or_create(
            katottg="UA99000000000000000", defaults={"name": "Benchmark"}
        )
        raions = [Raion.objects.create(oblast=oblast, name=f"Bench {n}") for n in range(10)]
        Community.objects.bulk_create(
            Community(
                katottg=f"UA99{n:015d}",
                name=f"Громада {n}",
                type=Community.Type.RURAL,
                raion=raions[n % 10],
                centre=f"Село {n}",
                population=1000 + n,
            )
            for n in range(count)
        )
        self.user = User.objects.create(username="benchmark-staff", role=User.Role.STAFF)
        self.stdout.write(f"Communities in the database: {Community.objects.count()}")

    def _measure(self, repeat):
        client = Client(HTTP_HOST="localhost")
        client.force_login(self.user)
        self.stdout.write(f"{'page':45} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, name, query in PAGES:
            url = reverse(name) + query
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            self.stdout.write(
                f"{label:45} {statistics.median(timings):10.1f} {max(timings):8.1f} "
                f"{len(queries):8d}"
            )
