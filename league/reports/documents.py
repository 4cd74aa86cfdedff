"""Report PDFs: one function builds any kind from its parameters, in one language.

The same parameters give the same figures in Ukrainian and English: the context is built
from the same query results, only the labels (and transliterated names) differ.
"""

import datetime
from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from communities.models import Community, Oblast
from league import charts
from league.disclosure import DisclosureError, small_label
from league.pdf import render_pdf
from league.reports import periods, releases
from league.reports.progress import community_profile, league_work, project_progress
from league.reports.selectors import oblast_monitoring
from league.translit import place_name

MONITORING = "monitoring"
PROGRESS = "progress"
PROFILE = "profile"
LANGUAGES = ("uk", "en")


@dataclass(frozen=True)
class Stamp:
    """What every page's footer carries: the register number and a QR code opening the
    verification page for it. A draft (not issued) has no number."""

    number: str = ""
    verify_url: str = ""

    @property
    def qr(self) -> str:
        if not self.verify_url:
            return ""
        return segno.make(self.verify_url, error="m").svg_data_uri(scale=2, border=1)


def trend_chart(report) -> str:
    """The monitoring report's people identified by quarter, for its page and its PDF
    alike; not drawn when no quarter has a figure above zero."""
    return charts.columns_svg(
        [charts.Column(label, figure) for label, figure in report.trend],
        title=_("People identified in the oblast, by quarter"),
    )


def language_or_default(language: str) -> str:
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def document_title(kind: str) -> str:
    return {
        MONITORING: _("Monitoring report"),
        PROGRESS: _("Project progress report"),
        PROFILE: _("Community profile"),
    }[kind]


def released_monitoring(*, oblast, first, last, today):
    """An issued report's figures: the fixed period as the oblast's newest release
    published it, the same cells the council page and /public/ show, so that no two
    outputs are protected apart (docs/disclosure.md, "Publication")."""
    release = releases.newest_release(oblast)
    period = release and periods.from_range(first, last, release.through)
    if period is None:
        raise DisclosureError(
            _(
                "No release of the oblast covers this period yet: make a release on the "
                "council figures page first."
            )
        )
    return releases.release_monitoring(release=release, period=period, today=today)


def build_context(*, kind: str, params: dict, protect: bool, today=None) -> dict:
    """The template context of a report kind, in the active language. Raises
    DisclosureError when the figures cannot be published, KeyError/DoesNotExist on bad
    parameters."""
    today = today or timezone.localdate()
    if kind == MONITORING:
        oblast = Oblast.objects.get(pk=params["oblast"])
        first, last = tuple(params["first"]), tuple(params["last"])
        if protect:
            report = released_monitoring(oblast=oblast, first=first, last=last, today=today)
        else:
            report = oblast_monitoring(
                oblast=oblast, first=first, last=last, protect=False, today=today
            )
        return {
            "report": report,
            "subject": _("%(name)s oblast") % {"name": place_name(oblast.name)},
            "period": report.period,
            "narrative": params.get("narrative", ""),
            "chart": trend_chart(report),
            "small_label": small_label(),
        }
    if kind == PROGRESS:
        oblast = Oblast.objects.get(pk=params["oblast"])
        progress = project_progress(oblast=oblast, today=today)
        return {
            "progress": progress,
            "work": league_work(oblast=oblast, protect=protect, today=today),
            "subject": _("%(name)s oblast") % {"name": place_name(oblast.name)},
            "period": formats.date_format(progress.as_of, "DATE_FORMAT"),
            "rows": [(row, place_name(row.name), place_name(row.raion)) for row in progress.rows],
        }
    if kind == PROFILE:
        community = Community.objects.select_related("raion__oblast").get(pk=params["community"])
        profile = community_profile(community=community, today=today)
        return {
            "profile": profile,
            "subject": profile.name,
            "period": formats.date_format(profile.as_of, "DATE_FORMAT"),
        }
    raise KeyError(kind)


def render_context(
    *, kind: str, context: dict, stamp: Stamp | None = None, issued_on=None
) -> bytes:
    """PDF bytes of an already built context, in the active language."""
    issued_on = issued_on or timezone.localdate()
    context = {
        **context,
        "title": document_title(kind),
        "kind": kind,
        "stamp": stamp or Stamp(),
        "issued_on": formats.date_format(issued_on, "DATE_FORMAT"),
    }
    return render_pdf(f"reports/pdf/{kind}.html", context)


def render_document(
    *,
    kind: str,
    params: dict,
    language: str = "uk",
    protect: bool = True,
    stamp: Stamp | None = None,
    issued_on: datetime.date | None = None,
) -> bytes:
    """The report as PDF bytes: A4, organisation header, title, period, date of issue,
    page x of y, register number and QR code on every page."""
    issued_on = issued_on or timezone.localdate()
    with translation.override(language_or_default(language)):
        context = build_context(kind=kind, params=params, protect=protect, today=issued_on)
        return render_context(kind=kind, context=context, stamp=stamp, issued_on=issued_on)


def _line(line) -> dict:
    return {
        "label": line.label,
        "kind": line.kind,
        "people": line.people,
        "figures": [
            value if isinstance(value, int | str) else str(value) for value in line.figures
        ],
    }


def published_data(kind: str, context: dict) -> dict:
    """The tables of a built context as JSON-ready data: what the register keeps beside
    the PDF, for the spreadsheets and the public page (never live data)."""
    if kind == MONITORING:
        report = context["report"]
        sections = [
            report.summary,
            report.communities,
            report.forms,
            report.help,
            report.completeness,
        ]
        return {
            "period": report.period,
            "sections": [
                {
                    "title": section.title,
                    "columns": [str(column) for column in section.columns],
                    "lines": [_line(line) for line in section.lines],
                }
                for section in sections
            ],
        }
    if kind == PROGRESS:
        progress = context["progress"]
        return {
            "as_of": progress.as_of.isoformat(),
            "round_tables_held": progress.held,
            "round_tables_target": progress.target,
            "communities_reached": progress.communities_reached,
            "communities": [
                {
                    "katottg": row.katottg,
                    "name": row.name,
                    "raion": row.raion,
                    "round_table": row.round_table,
                    "plan": row.plan_label,
                    "plan_adopted": row.plan_adopted,
                    "money_planned": str(row.planned),
                    "money_spent": str(row.spent),
                    "contracts": row.contracts,
                    "contracted": str(row.contracted),
                    "monitoring_on_time": row.monitoring_on_time,
                }
                for row in progress.rows
            ],
        }
    return {}
