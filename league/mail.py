"""E-mail notifications: the one sending function, on league's ground floor so that
monitoring, round tables and plans can call it (one line in their services) without
importing league's top floor.

Each message goes to each recipient once (a SentNotification row per recipient, kind and
key, unique), in the recipient's own language, with a link to the page, and only when the
recipient has not switched that kind off (league/notifications keeps both models; they
are looked up through the app registry, so this module imports no app).

Nothing is sent inside the change that causes a mail. When the surrounding transaction
commits, each message is written as an OutgoingMail row (so a rolled-back change e-mails
nobody) and a task of Django's tasks framework delivers it (settings.TASKS: at once in
development, by `manage.py db_worker` in production). A delivery that fails (no mail
server, a refused address) is recorded on the row with its error and tried again later,
by the task backend where it can defer work and by `manage.py send_queued_mail`; it
never fails, nor repeats, the change that caused it.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from league import access

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    label: str  # on the preferences page
    subject: str


KINDS: dict[str, Kind] = {
    "report_submitted": Kind(
        _("A monitoring report was submitted for review"),
        _("Monitoring report submitted: %(community)s, %(period)s"),
    ),
    "report_returned": Kind(
        _("A monitoring report was returned to your community"),
        _("Monitoring report returned: %(community)s, %(period)s"),
    ),
    "report_approved": Kind(
        _("A monitoring report of your community was approved"),
        _("Monitoring report approved: %(community)s, %(period)s"),
    ),
    "commitment_assigned": Kind(
        _("A round-table commitment was assigned to your community"),
        _("New commitment for %(community)s"),
    ),
    "measure_assigned": Kind(
        _("A plan measure was added for your community"),
        _("New plan measure for %(community)s"),
    ),
    "report_issued": Kind(
        _("A council report was issued for your oblast"),
        _("Report issued: %(title)s"),
    ),
    "reminder_due": Kind(
        _("Reminder before a monitoring deadline"),
        _("Monitoring report due %(deadline)s: %(community)s"),
    ),
    "reminder_late": Kind(
        _("Reminder when a monitoring report is late"),
        _("Monitoring report late: %(community)s, %(period)s"),
    ),
    "commitment_overdue": Kind(
        _("Reminder when a round-table commitment is overdue"),
        _("Commitment overdue: %(community)s, due %(deadline)s"),
    ),
    "measure_overdue": Kind(
        _("Reminder when a plan measure is overdue"),
        _("Plan measure overdue: %(community)s, due %(deadline)s"),
    ),
}

# A report's new status -> the kind of e-mail, and whether it goes to staff (else to the
# community's social workers).
REPORT_KINDS = {
    "submitted": ("report_submitted", True),
    "returned": ("report_returned", False),
    "approved": ("report_approved", False),
}


def staff_members():
    return access.users_holding("monitoring.review")


def social_workers_of(community):
    return access.users_holding("communities.serve").filter(communities=community)


def council_officials_of(oblast):
    return access.users_holding("reports.receive").filter(oblast=oblast)


def report_issued(*, oblast, title: str, url: str, report_id: int) -> None:
    """Tell the oblast's council officials that a report was issued for them. For the
    council reports (league/reports) to call when a report is issued."""
    notify(
        "report_issued",
        council_officials_of(oblast),
        {"title": title, "url": url, "subject": {"title": title}},
        key=f"issued-report:{report_id}",
    )


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def notify(kind: str, recipients, context: dict, *, key: str) -> None:
    """E-mail `recipients` about an event of `kind` once the transaction commits.

    `context` is given to the templates notifications/email/<kind>.txt (body) and to the
    kind's subject; it must hold `url` (a path) and `subject` (a dict for the subject's
    placeholders). `key` names the event, so one event mails each person once however
    often this is called. One query now; at commit, the opt-outs and, per recipient, two
    rows written and the delivery task's own. `robust`: whatever goes wrong after the
    commit is logged, never turned into an error page for a change that was saved.
    """
    KINDS[kind]  # a misspelt kind fails at once, not at commit
    people = list(recipients)
    transaction.on_commit(lambda: _send(kind, people, context, key), robust=True)


def _send(kind: str, people, context: dict, key: str) -> int:
    """Write the e-mails of one event (each person once, in their language) and hand
    each to the delivery task. Returns how many were written."""
    OptOut = apps.get_model("notifications", "OptOut")
    SentNotification = apps.get_model("notifications", "SentNotification")
    OutgoingMail = apps.get_model("notifications", "OutgoingMail")
    switched_off = set(
        OptOut.objects.filter(user__in=people, kind=kind).values_list("user_id", flat=True)
    )
    written = []
    for person in people:
        if not person.email or not person.is_active or person.pk in switched_off:
            continue
        with translation.override(person.language or settings.LANGUAGE_CODE):
            placeholders = {name: str(value) for name, value in context["subject"].items()}
            subject = str(KINDS[kind].subject) % placeholders
            body = render_to_string(
                f"notifications/email/{kind}.txt",
                {
                    **context,
                    "recipient": person,
                    "link": absolute_url(context["url"]),
                    "preferences_link": absolute_url(reverse("notifications:preferences")),
                },
            )
        try:
            with transaction.atomic():
                SentNotification.objects.create(user=person, kind=kind, key=key)
                message = OutgoingMail.objects.create(
                    user=person,
                    to=person.email,
                    subject=subject[:255],
                    body=body,
                    kind=kind,
                    key=key,
                )
        except IntegrityError:
            continue  # this person already had this one
        written.append(message.pk)
    for mail_id in written:
        deliver.enqueue(mail_id)
    return len(written)


def retry_delay(attempts: int) -> datetime.timedelta:
    """5 minutes after the first failure, doubling up to six hours."""
    return datetime.timedelta(minutes=min(5 * 2 ** (attempts - 1), 360))


def deliver_now(mail_id: int) -> str:
    """Try to send one OutgoingMail, once: the row is locked and a sent one is skipped,
    so a retry and the task racing each other send it once. Any failure of the mail
    server is recorded on the row (never raised). Returns the row's status."""
    OutgoingMail = apps.get_model("notifications", "OutgoingMail")
    with transaction.atomic():
        message = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if message is None or message.status == OutgoingMail.Status.SENT:
            return "sent" if message else "gone"
        now = timezone.now()
        message.attempts += 1
        message.last_attempt_at = now
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
        except Exception as error:  # whatever the server does, the mail waits
            logger.warning(
                "E-mail %s not sent (attempt %s): %s", message.pk, message.attempts, error
            )
            message.status = OutgoingMail.Status.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = (
                now + retry_delay(message.attempts)
                if message.attempts < settings.MAIL_MAX_ATTEMPTS
                else None  # given up: staff see it in the admin
            )
        else:
            message.status = OutgoingMail.Status.SENT
            message.sent_at, message.next_attempt_at = now, None
        message.save()
    if message.next_attempt_at is not None and default_task_backend.supports_defer:
        deliver.using(run_after=message.next_attempt_at).enqueue(mail_id)
    return message.status


@task()
def deliver(mail_id: int) -> str:
    return deliver_now(mail_id)


def deliver_due(*, now=None, stale_after=datetime.timedelta(minutes=15)) -> int:
    """Send every failed mail whose next attempt is due, and every queued one that no
    task picked up within `stale_after` (a worker that was down). For
    `manage.py send_queued_mail`, run every few minutes. Returns how many went out."""
    OutgoingMail = apps.get_model("notifications", "OutgoingMail")
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.FAILED, next_attempt_at__lte=now
    ) | OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, created_at__lte=now - stale_after
    )
    mail_ids = list(due.order_by("pk").values_list("pk", flat=True))
    return sum(deliver_now(mail_id) == OutgoingMail.Status.SENT for mail_id in mail_ids)


def report_status_changed(*, report, change_id: int) -> None:
    """Tell the right people that a monitoring report moved (submitted: staff; returned
    or approved: the community's social workers). Called from monitoring's services."""
    if report.status not in REPORT_KINDS:
        return
    kind, to_staff = REPORT_KINDS[report.status]
    recipients = staff_members() if to_staff else social_workers_of(report.community)
    notify(
        kind,
        recipients,
        {
            "report": report,
            "url": report.get_absolute_url(),
            "subject": {"community": report.community.name, "period": report.period},
        },
        key=f"status-change:{change_id}",
    )


def assigned_to_community(*, kind: str, item, community, url: str) -> None:
    """Tell a community's social workers that a commitment or plan measure is theirs."""
    notify(
        kind,
        social_workers_of(community),
        {
            "item": item,
            "community": community,
            "url": url,
            "subject": {"community": community.name},
        },
        key=f"{kind}:{item.pk}",
    )
