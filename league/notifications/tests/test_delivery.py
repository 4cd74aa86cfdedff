"""Delivery of e-mails after commit (league/mail.py): a mail server that fails never
fails the change; the mail is kept with its error, retried, given up after
MAIL_MAX_ATTEMPTS, and shown to staff."""

import datetime
import io

import pytest
from django.core import mail as outbox
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from league import mail
from league.mail_console import EmailBackend as ConsoleBackend
from league.notifications.models import OutgoingMail, SentNotification
from monitoring import services as monitoring_services
from monitoring.models import ReportStatus
from monitoring.tests.factories import ReportFactory, period_for

REFUSING = "league.notifications.tests.test_delivery.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend:
    """A mail server that refuses every message."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture
def returned_report(cast, django_capture_on_commit_callbacks, settings):
    """A report returned to community A with the mail server refusing: one mail waits."""
    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    cast.worker_a.email = "worker_a@example.org"
    cast.worker_a.save()
    period = period_for(timezone.localdate().year - 1, 2)
    report = ReportFactory(community=cast.community_a, period=period, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_return(report=report, user=cast.staff, comment="Уточніть")
    return report


def test_a_refused_mail_keeps_the_change_and_waits_with_its_error(returned_report):
    returned_report.refresh_from_db()
    assert returned_report.status == ReportStatus.RETURNED
    waiting = OutgoingMail.objects.get()
    assert waiting.status == OutgoingMail.Status.FAILED
    assert waiting.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert waiting.next_attempt_at - waiting.last_attempt_at == datetime.timedelta(minutes=5)
    assert SentNotification.objects.count() == 1 and outbox.outbox == []


def test_retries_back_off_and_give_up_after_the_last_attempt(returned_report, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    waiting = OutgoingMail.objects.get()
    for _attempt in range(4):
        mail.deliver_due(now=timezone.now() + datetime.timedelta(days=1))
    waiting.refresh_from_db()
    # 1 at commit, 2 retries; after the third failure nothing is due any more.
    assert (waiting.attempts, waiting.status, waiting.next_attempt_at) == (3, "failed", None)
    assert mail.retry_delay(2) == datetime.timedelta(minutes=10)
    assert mail.retry_delay(20) == datetime.timedelta(hours=6)


def test_a_queued_mail_no_task_picked_up_is_sent_by_the_command(cast, settings):
    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}
    queued = OutgoingMail.objects.create(
        user=cast.staff, to="staff@example.org", subject="S", body="B", kind="k", key="1"
    )
    assert mail.deliver_due() == 0  # a task may still pick it up
    assert mail.deliver_due(now=timezone.now() + datetime.timedelta(minutes=16)) == 1
    queued.refresh_from_db()
    assert queued.status == "sent" and [m.to for m in outbox.outbox] == [["staff@example.org"]]
    assert mail.deliver_now(queued.pk) == "sent" and len(outbox.outbox) == 1
    assert mail.deliver_now(queued.pk + 1) == "gone"


def test_staff_see_failed_mail_in_the_admin_and_cannot_change_it(returned_report, client_for):
    client = client_for("admin")
    url = reverse("admin:notifications_outgoingmail_changelist")
    page = client.get(url, {"status": "failed"}).content.decode()
    assert "worker_a@example.org" in page and "Connection refused" in page
    waiting = OutgoingMail.objects.get()
    change = reverse("admin:notifications_outgoingmail_change", args=[waiting.pk])
    assert client.post(change, {"status": "sent"}).status_code == 403
    assert client.get(reverse("admin:notifications_outgoingmail_add")).status_code == 403


def test_the_console_backend_prints_readable_ukrainian():
    stream = io.StringIO()
    body = "Звіт моніторингу повернуто громаді, уточніть, будь ласка, показники. " * 3
    message = EmailMessage("Звіт повернуто: Сумська", body, "portal@localhost", ["a@b.c"])
    ConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: Звіт повернуто: Сумська" in printed
    assert body.strip() in printed and "=?utf-8?" not in printed


def test_an_error_after_the_commit_is_logged_never_raised(
    cast, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("a template that does not render")

    monkeypatch.setattr(mail, "render_to_string", broken)
    cast.worker_a.email = "worker_a@example.org"
    cast.worker_a.save()
    period = period_for(timezone.localdate().year - 1, 2)
    report = ReportFactory(community=cast.community_a, period=period, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_return(report=report, user=cast.staff, comment="Уточніть")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert "a template that does not render" in caplog.text


@pytest.fixture
def database_task_backend(monkeypatch):
    """The production task backend (django_tasks_db), for this test only: Django builds
    its task backends once, so the handler's cached settings and backends are swapped."""
    from asgiref.local import Local
    from django.tasks import task_backends

    database = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    monkeypatch.setitem(task_backends.__dict__, "settings", {"default": database})
    monkeypatch.setattr(task_backends, "_connections", Local())


def test_where_the_task_backend_can_defer_a_failed_delivery_is_queued_again(
    cast, settings, database_task_backend
):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    waiting = OutgoingMail.objects.create(
        user=cast.staff, to="staff@example.org", subject="S", body="B", kind="k", key="1"
    )
    assert mail.deliver_now(waiting.pk) == "failed"
    waiting.refresh_from_db()
    (retry,) = DBTaskResult.objects.all()
    assert retry.task_path == "league.mail.deliver"
    assert retry.args_kwargs["args"] == [waiting.pk]
    assert retry.run_after == waiting.next_attempt_at
