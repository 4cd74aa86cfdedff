"""Time the oblast monitoring report at a given size, and optionally write the figures
to docs/report-benchmark.md. Not a test: a script for this machine.

    manage.py benchmark_reports --communities 1469 --quarters 40 --write

Builds a synthetic oblast (realistic counts: mostly zeros, a few small ones) inside a
transaction that is rolled back, so it leaves the database as it found it. Measures the
context with exact figures (staff), with small-number protection (council), and the PDF.

`--family` also protects, jointly, the family of linked tables a release publishes for
each oblast of about sixty communities (communities, raions, oblast; quarters, half-years,
years, project to date; a breakdown with its total, and further person-linked counts),
built in memory from the same figures: docs/disclosure.md, "Speed".
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
from league import disclosure
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
        parser.add_argument("--no-pdf", action="store_true", help="Skip drawing the PDFs.")
        parser.add_argument(
            "--family", action="store_true", help="Also protect the joint family per oblast."
        )

    def handle(
        self, *args, communities, quarters, raions, no_protect, write, no_pdf, family, **options
    ):
        self.lines = []
        self.draw = not no_pdf
        try:
            with transaction.atomic():
                oblast, first, last = self._grow(communities, quarters, raions)
                self._measure(oblast, first, last, protect=False)
                if not no_protect:
                    self._measure(oblast, first, last, protect=True)
                if family:
                    self._measure_families()
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
        self.keys, self.figures = keys, {}
        self.raion_of = {community.pk: community.raion_id for community in created}
        quarter_of_period = {period.pk: (period.year, period.quarter) for period in periods}
        for report in reports:
            identified = rng.choice([0] * 12 + [1, 1, 2, 3, 5])
            labour = rng.randint(0, identified)
            self.figures[(report.community_id, quarter_of_period[report.period_id])] = {
                ("IDENTIFIED", ""): identified,
                ("IDENTIFIED", "labour"): labour,
                ("IDENTIFIED", "sexual"): identified - labour,
                ("HELP_SOCIAL", ""): identified,
                ("REFERRALS", ""): rng.choice([0] * 14 + [1, 2]),
            }
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
        if not self.draw:
            return
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

    def _measure_families(self):
        """Protect each oblast's family (raions in groups of six, about 60 communities)."""
        raions = sorted(set(self.raion_of.values()))
        oblasts = [raions[start : start + 6] for start in range(0, len(raions), 6)]
        started, cpu = time.perf_counter(), time.process_time()
        cells = hidden = slowest = 0
        for group in oblasts:
            table = _family(self.figures, self.raion_of, set(group), self.keys)
            began = time.perf_counter()
            try:
                protected = disclosure.protect(table)
            except DisclosureError:
                self.say("family: refused by the audit")
                return
            slowest = max(slowest, time.perf_counter() - began)
            cells += len(table.cells)
            hidden += len(protected.hidden)
        self.say(
            f"joint family, {len(oblasts)} oblast(s): {cells} cells, {hidden} hidden, "
            f"{time.perf_counter() - started:.1f} s in all ({time.process_time() - cpu:.1f} s "
            f"of CPU), slowest oblast {slowest:.1f} s"
        )


def _family(figures, raion_of, raions, keys):
    """One oblast's linked tables: areas x periods x (indicator, breakdown option)."""
    communities = [pk for pk, raion in raion_of.items() if raion in raions]
    periods: dict = {"all": [[("year", year) for year in sorted({y for y, _q in keys})]]}
    for year in {y for y, _q in keys}:
        halves = []
        for half in (1, 2):
            quarters = [key for key in keys if key[0] == year and (key[1] + 1) // 2 == half]
            if len(quarters) == 2:
                periods[("half", year, half)] = [quarters]
                halves.append(("half", year, half))
        quarters = [key for key in keys if key[0] == year]
        periods[("year", year)] = [halves] if len(halves) == 2 else [quarters]
    containing = {key: [key] for key in keys}
    for period in periods:
        for key in _quarters_of(period, periods):
            containing[key].append(period)
    cells: dict = {}
    for pk in communities:
        areas = (("community", pk), ("raion", raion_of[pk]), ("oblast",))
        for key in keys:
            for measure, value in figures[(pk, key)].items():
                for area in areas:
                    for period in containing[key]:
                        cell = (area, period, measure)
                        cells[cell] = cells.get(cell, 0) + value
    areas = {("oblast",): [[("raion", raion) for raion in sorted(raions)]]}
    for raion in raions:
        areas[("raion", raion)] = [
            [("community", pk) for pk in communities if raion_of[pk] == raion]
        ]
    measures = {("IDENTIFIED", ""): [[("IDENTIFIED", "labour"), ("IDENTIFIED", "sexual")]]}
    return disclosure.table_with_sums(cells, [areas, periods, measures])


def _quarters_of(period, periods):
    found = []
    for part in periods[period][0]:
        found.extend(_quarters_of(part, periods) if part in periods else [part])
    return found


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
