"""Issuing under pressure, on PostgreSQL with a connection per request: the same issue
form sent at once by a double click, or ten times, issues one report and mails once."""

import pytest
from django.core import mail
from django.urls import reverse

from league.models import User
from league.reports.models import IssuedReport
from league.reports.tests.test_register import issue_form
from league.tests.concurrency import client_of, postgresql_only, run_together
from league.tests.factories import UserFactory

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("sends", [2, 10], ids=["double click", "ten at once"])
def test_the_same_issue_form_sent_at_once_issues_one_report(small_oblast, sends):
    staff = UserFactory(role=User.Role.STAFF)
    UserFactory(role=User.Role.COUNCIL, oblast=small_oblast["oblast"], email="rada@example.org")
    data = issue_form(small_oblast)

    def send(index):
        response = client_of(staff).post(reverse("reports:issue"), data)
        return response.status_code, response.url

    answers = run_together(sends, send)

    report = IssuedReport.objects.get()
    assert answers == [(302, report.get_absolute_url())] * sends
    assert len(mail.outbox) == 1 and report.number in mail.outbox[0].subject
