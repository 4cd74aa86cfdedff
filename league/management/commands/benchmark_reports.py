"""Time the oblast monitoring report at a given size, and optionally write the figures
to docs/report-benchmark.md. Not a test: a script for this machine.

    manage.py benchmark_reports --communities 1469 --quarters 40 --write

Builds a synthetic oblast (realistic counts: mostly zeros, a few small ones) inside a
transaction that is rolled back, so it leaves the database as it found it. Measures the
context with exact figures (staff), with small-number protection (council), and the PDF.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Community, Oblast, Raion
from league.disclosure import DisclosureError
from league.pdf import render_pdf
from league.reports import documents
from league.reports.selectors import oblast_monitoring
from monitoring.catalogue import catalogue_load
from monitoring.models import (
    DataValue,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    previous_quarter,
    quarter_of,
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the oblast monitoring report (context, protection, PDF) at a given size."

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=1469)
        parser.add_argument("--quarters", type=int, default=40)
        parser.add_argument("--raions", type=int, default=136)
        parser.add_argument("--no-protect", action="store_true", help="Skip the protected run.")
        parser.add_argument("--write", action="store_true", help="Append to the docs file.")

    def handle(self, *args, communities, quarters, raions, no_protect, write, **options):
        self.lines = []
        try:
            with transaction.atomic():
                oblast, first, last = self._grow(communities, quarters, raions)
                self._measure(oblast, first, last, protect=False)
                if not no_protect:
                    self._measure(oblast, first, last, protect=True)
                raise Rollback
        except Rollback:
            pass
        if write:
            path = settings.BASE_DIR / "docs" / "report-benchmark.md"
            with open(path, "a", encoding="utf-8") as docs:
                docs.write(
                    f"\n## {timezone.localdate()}: {communities} communities in {raions} raions, "
                    f"{quarters} quarters\n\n" + "\n".join(self.lines) + "\n"
                )

    def say(self, line: str):
        self.lines.append(f"- {line}")
        self.stdout.write(line)

    def _grow(self, count, quarter_count, raion_count):
        rng = random.Random(20260101)
        catalogue_load()
        oblast = Oblast.objects.create(name="Бенчмарк", katottg="UA99000000000000000")
        raions = Raion.objects.bulk_create(
            Raion(oblast=oblast, name=f"Район {n}") for n in range(min(raion_count, count))
        )
        created = Community.objects.bulk_create(
            Community(
                katottg=f"UA99{n:015d}",
                name=f"Громада {n}",
                type=Community.Type.RURAL,
                raion=raions[n % len(raions)],
                centre=f"Село {n}",
                population=1000 + n,
            )
            for n in range(count)
        )
        last = previous_quarter(*quarter_of(timezone.localdate()))
        keys = [previous_quarter(*last, steps) for steps in reversed(range(quarter_count))]
        periods = []
        for key in keys:
            period = ReportingPeriod.objects.filter(year=key[0], quarter=key[1]).first()
            periods.append(period or ReportingPeriod.objects.create(**_period_fields(key)))
        submitted = {
            period.pk: timezone.make_aware(
                datetime.datetime.combine(period.deadline, datetime.time(9))
            )
            for period in periods
        }
        reports = MonitoringReport.objects.bulk_create(
            MonitoringReport(
                community=community,
                period=period,
                status=ReportStatus.APPROVED,
                first_submitted_at=submitted[period.pk],
            )
            for community in created
            for period in periods
        )
        indicators = {i.code: i for i in Indicator.objects.all()}
        values = []
        for report in reports:
            identified = rng.choice([0] * 12 + [1, 1, 2, 3, 5])
            values.append(
                DataValue(report=report, indicator=indicators["IDENTIFIED"], value=identified)
            )
            if identified:
                values.append(
                    DataValue(
                        report=report,
                        indicator=indicators["IDENTIFIED"],
                        dimension="exploitation",
                        option="labour",
                        value=identified,
                    )
                )
                values.append(
                    DataValue(report=report, indicator=indicators["HELP_SOCIAL"], value=identified)
                )
        DataValue.objects.bulk_create(values, batch_size=5000)
        self.say(
            f"{len(created)} communities, {len(reports)} approved reports, {len(values)} figures"
        )
        return oblast, keys[0], keys[-1]

    def _measure(self, oblast, first, last, *, protect):
        label = "protected (council)" if protect else "exact (staff)"
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            try:
                report = oblast_monitoring(oblast=oblast, first=first, last=last, protect=protect)
            except DisclosureError:
                self.say(
                    f"{label}: refused by the audit after {time.perf_counter() - started:.1f} s"
                )
                return
            built = time.perf_counter() - started
        self.say(
            f"{label}: context {built:.1f} s, {len(queries)} queries, "
            f"{report.hidden_count} cells hidden"
        )
        started = time.perf_counter()
        pdf = render_pdf(
            "reports/pdf/monitoring.html",
            {
                "report": report,
                "subject": oblast.name,
                "period": report.period,
                "title": "Benchmark",
                "stamp": documents.Stamp(),
                "issued_on": "",
                "chart": "",
            },
        )
        self.say(f"{label}: PDF {time.perf_counter() - started:.1f} s, {len(pdf) // 1024} KiB")


def _period_fields(key):
    period = ReportingPeriod.for_quarter(*key)
    return {
        "year": key[0],
        "quarter": key[1],
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "deadline": period.deadline,
        "entry_opens_on": period.entry_opens_on,
        "entry_closes_on": period.entry_closes_on,
    }
