"""Writes for monitoring: starting and saving reports, the approval workflow, reopening
periods, and import. Every change is in the history (who, when); every status change
is also in the StatusChange log."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from communities.models import Community
from league import access
from league.tables import TableRefused
from monitoring import selectors
from monitoring.models import (
    DataValue,
    EntryExtension,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    StatusChange,
    quarter_label,
    quarter_of,
)
from monitoring.validation import Cell


class MonitoringError(Exception):
    """A monitoring action was refused; `message` says what to do about it."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


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


def period_get_or_create(*, year: int, quarter: int) -> ReportingPeriod:
    """The stored period of a quarter, created with the configured default dates."""
    period = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    if period is None:
        period = ReportingPeriod.for_quarter(year, quarter)
        period.full_clean()
        period.save()
    return period


def entry_refusal(
    *, user, community: Community, period: ReportingPeriod, today: datetime.date | None = None
) -> str | None:
    """Why the user may not enter figures for this community and quarter now, or None.

    Staff may always enter (paper reports come late); a social worker only while the
    period's window is open or staff have reopened it for the community. One query at
    most, only when the window is closed.
    """
    today = today or timezone.localdate()
    if access.has_perm(user, "monitoring.review"):
        return None
    if today < period.entry_opens_on:
        return _("Entry for %(period)s opens on %(day)s.") % {
            "period": period,
            "day": period.entry_opens_on,
        }
    if period.is_open_on(today):
        return None
    extension = selectors.extension_for(community.pk, period)
    if extension is not None and today <= extension.open_until:
        return None
    return _(
        "Entry for %(period)s closed on %(day)s. Ask the League's staff to reopen it "
        "for your community."
    ) % {"period": period, "day": period.entry_closes_on}


def report_lock_reason(report: MonitoringReport, user) -> str | None:
    """Why the user may not change this report's figures now, or None. One query at most."""
    if report.status == ReportStatus.APPROVED:
        return _("The report is approved and locked. Staff may reopen it with a reason.")
    if report.status == ReportStatus.SUBMITTED:
        return _("The report is submitted and waits for review; it cannot be changed now.")
    if report.status == ReportStatus.RETURNED:
        # Returned (or reopened) by staff: open to correction whatever the window.
        return None
    return entry_refusal(user=user, community=report.community, period=report.period)


def report_start(*, community: Community, year: int, quarter: int, user) -> MonitoringReport:
    """The community's report for the quarter, created as a draft if missing."""
    if not access.serves(user, community):
        raise MonitoringError("not_yours", _("You do not report for this community."))
    if datetime.date(year, 3 * quarter - 2, 1) > timezone.localdate():
        raise MonitoringError("future", _("This quarter has not begun yet."))
    with transaction.atomic():
        period = period_get_or_create(year=year, quarter=quarter)
        report = MonitoringReport.objects.filter(community=community, period=period).first()
        if report is not None:
            return report
        refusal = entry_refusal(user=user, community=community, period=period)
        if refusal:
            raise MonitoringError("closed", refusal)
        report = MonitoringReport(community=community, period=period, updated_by=user)
        report._history_user = user
        report.full_clean()
        report.save()
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
        report._history_user = user
        report.full_clean()
        report.save()
    return report


# The workflow -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    capability: str
    needs_comment: bool


TRANSITIONS = {
    "submit": Transition(
        (ReportStatus.DRAFT, ReportStatus.RETURNED),
        ReportStatus.SUBMITTED,
        "monitoring.enter",
        False,
    ),
    "return": Transition(
        (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, "monitoring.review", True
    ),
    "approve": Transition(
        (ReportStatus.SUBMITTED,), ReportStatus.APPROVED, "monitoring.review", False
    ),
    # Reopening sends the report back to its community, with the reason to read.
    "reopen": Transition(
        (ReportStatus.APPROVED,), ReportStatus.RETURNED, "monitoring.review", True
    ),
}


def _transition(*, report: MonitoringReport, action: str, user, comment: str = "") -> None:
    transition = TRANSITIONS[action]
    if not access.has_perm(user, transition.capability) or not access.serves(
        user, report.community
    ):
        raise MonitoringError("not_allowed", _("You may not do this with this report."))
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise MonitoringError("comment_needed", _("Please give a reason; it is recorded."))
    with transaction.atomic():
        locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in transition.sources:
            raise MonitoringError(
                "wrong_status",
                _("A %(status)s report cannot be changed this way.")
                % {"status": locked.get_status_display()},
            )
        now = timezone.now()
        StatusChange.objects.create(
            report=locked,
            from_status=locked.status,
            to_status=transition.target,
            changed_by=user,
            changed_at=now,
            comment=comment,
        )
        locked.status = transition.target
        if transition.target == ReportStatus.SUBMITTED and locked.first_submitted_at is None:
            locked.first_submitted_at = now
        locked.version += 1
        locked.updated_at = now
        locked.updated_by = user
        locked._history_user = user
        locked.full_clean()
        locked.save()
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
    if not access.has_perm(user, "monitoring.review"):
        raise MonitoringError("not_allowed", _("Only the League's staff may reopen entry."))
    if open_until < timezone.localdate():
        raise MonitoringError("past", _("Choose a day from today on."))
    if (year, quarter) > quarter_of(timezone.localdate()):
        raise MonitoringError("future", _("This quarter has not begun yet."))
    with transaction.atomic():
        period = period_get_or_create(year=year, quarter=quarter)
        extension = EntryExtension.objects.filter(period=period, community=community).first()
        extension = extension or EntryExtension(period=period, community=community)
        extension.open_until = open_until
        extension.reason = reason.strip()
        extension.granted_by = user
        extension.granted_at = timezone.now()
        extension._history_user = user
        try:
            extension.full_clean()
        except ValidationError as error:
            raise MonitoringError("invalid", " ".join(error.messages)) from error
        extension.save()
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


def _parse_figure(indicator: Indicator, raw: str):
    """A figure from its text, or raise ValueError with the message to show."""
    if raw == "":
        return None
    if indicator.is_text:
        from monitoring.transfer import unquote_text

        return unquote_text(raw)
    try:
        number = Decimal(raw.replace(" ", "").replace(",", "."))
    except ArithmeticError:
        raise ValueError(_("%(value)r is not a number") % {"value": raw}) from None
    if not number.is_finite() or number < 0:
        raise ValueError(_("%(value)r is not a number of 0 or more") % {"value": raw})
    if indicator.is_money:
        if number != number.quantize(Decimal("0.01")) or number >= Decimal("1e12"):
            raise ValueError(_("%(value)r is not an amount in UAH with kopiykas") % {"value": raw})
        return number.quantize(Decimal("0.01"))
    if number != number.to_integral_value() or number > 10_000_000:
        raise ValueError(_("%(value)r is not a whole count") % {"value": raw})
    return number.to_integral_value()


def _parse_import_row(number, row, communities, indicators, today):
    """(report key, cell, figure, status) of a row, or raise ValueError with the problem."""
    community = communities.get(row["katottg"])
    if community is None:
        raise ValueError(_("no community with KATOTTG code %(code)r") % {"code": row["katottg"]})
    if not (row["year"].isdigit() and row["quarter"] in ("1", "2", "3", "4")):
        raise ValueError(_("year and quarter must be a year and a number from 1 to 4"))
    key = (community.pk, int(row["year"]), int(row["quarter"]))
    if not 2000 <= key[1] <= 2100 or (key[1], key[2]) > quarter_of(today):
        raise ValueError(
            _("the quarter %(year)s/%(quarter)s has not begun")
            % {"year": key[1], "quarter": key[2]}
        )
    indicator = indicators.get(row["indicator"])
    if indicator is None:
        raise ValueError(_("no active indicator %(code)r") % {"code": row["indicator"]})
    dimension = option = ""
    if row["disaggregation"]:
        dimension, _sep, option = row["disaggregation"].partition("=")
        if (dimension, option) not in indicator.cells():
            raise ValueError(
                _("%(code)s has no disaggregation %(cell)r")
                % {"code": indicator.code, "cell": row["disaggregation"]}
            )
    figure = _parse_figure(indicator, row["value"])
    if row["status"] not in ReportStatus.values:
        raise ValueError(
            _("unknown status %(status)r (known: %(known)s)")
            % {"status": row["status"], "known": ", ".join(ReportStatus.values)}
        )
    return key, (indicator.code, dimension, option), figure, row["status"]


def reports_import(*, rows: list[tuple[int, dict]], user, explanation: str = "") -> ImportResult:
    """Import figures in the export's long format: all or nothing.

    Each report the file changes is saved, then moved to the file's status (submitted,
    or submitted and approved) through the same workflow and validation rules as the
    form. Reports whose figures the file does not change are left alone. Any problem
    refuses the whole file with a message per row; nothing is written then.
    """
    if not access.has_perm(user, "monitoring.import"):
        raise MonitoringError("not_allowed", _("Only the League's staff may import."))
    today = timezone.localdate()
    communities = {
        community.katottg: community
        for community in Community.objects.filter(katottg__in={row["katottg"] for _n, row in rows})
    }
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(active=True)}
    errors: list[str] = []
    grouped: dict[tuple, dict] = {}
    for number, row in rows:
        try:
            key, cell, figure, status = _parse_import_row(
                number, row, communities, indicators, today
            )
        except ValueError as error:
            errors.append(_("Row %(row)s: %(problem)s.") % {"row": number, "problem": error})
            continue
        entry = grouped.setdefault(key, {"figures": {}, "rows": {}, "status": status})
        if cell in entry["figures"]:
            errors.append(
                _("Row %(row)s: the same figure again (first in row %(first)s).")
                % {"row": number, "first": entry["rows"][cell]}
            )
            continue
        if status != entry["status"]:
            errors.append(
                _("Row %(row)s: status %(status)s differs from the report's other rows.")
                % {"row": number, "status": status}
            )
        entry["figures"][cell] = figure
        entry["rows"][cell] = number
    if not rows:
        errors.append(_("The file has no figures."))
    if errors:
        raise TableRefused(errors)

    community_by_pk = {community.pk: community for community in communities.values()}
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
    for key, entry in sorted(grouped.items(), key=lambda item: min(item[1]["rows"].values())):
        first_row = min(entry["rows"].values())
        report = reports.get(key)
        numbers, texts = stored.get(report.pk, ({}, {})) if report else ({}, {})
        current = {**numbers, **{(code, "", ""): text for code, text in texts.items()}}
        changes = {
            cell: figure for cell, figure in entry["figures"].items() if current.get(cell) != figure
        }
        if report is not None and not changes:
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
        if IMPORT_TARGETS[entry["status"]]:
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
        plan.append((key, report, changes, entry["status"]))
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
