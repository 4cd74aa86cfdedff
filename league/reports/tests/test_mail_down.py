"""Issuing a report while the mail server is down: the report stands, once, and the
council's e-mail waits and goes out later, once (league/mail.py)."""

import datetime
import io
import socket
import uuid

import pytest
from django.core import mail as outbox
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from league import mail
from league.models import User
from league.notifications.models import OutgoingMail
from league.reports.models import IssuedReport
from league.reports.tests.conftest import YEAR
from league.tests.factories import UserFactory


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound, then closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 5},
        }
    }
    return settings


def test_issuing_with_the_mail_server_down_keeps_the_report_and_sends_the_mail_later_once(
    client, small_oblast, mail_server_down, django_capture_on_commit_callbacks
):
    staff = UserFactory(role=User.Role.STAFF)
    UserFactory(role=User.Role.COUNCIL, oblast=small_oblast["oblast"], email="rada@example.org")
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:issue"),
            {
                "kind": "monitoring",
                "oblast": small_oblast["oblast"].pk,
                "period": f"{YEAR}-H1",
                "form_token": uuid.uuid4(),
                "narrative": "",
                "language": "uk",
            },
        )

    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    waiting = OutgoingMail.objects.get()
    assert (waiting.to, waiting.status, waiting.attempts) == ("rada@example.org", "failed", 1)
    assert "Connection" in waiting.last_error or "refused" in waiting.last_error
    assert report.number in waiting.subject
    assert outbox.outbox == []

    # The server is back; the retry is not due yet, then it is.
    mail_server_down.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    call_command("send_queued_mail", stdout=io.StringIO())
    assert outbox.outbox == []
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert [mail.deliver_due(now=later), mail.deliver_due(now=later)] == [1, 0]

    (message,) = outbox.outbox
    assert message.to == ["rada@example.org"] and report.number in message.subject
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.next_attempt_at) == ("sent", 2, None)
    assert IssuedReport.objects.count() == 1
