"""Object-level rules of monitoring: when a report is open for entry or locked, and who
may start, fill in, submit and review which report. Registered in the permission policy
(`league.access.object_rule`) and loaded from `MonitoringConfig.ready`; views, services
and the admin ask `access.allows` / `check`.

`entry_refusal` and `report_lock_reason` say why, in words a person can act on; the
rules answer yes or no for the same state.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from league import access
from monitoring import selectors
from monitoring.models import MonitoringReport, ReportingPeriod, ReportStatus


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


@access.object_rule("monitoring.start_report")
def may_start_report(user, community: Community) -> bool:
    """Enter reports for this community: staff any, a social worker the ones they serve."""
    return access.has_perm(user, "monitoring.enter") and access.serves(user, community)


@access.object_rule("monitoring.change_figures")
def may_change_figures(user, report: MonitoringReport) -> bool:
    """Change this report's figures now: for its community, and while it is open for entry
    (a draft within the window, or returned). The admin asks the same. Two queries at most."""
    return may_start_report(user, report.community) and report_lock_reason(report, user) is None


@access.object_rule("monitoring.submit_report")
def may_submit_report(user, report: MonitoringReport) -> bool:
    """Submit for review: whoever enters the community's reports."""
    return may_start_report(user, report.community)


@access.object_rule("monitoring.review_report")
def may_review_report(user, report: MonitoringReport) -> bool:
    """Approve, return or reopen: the League's staff. No query."""
    return access.has_perm(user, "monitoring.review") and access.serves(user, report.community)


@access.object_rule("monitoring.grant_extension")
def may_grant_extension(user, community: Community) -> bool:
    """Reopen a closed quarter for one community: the League's staff. No query."""
    return access.has_perm(user, "monitoring.review")
