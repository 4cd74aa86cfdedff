"""Writes for monitoring: starting and saving reports, the approval workflow, reopening
periods, and import. Every change is in the history (who, when); every status change
is also in the StatusChange log."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from communities.models import Community
from league import access, mail
from league.domain import DomainError, SavedMeanwhile, lock, validated_save
from league.tables import TableRefused
from monitoring import importing, selectors
from monitoring.models import (
    DataValue,
    EntryExtension,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    StatusChange,
    ValidationRule,
    quarter_label,
    quarter_of,
)
from monitoring.rules import entry_refusal, report_lock_reason
from monitoring.validation import Cell


class MonitoringError(DomainError):
    """A monitoring action was refused; `message` says what to do about it."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Change:
    cell: Cell
    old: object
    new: object
    by: str
    at: datetime.datetime | None


class ReportConflict(MonitoringError):
    """Someone saved the report after the form was loaded; nothing was written."""

    def __init__(self, report: MonitoringReport, changes: list[Change]):
        self.report = report
        self.changes = changes
        super().__init__(
            "conflict",
            pgettext(
                "neutral",
                "%(who)s saved this report while you were editing it, so your figures were "
                "not saved. Their changes are shown below; check your figures and save again.",
            )
            % {"who": report.updated_by or _("Someone")},
        )


# Periods and entry ---------------------------------------------------------------------


def _created_meanwhile(model, save, **lookup):
    """Save a new row; if a parallel request created the same one a moment ago (a unique
    rule), the row it created. Raises the validation error of a row that is not there."""
    try:
        return save()
    except (SavedMeanwhile, ValidationError):
        existing = model.objects.filter(**lookup).first()
        if existing is None:
            raise
        return existing


def period_get_or_create(*, year: int, quarter: int, by=None) -> ReportingPeriod:
    """The stored period of a quarter, created with the configured default dates."""
    period = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    if period is None:
        period = _created_meanwhile(
            ReportingPeriod,
            lambda: validated_save(ReportingPeriod.for_quarter(year, quarter), by=by),
            year=year,
            quarter=quarter,
        )
    return period


def report_start(*, community: Community, year: int, quarter: int, user) -> MonitoringReport:
    """The community's report for the quarter, created as a draft if missing. Two
    parallel starts of the same report: both get the one report."""
    if not access.allows(user, "monitoring.start_report", community):
        raise MonitoringError("not_yours", _("You do not report for this community."))
    if datetime.date(year, 3 * quarter - 2, 1) > timezone.localdate():
        raise MonitoringError("future", _("This quarter has not begun yet."))
    with transaction.atomic():
        period = period_get_or_create(year=year, quarter=quarter, by=user)
        report = MonitoringReport.objects.filter(community=community, period=period).first()
        if report is not None:
            return report
        refusal = entry_refusal(user=user, community=community, period=period)
        if refusal:
            raise MonitoringError("closed", refusal)
        report = _created_meanwhile(
            MonitoringReport,
            lambda: validated_save(
                MonitoringReport(community=community, period=period, updated_by=user), by=user
            ),
            community=community,
            period=period,
        )
    return report


# Saving figures --------------------------------------------------------------------------


def _conflict_changes(report: MonitoringReport, posted_version: int) -> list[Change]:
    """What was saved after `posted_version`, from the history: (cell, old, new, by, at)."""
    loaded = (
        MonitoringReport.history.filter(id=report.pk, version=posted_version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if loaded is None:
        return []
    records = (
        DataValue.history.filter(report_id=report.pk, history_date__gt=loaded)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    codes = dict(Indicator.objects.values_list("pk", "code"))
    changes: dict[Cell, Change] = {}
    for record in records:
        cell = (codes.get(record.indicator_id, "?"), record.dimension, record.option)
        new = None if record.history_type == "-" else _shown(record)
        first = changes.get(cell)
        if first is not None:
            old = first.old
        else:
            previous = record.prev_record
            old = None if previous is None or previous.history_type == "-" else _shown(previous)
        changes[cell] = Change(
            cell, old, new, str(record.history_user or _("someone")), record.history_date
        )
    return [change for change in changes.values() if change.old != change.new]


def _shown(record) -> object:
    return record.text or record.value


def report_save(
    *,
    report: MonitoringReport,
    figures: dict[Cell, Decimal | str | None],
    explanation: str,
    version: int,
    user,
) -> MonitoringReport:
    """Save a report's figures if nobody saved it since the form was loaded.

    `figures` maps (indicator code, dimension, option) to a number, a text or None
    (empty: the figure is removed). `version` is the version the form was loaded with;
    the report row is updated only WHERE it still has that version, else ReportConflict
    says what the other person changed. Changed figures only are written, in bulk, each
    with a history record.
    """
    refusal = report_lock_reason(report, user)
    if refusal:
        raise MonitoringError("locked", refusal)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    with transaction.atomic():
        claimed = MonitoringReport.objects.filter(
            pk=report.pk, version=version, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
        ).update(version=F("version") + 1)
        if not claimed:
            current = MonitoringReport.objects.select_related(
                "updated_by", "community", "period"
            ).get(pk=report.pk)
            if not current.is_editable_status:
                raise MonitoringError("locked", report_lock_reason(current, user))
            if _saved_already(current, figures, explanation):
                return current  # a repeat of one's own save (a double click): nothing to do
            raise ReportConflict(current, _conflict_changes(current, version))
        existing = {
            (value.indicator.code, value.dimension, value.option): value
            for value in report.values.select_related("indicator")
        }
        created, updated, removed = [], [], []
        for cell, figure in figures.items():
            indicator = indicators[cell[0]]
            stored = existing.get(cell)
            if figure is None or figure == "":
                if stored is not None:
                    removed.append(stored)
                continue
            value, text = (None, figure) if indicator.is_text else (figure, "")
            if stored is None:
                record = DataValue(
                    report=report,
                    indicator=indicator,
                    dimension=cell[1],
                    option=cell[2],
                    value=value,
                    text=text,
                )
                record.full_clean(validate_unique=False, validate_constraints=False)
                created.append(record)
            elif stored.value != value or stored.text != text:
                stored.value, stored.text = value, text
                stored.full_clean(validate_unique=False, validate_constraints=False)
                updated.append(stored)
        if created:
            bulk_create_with_history(created, DataValue, default_user=user)
        if updated:
            bulk_update_with_history(updated, DataValue, ["value", "text"], default_user=user)
        for record in removed:
            record._history_user = user
            record.delete()
        # Saved last, so that its history record marks the moment this version began.
        report.version = version + 1
        report.explanation = explanation
        report.updated_at = timezone.now()
        report.updated_by = user
        validated_save(report, by=user)
    return report


def _saved_already(report: MonitoringReport, figures: dict, explanation: str) -> bool:
    """Whether the report already holds exactly these figures and this explanation."""
    if report.explanation != explanation:
        return False
    stored = {
        (value.indicator.code, value.dimension, value.option): value.text
        if value.indicator.is_text
        else value.value
        for value in report.values.select_related("indicator")
    }
    return all(
        stored.get(cell) == (None if figure == "" else figure) for cell, figure in figures.items()
    )


# The workflow -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    rule: str  # the object-level rule in monitoring.rules
    needs_comment: bool


TRANSITIONS = {
    "submit": Transition(
        (ReportStatus.DRAFT, ReportStatus.RETURNED),
        ReportStatus.SUBMITTED,
        "monitoring.submit_report",
        False,
    ),
    "return": Transition(
        (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, "monitoring.review_report", True
    ),
    "approve": Transition(
        (ReportStatus.SUBMITTED,), ReportStatus.APPROVED, "monitoring.review_report", False
    ),
    # Reopening sends the report back to its community, with the reason to read.
    "reopen": Transition(
        (ReportStatus.APPROVED,), ReportStatus.RETURNED, "monitoring.review_report", True
    ),
}


def quarter_open_refusal(period: ReportingPeriod) -> str | None:
    """Why a report of `period` may not be submitted or approved yet, or None.

    With MONITORING_SUBMIT_AFTER_QUARTER_END (the default) a quarter's figures are final
    only once it has ended; entry may open earlier for drafts. No query."""
    if not settings.MONITORING_SUBMIT_AFTER_QUARTER_END:
        return None
    if timezone.localdate() > period.ends_on:
        return None
    return _(
        "%(period)s is not over yet: it ends on %(day)s. Its report can be submitted and "
        "approved from the next day on; until then, save the figures as a draft."
    ) % {"period": period, "day": date_format(period.ends_on, "SHORT_DATE_FORMAT")}


def _transition(*, report: MonitoringReport, action: str, user, comment: str = "") -> None:
    transition = TRANSITIONS[action]
    if not access.allows(user, transition.rule, report):
        raise MonitoringError("not_allowed", _("You may not do this with this report."))
    if transition.target in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        refusal = quarter_open_refusal(report.period)
        if refusal:
            raise MonitoringError("quarter_not_over", refusal)
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise MonitoringError("comment_needed", _("Please give a reason; it is recorded."))
    with transaction.atomic():
        locked = lock(report)
        if locked.status not in transition.sources:
            raise MonitoringError(
                "wrong_status",
                _("A %(status)s report cannot be changed this way.")
                % {"status": locked.get_status_display()},
            )
        now = timezone.now()
        change = validated_save(
            StatusChange(
                report=locked,
                from_status=locked.status,
                to_status=transition.target,
                changed_by=user,
                changed_at=now,
                comment=comment,
            ),
            by=user,
        )
        locked.status = transition.target
        if transition.target == ReportStatus.SUBMITTED and locked.first_submitted_at is None:
            locked.first_submitted_at = now
        locked.version += 1
        locked.updated_at = now
        locked.updated_by = user
        validated_save(locked, by=user)
        mail.report_status_changed(report=locked, change_id=change.pk)
    report.refresh_from_db()


def report_submit(*, report: MonitoringReport, user) -> None:
    """Submit for review. Refused while an error-level rule fails, while warnings or
    jumps have no explanation, or (for a social worker) when entry is closed."""
    refusal = report_lock_reason(report, user)
    if refusal:
        raise MonitoringError("locked", refusal)
    result = selectors.report_check(report)
    if result.errors:
        raise MonitoringError(
            "has_errors",
            _("The report was saved but not submitted: correct the errors marked in red."),
        )
    if result.needs_explanation and not report.explanation.strip():
        raise MonitoringError(
            "needs_explanation",
            _(
                "The report was saved but not submitted: some figures are unusual. "
                "Explain them in the field at the end of the form."
            ),
        )
    _transition(report=report, action="submit", user=user)


def report_return(*, report: MonitoringReport, user, comment: str) -> None:
    """Send a submitted report back to its community with a comment they will see."""
    _transition(report=report, action="return", user=user, comment=comment)


def report_approve(*, report: MonitoringReport, user, comment: str = "") -> None:
    """Approve a submitted report: its figures count in the aggregates and it is locked."""
    _transition(report=report, action="approve", user=user, comment=comment)


def report_reopen(*, report: MonitoringReport, user, reason: str) -> None:
    """Unlock an approved report, with a recorded reason, for correction."""
    _transition(report=report, action="reopen", user=user, comment=reason)


def extension_grant(
    *,
    community: Community,
    year: int,
    quarter: int,
    open_until: datetime.date,
    reason: str,
    user,
) -> EntryExtension:
    """Reopen a quarter's entry for one community until `open_until`, with a reason."""
    if not access.allows(user, "monitoring.grant_extension", community):
        raise MonitoringError("not_allowed", _("Only the League's staff may reopen entry."))
    if open_until < timezone.localdate():
        raise MonitoringError("past", _("Choose a day from today on."))
    if (year, quarter) > quarter_of(timezone.localdate()):
        raise MonitoringError("future", _("This quarter has not begun yet."))
    with transaction.atomic():
        period = period_get_or_create(year=year, quarter=quarter, by=user)
        extension = EntryExtension.objects.filter(period=period, community=community).first()
        extension = extension or EntryExtension(period=period, community=community)
        extension.open_until = open_until
        extension.reason = reason.strip()
        extension.granted_by = user
        extension.granted_at = timezone.now()
        try:
            validated_save(extension, by=user)
        except ValidationError as error:
            raise MonitoringError("invalid", " ".join(error.messages)) from error
    return extension


# Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    reports_created: int
    reports_changed: int
    reports_unchanged: int
    figures: int


IMPORT_TARGETS = {
    ReportStatus.DRAFT: (),
    ReportStatus.RETURNED: (),
    ReportStatus.SUBMITTED: ("submit",),
    ReportStatus.APPROVED: ("submit", "approve"),
}


def reports_import(
    *, records: Iterable[tuple[int, dict]], user, explanation: str = ""
) -> ImportResult:
    """Import figures in the export's long format: all or nothing.

    `records` are (row number, {column: text}) as monitoring.importing.read_records
    streams them. Each report the file changes is saved, then moved to the file's status
    (submitted, or submitted and approved) through the same workflow and validation rules
    as the form. Reports whose figures the file does not change are left alone; an empty
    value cell changes nothing, the delete marker removes the figure. Any problem refuses
    the whole file with a message per row (TableRefused); nothing is written then.
    """
    if not access.has_perm(user, "monitoring.import"):
        raise MonitoringError("not_allowed", _("Only the League's staff may import."))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(active=True)}
    parsed = importing.parse_records(
        records,
        communities={
            community.katottg: community
            for community in Community.objects.only("pk", "katottg", "name")
        },
        indicators=indicators,
        today=timezone.localdate(),
    )
    if parsed.errors:
        raise TableRefused(parsed.errors)
    community_by_pk = parsed.communities
    grouped = parsed.reports
    errors: list[str] = []
    reports = {
        (report.community_id, report.period.year, report.period.quarter): report
        for report in MonitoringReport.objects.filter(
            community_id__in={key[0] for key in grouped},
            period__year__in={key[1] for key in grouped},
        ).select_related("period", "community")
    }
    stored = selectors.values_of([report.pk for report in reports.values()])
    active = list(indicators.values())
    compiled = selectors.compiled_rules(active)
    plan = []
    for key, entry in sorted(grouped.items(), key=lambda item: item[1].first_row):
        first_row = entry.first_row
        report = reports.get(key)
        numbers, texts = stored.get(report.pk, ({}, {})) if report else ({}, {})
        current = {**numbers, **{(code, "", ""): text for code, text in texts.items()}}
        changes = {
            cell: figure for cell, figure in entry.figures.items() if current.get(cell) != figure
        }
        if not changes:
            continue
        label = _("Rows from %(row)s (%(community)s, %(period)s)") % {
            "row": first_row,
            "community": community_by_pk[key[0]].name,
            "period": quarter_label(key[2], key[1]),
        }
        if report is not None and not report.is_editable_status:
            errors.append(
                _("%(rows)s: the report is %(status)s; return or reopen it first.")
                % {"rows": label, "status": report.get_status_display()}
            )
            continue
        if IMPORT_TARGETS[entry.status]:
            merged = {
                cell: figure
                for cell, figure in {**numbers, **changes}.items()
                if figure is not None and not isinstance(figure, str)
            }
            probe = report or MonitoringReport(
                community=community_by_pk[key[0]],
                period=ReportingPeriod.for_quarter(key[1], key[2]),
            )
            from monitoring.validation import check_report

            result = check_report(
                compiled=compiled,
                indicators=active,
                values=merged,
                earlier=selectors.earlier_figures(probe).totals,
            )
            errors.extend(f"{label}: {finding.message}" for finding in result.errors)
            if result.needs_explanation and not (explanation.strip() or probe.explanation):
                errors.extend(
                    _("%(rows)s: %(warning)s Give an explanation for the import.")
                    % {"rows": label, "warning": finding.message}
                    for finding in result.warnings
                )
        plan.append((key, report, changes, entry.status))
    if errors:
        raise TableRefused(errors)

    created = changed = figures = 0
    try:
        with transaction.atomic():
            for key, report, changes, status in plan:
                if report is None:
                    report = report_start(
                        community=community_by_pk[key[0]], year=key[1], quarter=key[2], user=user
                    )
                    created += 1
                else:
                    changed += 1
                report_save(
                    report=report,
                    figures=changes,
                    explanation=report.explanation or explanation.strip(),
                    version=report.version,
                    user=user,
                )
                figures += len(changes)
                for action in IMPORT_TARGETS[status]:
                    if action == "submit":
                        report_submit(report=report, user=user)
                    else:
                        report_approve(report=report, user=user, comment=_("Imported from a file."))
    except MonitoringError as error:
        raise TableRefused([error.message]) from error
    return ImportResult(created, changed, len(grouped) - created - changed, figures)


# The catalogue and reference data (the admin) -----------------------------------------


def period_save(*, period: ReportingPeriod, changed_by) -> ReportingPeriod:
    """Create or save a reporting period's dates (its first and last day follow from the
    year and quarter, see ReportingPeriod.clean). Staff, in the admin."""
    return validated_save(period, by=changed_by)


def indicator_save(*, indicator: Indicator, changed_by) -> Indicator:
    """Create or save an indicator of the catalogue (adding one is data, not code)."""
    return validated_save(indicator, by=changed_by)


def rule_save(*, rule: ValidationRule, changed_by) -> ValidationRule:
    """Create or save a validation rule; its expressions are checked by its clean()."""
    return validated_save(rule, by=changed_by)


def rule_delete(*, rule: ValidationRule, deleted_by) -> None:
    """Delete a validation rule (reports saved before keep their figures)."""
    rule._history_user = deleted_by
    rule.delete()
