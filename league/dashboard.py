"""What each person's start page shows: what they owe and what waits for them.

Top floor: reads monitoring, round tables, plans (through league.plan_records), the
campaign and the targets. Every part is a fixed number of queries, the same for 51 or
1,469 communities (lists are cut to the first few, counted in the same query family).
A council official's page adds the latest reports issued for their oblast.
"""

import datetime
import uuid

from django.db.models import Max
from django.utils import timezone

from communities.models import Community
from league import access
from league.plan_records import overdue_measures_for_user
from league.reports.selectors import issued_list_for_user
from league.targets.selectors import behind_schedule, project_list_for_user
from monitoring.models import ReportStatus
from monitoring.selectors import report_list_for_user, to_do_for_user
from roundtables.models import Commitment, RoundTable
from roundtables.selectors import commitment_list_for_user, round_table_list_for_user

SHOWN = 8  # items per list on the start page; the list pages show the rest
REPORTS_SHOWN = 5  # a council official's latest issued reports
DUE_SOON_DAYS = 30


def worker_due(user, today: datetime.date) -> dict:
    """A social worker's page: reports to enter, returned or late; commitments due soon
    or overdue; overdue plan measures; campaign activities to record. Six queries."""
    to_do = [
        {
            "community": item.community,
            "period": item.period,
            "report": item.report,
            "returned": item.report is not None and item.report.status == ReportStatus.RETURNED,
            "late": item.period.is_past_deadline(today),
            # Each "start" button is a create form of its own, with its own one-time token.
            "form_token": uuid.uuid4(),
        }
        for item in to_do_for_user(user, today)
        if item.report is None or item.report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    ]
    # Returned reports first: someone is waiting for the correction; then the late ones.
    to_do.sort(key=lambda item: (not item["returned"], not item["late"], item["community"].name))
    commitments = list(
        commitment_list_for_user(user).filter(
            status__in=Commitment.UNFINISHED,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )[:SHOWN]
    )
    campaign = (
        access.scope(user, Community.objects.all(), None)
        .annotate(last_activity=Max("campaign_activities__date"))
        .order_by("name")
    )
    return {
        "reports_to_do": to_do,
        "commitments_due": commitments,
        "measures_overdue": list(overdue_measures_for_user(user)[:SHOWN]),
        "campaign_communities": list(campaign),
    }


def staff_due(user, today: datetime.date) -> dict:
    """Staff: reports waiting for review (oldest first, with days waited), overdue
    commitments and measures, upcoming round tables, targets behind schedule."""
    waiting = report_list_for_user(user).filter(status=ReportStatus.SUBMITTED)
    reports = list(waiting.order_by("updated_at", "pk")[:SHOWN])
    for report in reports:
        report.waited_days = (today - timezone.localdate(report.updated_at)).days
    overdue = commitment_list_for_user(user).filter(overdue=True)
    upcoming = round_table_list_for_user(user).filter(
        status=RoundTable.Status.PLANNED, starts_at__date__gte=today
    )
    context = {
        "reports_waiting": reports,
        "reports_waiting_count": waiting.count(),
        "commitments_overdue": list(overdue[:SHOWN]),
        "commitments_overdue_count": overdue.count(),
        "measures_overdue": list(overdue_measures_for_user(user)[:SHOWN]),
        "round_tables_upcoming": list(upcoming.order_by("starts_at")[:SHOWN]),
    }
    context.update(targets_summary(user))
    return context


def targets_summary(user) -> dict:
    """The first project in the user's view, and its indicators behind their target."""
    project = project_list_for_user(user).first()
    if project is None:
        return {"project": None, "targets_behind": []}
    return {"project": project, "targets_behind": behind_schedule(user, project)}


def latest_reports(user) -> dict:
    """A council official's page: the newest reports issued for their oblast, each with
    what replaced or corrected it. One query."""
    return {"reports_issued": list(issued_list_for_user(user)[:REPORTS_SHOWN])}
