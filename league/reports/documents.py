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
from league.disclosure import small_label
from league.pdf import render_pdf
from league.reports import charts
from league.reports.labels import place_name
from league.reports.progress import community_profile, project_progress
from league.reports.selectors import oblast_monitoring

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


def _language(language: str) -> str:
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def document_title(kind: str) -> str:
    return {
        MONITORING: _("Monitoring report"),
        PROGRESS: _("Project progress report"),
        PROFILE: _("Community profile"),
    }[kind]


def build_context(*, kind: str, params: dict, protect: bool, today=None) -> dict:
    """The template context of a report kind, in the active language. Raises
    DisclosureError when the figures cannot be published, KeyError/DoesNotExist on bad
    parameters."""
    today = today or timezone.localdate()
    if kind == MONITORING:
        oblast = Oblast.objects.get(pk=params["oblast"])
        report = oblast_monitoring(
            oblast=oblast,
            first=tuple(params["first"]),
            last=tuple(params["last"]),
            protect=protect,
            today=today,
        )
        return {
            "report": report,
            "subject": _("%(name)s oblast") % {"name": place_name(oblast.name)},
            "period": report.period,
            "narrative": params.get("narrative", ""),
            "chart": charts.bars_svg(report.trend, title=report.communities.title),
            "small_label": small_label(),
        }
    if kind == PROGRESS:
        oblast = Oblast.objects.get(pk=params["oblast"])
        progress = project_progress(oblast=oblast, today=today)
        return {
            "progress": progress,
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
    stamp = stamp or Stamp()
    issued_on = issued_on or timezone.localdate()
    with translation.override(_language(language)):
        context = build_context(kind=kind, params=params, protect=protect, today=issued_on)
        context.update(
            title=document_title(kind),
            kind=kind,
            stamp=stamp,
            issued_on=formats.date_format(issued_on, "DATE_FORMAT"),
        )
        return render_pdf(f"reports/pdf/{kind}.html", context)
