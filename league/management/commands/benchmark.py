"""Time every list, dashboard, aggregate page, form, export and PDF on the database at hand.

Meant for two databases built for it: the demo (`seed_demo`, Sumy oblast, 51 communities)
and the national data set (`seed_scale`, 1,469 communities, 1.8 million figures). Run it
on the first with `--json`, on the second with `--baseline` pointing at that file, and it
prints one table comparing both. Runs inside a transaction that is rolled back (the log-in
writes a session), so it leaves the database as it found it.

For each page: the median and worst server time (Django's test client, no network), the
number of queries, and "SQL ms": the page's own SELECTs run again straight on the database
cursor, rows fetched, which is the database's share of the page. Pages with a
hand-written `bare` query also show the time of the one query the page fundamentally
needs. See docs/performance.md for the figures on the reference machine.
"""

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from communities.plans.models import IdentificationPlan
from league.models import User
from monitoring import export_jobs
from monitoring.models import ExportJob, MonitoringReport, ReportStatus
from roundtables.models import RoundTable

HEAVY = {"export", "pdf"}


@dataclass
class Page:
    label: str
    kind: str  # list, form, detail, aggregate, export, pdf, admin
    url: str
    bare: str = ""  # the SQL the page fundamentally needs, where written by hand


@dataclass
class Timing:
    label: str
    kind: str
    median_ms: float
    max_ms: float
    queries: int
    sql_ms: float
    bare_ms: float | None


class Rollback(Exception):
    pass


def pages() -> list[Page]:
    """The pages to time, with objects picked from the database at hand."""
    community = Community.objects.order_by("-population", "pk").first()
    round_table = (
        RoundTable.objects.filter(status=RoundTable.Status.HELD).order_by("starts_at").first()
    )
    report = (
        MonitoringReport.objects.filter(community=community, status=ReportStatus.APPROVED)
        .order_by("-period__year", "-period__quarter")
        .first()
    )
    plan = IdentificationPlan.objects.filter(community=community).first()
    last_page = max(1, -(-MonitoringReport.objects.count() // 25))
    year = timezone.localdate().year - 1  # the last whole year
    rows = [
        Page("start page", "dashboard", reverse("home")),
        Page(
            "community list",
            "list",
            reverse("communities:list"),
            "SELECT c.id, c.name, r.name FROM communities_community c JOIN communities_raion r "
            "ON r.id = c.raion_id ORDER BY c.name, c.katottg LIMIT 25",
        ),
        Page(
            "community list, by population",
            "list",
            reverse("communities:list") + "?ordering=-population",
        ),
        Page("community page", "detail", reverse("communities:detail", args=[community.pk])),
        Page("round tables", "list", reverse("roundtables:list")),
        Page("round table form (new)", "form", reverse("roundtables:create")),
        Page("commitments", "list", reverse("roundtables:commitment_list")),
        Page("participants register", "list", reverse("roundtables:person_list")),
        Page(
            "plans and money in the oblast",
            "aggregate",
            reverse("communities:plan_overview"),
        ),
        Page("overdue measures", "list", reverse("communities:measure_overdue")),
        Page(
            "monitoring reports (and the start-a-report form)",
            "list",
            reverse("monitoring:report_list"),
        ),
        Page(
            "monitoring reports, last page",
            "list",
            reverse("monitoring:report_list") + f"?page={last_page}",
            "SELECT r.id FROM monitoring_monitoringreport r JOIN monitoring_reportingperiod p "
            f"ON p.id = r.period_id ORDER BY p.year DESC, p.quarter DESC, r.id "
            f"LIMIT 25 OFFSET {(last_page - 1) * 25}",
        ),
        Page("extension (form)", "form", reverse("monitoring:extension_create")),
        Page("completeness matrix", "aggregate", reverse("monitoring:completeness")),
        Page(
            "aggregates",
            "aggregate",
            reverse("monitoring:aggregates"),
            "SELECT p.year, p.quarter, SUM(v.value) FROM monitoring_datavalue v "
            "JOIN monitoring_monitoringreport r ON r.id = v.report_id "
            "JOIN monitoring_reportingperiod p ON p.id = r.period_id "
            "JOIN monitoring_indicator i ON i.id = v.indicator_id "
            "JOIN communities_community c ON c.id = r.community_id "
            "JOIN communities_raion ra ON ra.id = c.raion_id "
            "WHERE i.code = 'IDENTIFIED' AND v.dimension = '' AND r.status = 'approved' "
            "AND ra.oblast_id = (SELECT id FROM communities_oblast ORDER BY name LIMIT 1) "
            "GROUP BY p.year, p.quarter",
        ),
        Page("export form", "form", reverse("monitoring:export")),
        Page(
            f"export CSV, {year}, whole country",
            "export",
            reverse("monitoring:export") + f"?format=csv&year={year}",
        ),
        Page(
            f"export CSV for Excel (;), {year}, whole country",
            "export",
            reverse("monitoring:export") + f"?format=csv_semicolon&year={year}",
        ),
        # Made by the task worker, not in a request: timed as the task.
        Page(f"export XLSX, {year}, whole country (task)", "export", f"job:xlsx:{year}"),
        Page("export CSV, all years, whole country (task)", "export", "job:csv:"),
        Page(
            "admin: round-table list", "admin", reverse("admin:roundtables_roundtable_changelist")
        ),
        Page("admin: figure list", "admin", reverse("admin:monitoring_datavalue_changelist")),
        Page(
            "admin: report list", "admin", reverse("admin:monitoring_monitoringreport_changelist")
        ),
    ]
    if round_table:
        rows += [
            Page(
                "round table page", "detail", reverse("roundtables:detail", args=[round_table.pk])
            ),
            Page(
                "round table form (edit)",
                "form",
                reverse("roundtables:update", args=[round_table.pk]),
            ),
            Page(
                "add participant (form)",
                "form",
                reverse("roundtables:participant_add", args=[round_table.pk]),
            ),
            Page(
                "admin: round-table page",
                "admin",
                reverse("admin:roundtables_roundtable_change", args=[round_table.pk]),
            ),
            Page("protocol PDF", "pdf", reverse("roundtables:protocol_pdf", args=[round_table.pk])),
        ]
    if report:
        rows.append(
            Page(
                "monitoring report page",
                "detail",
                reverse("monitoring:report_detail", args=[report.pk]),
            )
        )
    if plan:
        rows.append(Page("plan page", "detail", reverse("communities:plan_detail", args=[plan.pk])))
    return rows


def _run_bare(statements: list[str], repeat: int = 3) -> float:
    """Median time of running `statements` straight on the cursor, rows fetched."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _run_job(user, spec: str) -> None:
    """Run an export job the way the worker does, and drop its file."""
    _job, file_format, year = spec.split(":")
    job = export_jobs.export_job_create(
        user=user,
        year=int(year) if year else None,
        report_status="",
        raion=None,
        file_format=file_format,
    )
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    job.file.delete(save=False)


def measure(client: Client, page: Page, repeat: int, user=None) -> Timing:
    timings = []
    if page.url.startswith("job:"):
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                _run_job(user, page.url)
                timings.append((time.perf_counter() - started) * 1000)
        return Timing(
            label=page.label,
            kind=page.kind,
            median_ms=round(statistics.median(timings), 1),
            max_ms=round(max(timings), 1),
            queries=len(queries),
            sql_ms=0.0,
            bare_ms=None,
        )
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page.url, secure=True)
            if response.streaming:
                b"".join(response.streaming_content)
            else:
                response.content  # noqa: B018  (rendered already; kept for symmetry)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (page.url, response.status_code)
    selects = [
        query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")
    ]
    return Timing(
        label=page.label,
        kind=page.kind,
        median_ms=round(statistics.median(timings), 1),
        max_ms=round(max(timings), 1),
        queries=len(queries),
        sql_ms=round(_run_bare(selects), 1),
        bare_ms=round(_run_bare([page.bare]), 1) if page.bare else None,
    )


class Command(BaseCommand):
    help = "Print server time and query counts of every main page on the database at hand."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument(
            "--repeat-heavy", type=int, default=3, help="Repeats for exports and PDFs."
        )
        parser.add_argument("--only", default="", help="Time only pages whose label has this.")
        parser.add_argument(
            "--skip-kind", action="append", default=[], help="Skip pages of this kind (export...)."
        )
        parser.add_argument(
            "--json", dest="json_path", type=Path, help="Write the figures to this file."
        )
        parser.add_argument(
            "--baseline", type=Path, help="Figures of an earlier run (--json) to compare with."
        )

    def handle(self, *args, repeat, repeat_heavy, only, skip_kind, json_path, baseline, **options):
        results = []
        try:
            with transaction.atomic():
                user = User.objects.create(username="benchmark-admin", role=User.Role.ADMIN)
                client = Client(HTTP_HOST="localhost")
                client.force_login(user)
                communities = Community.objects.count()
                for page in pages():
                    if (only and only not in page.label) or page.kind in skip_kind:
                        continue
                    times = repeat_heavy if page.kind in HEAVY else repeat
                    if not page.url.startswith("job:"):
                        client.get(page.url, secure=True)  # warm caches and imports
                    results.append(measure(client, page, times, user))
                    self.stderr.write(f"  {page.label}: {results[-1].median_ms} ms")
                raise Rollback
        except Rollback:
            pass
        figures = {"communities": communities, "pages": [asdict(row) for row in results]}
        if json_path:
            json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
        before = json.loads(baseline.read_text(encoding="utf-8")) if baseline else None
        self.stdout.write(table(figures, before))


def table(figures: dict, before: dict | None) -> str:
    """A Markdown table of the figures, next to the baseline's where given."""
    now = figures["communities"]
    if before is None:
        lines = [
            f"| page ({now} communities) | median ms | worst ms | queries | SQL ms | bare ms |",
            "|---|---|---|---|---|---|",
        ]
        for row in figures["pages"]:
            lines.append(
                f"| {row['label']} | {row['median_ms']} | {row['max_ms']} | {row['queries']} "
                f"| {row['sql_ms']} | {row['bare_ms'] if row['bare_ms'] is not None else ''} |"
            )
        return "\n".join(lines)
    was = before["communities"]
    old = {row["label"]: row for row in before["pages"]}
    lines = [
        f"| page | median ms at {was} | at {now} | ratio | worst ms at {now} "
        f"| queries at {was} | at {now} | SQL ms at {now} | bare ms at {now} |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in figures["pages"]:
        base = old.get(row["label"])
        base_median = base["median_ms"] if base else None
        ratio = f"{row['median_ms'] / base_median:.1f}" if base_median else ""
        lines.append(
            f"| {row['label']} | {base_median if base else ''} | {row['median_ms']} | {ratio} "
            f"| {row['max_ms']} | {base['queries'] if base else ''} | {row['queries']} "
            f"| {row['sql_ms']} | {row['bare_ms'] if row['bare_ms'] is not None else ''} |"
        )
    return "\n".join(lines)
