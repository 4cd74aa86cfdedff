"""Issuing reports: the only write path of the register."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.models import Community, Oblast
from league import mail
from league.disclosure import DisclosureError
from league.domain import DomainError, validated_save
from league.models import User
from league.reports import documents, periods, releases
from league.reports.models import IssuedReport, Release
from league.reports.progress import last_due_quarter
from monitoring.models import quarter_of


class ReportError(DomainError):
    """A report cannot be issued; the message says what to change."""

    def __init__(self, message: str, code: str = "report"):
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Subject:
    oblast: Oblast
    community: Community | None


def _subject(kind: str, params: dict) -> Subject:
    if kind == IssuedReport.Kind.PROFILE:
        # The register is read by council officials and, through /public/, by anyone; a
        # profile holds the community's exact figures, for its social workers and staff.
        raise ReportError(
            _(
                "A community profile holds exact figures for the community's social workers "
                "and staff: download it from the community's page; it is not issued."
            ),
            "kind",
        )
    oblast = Oblast.objects.filter(pk=params.get("oblast")).first()
    if oblast is None:
        raise ReportError(_("Choose the oblast."), "parameters")
    if kind == IssuedReport.Kind.MONITORING:
        if not (params.get("first") and params.get("last")):
            raise ReportError(_("Choose the quarters."), "parameters")
        # Issued reports reach the council and the public: fixed periods only, or two
        # overlapping spans would give a quarter by subtraction.
        span = (tuple(params["first"]), tuple(params["last"]))
        if periods.from_range(*span, periods.last_ended_quarter()) is None:
            raise ReportError(
                _(
                    "A report covers a quarter, a half-year, a year or the project to date "
                    "that is over; choose one of these."
                ),
                "period",
            )
    return Subject(oblast, None)


def _release_covering(oblast: Oblast, last, issued_by: User) -> None:
    """An issued monitoring report shows what the oblast's release published (the same
    cells as the council page and /public/). When no release reaches its last quarter
    yet, issuing makes one first, at once: the report is its first reader."""
    newest = releases.newest_release(oblast)
    if newest is None or newest.through < last:
        queued = _release_queued(oblast=oblast, requested_by=issued_by)
        made = release_make(release_id=queued.pk)
        if made.state != Release.State.DONE:
            raise ReportError(made.error, "disclosure")


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def number_spellings(number: str) -> list[str]:
    """A register number as issued and in its other spelling: `2026-IV-003` and, for the
    reports issued before the quarter was written in Roman numerals, `2026-Q4-003`. The
    printed number of an issued PDF never changes (its SHA-256 binds it), so /verify/
    looks a number up in both."""
    spellings = [number]
    for quarter, roman in ROMAN_QUARTERS.items():
        year, sep, rest = number.partition(f"-{roman}-")
        if sep and year.isdigit():
            spellings.append(f"{year}-Q{quarter}-{rest}")
        year, sep, rest = number.partition(f"-Q{quarter}-")
        if sep and year.isdigit():
            spellings.append(f"{year}-{roman}-{rest}")
    return spellings


def next_number(now) -> str:
    """`2026-III-001`: the year and quarter of issue (in Roman numerals, as Ukrainian
    documents write quarters), then a sequence within them that continues the quarter's
    numbers issued as `2026-Q3-…` before."""
    year, quarter = quarter_of(timezone.localdate(now))
    prefixes = (f"{year}-{ROMAN_QUARTERS[quarter]}-", f"{year}-Q{quarter}-")
    taken = IssuedReport.objects.filter(
        Q(number__startswith=prefixes[0]) | Q(number__startswith=prefixes[1])
    ).values_list("number", flat=True)
    last = max((int(number.rsplit("-", 1)[-1]) for number in taken), default=0)
    return f"{prefixes[0]}{last + 1:03d}"


def verify_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('reports:verify')}?number={number}"


def report_issue(
    *,
    kind: str,
    params: dict,
    issued_by: User,
    base_url: str,
    language: str = "uk",
    replaces: IssuedReport | None = None,
) -> IssuedReport:
    """Render the report with protected figures, store the PDF with its register number
    and SHA-256, and tell the oblast's council officials by e-mail (a link, never the
    file). A correction names the report it replaces; that one is never changed. Staff
    only (the view asks the policy)."""
    if kind not in IssuedReport.Kind.values:
        raise ReportError(_("Unknown report kind."), "kind")
    subject = _subject(kind, params)
    language = documents.language_or_default(language)
    if kind == IssuedReport.Kind.MONITORING:
        _release_covering(subject.oblast, tuple(params["last"]), issued_by)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                if replaces is not None:
                    replaces = IssuedReport.objects.select_for_update().get(pk=replaces.pk)
                    if IssuedReport.objects.filter(replaces=replaces).exists():
                        raise ReportError(
                            _("Report %(number)s has already been replaced.")
                            % {"number": replaces.number},
                            "replaced",
                        )
                    if replaces.kind != kind:
                        raise ReportError(
                            _("A correction must be of the same kind as the report it replaces."),
                            "kind",
                        )
                now = timezone.now()
                number = next_number(now)
                report = _render_and_store(
                    kind=kind,
                    params=params,
                    language=language,
                    subject=subject,
                    number=number,
                    base_url=base_url,
                    issued_by=issued_by,
                    now=now,
                    replaces=replaces,
                )
        except IntegrityError:
            continue  # another issue took the number: take the next one
        # The oblast's council officials get a link (never the file), once, after commit.
        mail.report_issued(
            oblast=report.oblast,
            title=f"{report.number}: {report.title}",
            url=report.get_absolute_url(),
            report_id=report.pk,
        )
        return report
    raise ReportError(_("The register is busy; try again."), "busy")


def _render_and_store(
    *, kind, params, language, subject, number, base_url, issued_by, now, replaces
):
    stamp = documents.Stamp(number, verify_url(base_url, number))
    issued_on = timezone.localdate(now)
    with translation.override(language):
        try:
            context = documents.build_context(
                kind=kind, params=params, protect=True, today=issued_on
            )
        except DisclosureError as refused:
            raise ReportError(str(refused), "disclosure") from refused
        pdf = documents.render_context(kind=kind, context=context, stamp=stamp, issued_on=issued_on)
        title = f"{documents.document_title(kind)}: {context['subject']}"
        period = str(context["period"])
        data = documents.published_data(kind, context)
    report = IssuedReport(
        number=number,
        kind=kind,
        parameters=params,
        language=language,
        title=title,
        period=period,
        oblast=subject.oblast,
        community=subject.community,
        sha256=hashlib.sha256(pdf).hexdigest(),
        data=data,
        replaces=replaces,
        issued_by=issued_by,
        issued_at=now,
    )
    report.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
    report._history_user = issued_by
    try:
        report.full_clean(validate_unique=False)  # a taken number fails on insert: retried
        report.save()
    except Exception:
        # No register row, so no file: a lost number leaves no PDF on disk.
        report.file.delete(save=False)
        raise
    return report


# Releases: an oblast's protected publication (league/reports/releases.py) -------------------


def release_request(*, oblast: Oblast, requested_by: User, today=None) -> Release:
    """Queue the oblast's release through the latest quarter whose reports were due by
    `today`. Once per quarter: another for a quarter already released is a correction that
    replaces the newest release. The oblast's row is locked, so two requests never take
    the same number, and none is accepted while one is being made. Staff only (the view
    asks the policy). The background task makes it after commit."""
    release = _release_queued(oblast=oblast, requested_by=requested_by, today=today)
    transaction.on_commit(lambda: make_release.enqueue(release.pk))
    return release


def _release_queued(*, oblast: Oblast, requested_by: User, today=None) -> Release:
    through = last_due_quarter(today or timezone.localdate())
    with transaction.atomic():
        Oblast.objects.select_for_update().get(pk=oblast.pk)
        releases = Release.objects.filter(oblast=oblast)
        if releases.filter(state=Release.State.QUEUED).exists():
            raise ReportError(
                _("A release of this oblast is being made; wait until it is done."), "busy"
            )
        newest = releases.filter(state=Release.State.DONE).order_by("-number").first()
        release = Release(
            oblast=oblast,
            number=(releases.aggregate(last=Max("number"))["last"] or 0) + 1,
            through_year=through[0],
            through_quarter=through[1],
            replaces=newest if newest is not None and newest.through == through else None,
            state=Release.State.QUEUED,
            requested_by=requested_by,
            requested_at=timezone.now(),
        )
        validated_save(release, by=requested_by)
    return release


def release_make(*, release_id: int) -> Release:
    """Build the oblast's family, protect it jointly with every earlier release and store
    what it publishes; a family that cannot be protected is recorded as refused. Runs once
    (the row is locked and must still be queued)."""
    with transaction.atomic():
        release = Release.objects.select_for_update().select_related("oblast").get(pk=release_id)
        if release.state != Release.State.QUEUED:
            return release
        earlier = list(
            Release.objects.filter(
                oblast_id=release.oblast_id, state=Release.State.DONE, number__lt=release.number
            ).order_by("number")
        )
        family = releases.release_family(oblast=release.oblast, through=release.through)
        try:
            shown = releases.protect_family(family, earlier)
        except DisclosureError as refused:
            release.state, release.error = Release.State.FAILED, str(refused)
        else:
            release.state = Release.State.DONE
            release.shown = {"cells": shown, "plain": family.plain}
            release.exact = {
                "cells": {releases.cell_name(key): value for key, value in family.cells.items()},
                "raions": family.raions,
            }
        release.made_at = timezone.now()
        release.save()
    return release


@task
def make_release(release_id: int) -> None:
    release_make(release_id=release_id)
