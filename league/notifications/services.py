"""Reminders of what a community owes (a monitoring report before its deadline or late,
an overdue round-table commitment, an overdue plan measure), and each person's choice of
e-mails. The sending itself is league.mail.notify."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from communities.models import Community
from communities.plans.models import PlanMeasure
from league import access, mail
from league.notifications.models import OptOut
from monitoring.models import MonitoringReport, previous_quarter, quarter_of
from monitoring.selectors import SUBMITTED_STATES, period_for
from roundtables.models import Commitment

# The e-mails that go to the holders of each capability (who may switch them off).
KINDS_BY_CAPABILITY = {
    "monitoring.review": ["report_submitted"],
    "communities.serve": [
        "report_returned",
        "report_approved",
        "commitment_assigned",
        "measure_assigned",
        "reminder_due",
        "reminder_late",
        "commitment_overdue",
        "measure_overdue",
    ],
    "reports.receive": ["report_issued"],
}


def kinds_for(user) -> list[str]:
    return [
        kind
        for capability, kinds in KINDS_BY_CAPABILITY.items()
        if access.has_perm(user, capability)
        for kind in kinds
    ]


def preferences_save(*, user, language: str, wanted: list[str]) -> None:
    """Set the person's language and switch each of their kinds on (in `wanted`) or off."""
    with transaction.atomic():
        user.language = language
        user._history_user = user
        user.save(update_fields=["language"])
        kinds = kinds_for(user)
        OptOut.objects.filter(user=user).exclude(kind__in=set(kinds) - set(wanted)).delete()
        for kind in kinds:
            if kind not in wanted:
                OptOut.objects.get_or_create(user=user, kind=kind)


def reminders_send(*, today: datetime.date) -> int:
    """Every reminder due on `today`: monitoring reports, overdue commitments and overdue
    plan measures. Each is recorded (league.mail), so running this twice on a day, or
    every day, sends each one once; a person who switched a kind off gets none of it.
    Returns the reminders queued (events, not e-mails)."""
    return (
        monitoring_reminders_send(today=today)
        + commitment_reminders_send(today=today)
        + measure_reminders_send(today=today)
    )


def monitoring_reminders_send(*, today: datetime.date) -> int:
    """Remind the social workers of every community whose report for the last or the
    current quarter is not submitted: once in the REMINDER_DAYS_BEFORE days before the
    deadline, once after it. A report once submitted is not late, even when staff
    returned or reopened it after the deadline."""
    queued = 0
    this_quarter = quarter_of(today)
    for year, quarter in (previous_quarter(*this_quarter), this_quarter):
        period = period_for(year, quarter)
        days_left = (period.deadline - today).days
        if 0 <= days_left <= settings.REMINDER_DAYS_BEFORE:
            kind = "reminder_due"
        elif days_left < 0 and (year, quarter) != this_quarter:
            kind = "reminder_late"
        else:
            continue
        submitted = MonitoringReport.objects.filter(
            community=OuterRef("pk"),
            period__year=year,
            period__quarter=quarter,
        ).filter(Q(status__in=SUBMITTED_STATES) | Q(first_submitted_at__isnull=False))
        waiting = (
            Community.objects.filter(social_workers__is_active=True)
            .exclude(Exists(submitted))
            .distinct()
            .order_by("pk")
        )
        for community in waiting:
            mail.notify(
                kind,
                mail.social_workers_of(community),
                {
                    "community": community,
                    "period": period,
                    "url": reverse("monitoring:report_list"),
                    "subject": {
                        "community": community.name,
                        "period": period,
                        "deadline": period.deadline,
                    },
                },
                key=f"{kind}:{year}-{quarter}:{community.pk}",
            )
            queued += 1
    return queued


def commitment_reminders_send(*, today: datetime.date) -> int:
    """Remind a community's social workers of each round-table commitment past its due
    date and not finished (the start page lists it in red), once per due date: moved
    to a later date and missed again, it is reminded again."""
    overdue = Commitment.objects.overdue(today).select_related("community").order_by("pk")
    for commitment in overdue:
        _remind_overdue(
            "commitment_overdue",
            item=commitment,
            community=commitment.community,
            deadline=commitment.due_date,
            url=commitment.get_absolute_url(),
        )
    return len(overdue)


def measure_reminders_send(*, today: datetime.date) -> int:
    """Remind a community's social workers of each plan measure past its deadline and
    still planned or in progress, once per deadline."""
    overdue = PlanMeasure.objects.overdue(today).select_related("plan__community").order_by("pk")
    for measure in overdue:
        _remind_overdue(
            "measure_overdue",
            item=measure,
            community=measure.plan.community,
            deadline=measure.deadline,
            url=measure.get_absolute_url(),
        )
    return len(overdue)


def _remind_overdue(kind: str, *, item, community, deadline, url: str) -> None:
    mail.notify(
        kind,
        mail.social_workers_of(community),
        {
            "item": item,
            "community": community,
            "deadline": deadline,
            "url": url,
            "subject": {"community": community.name, "deadline": deadline},
        },
        key=f"{kind}:{item.pk}:{deadline.isoformat()}",
    )
