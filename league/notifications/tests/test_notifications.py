import datetime
import io
from types import SimpleNamespace

import pytest
from django.core import mail as outbox
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.plans.tests.factories import IdentificationPlanFactory, PlanMeasureFactory
from league import mail
from league.notifications.models import OptOut, SentNotification
from league.notifications.services import reminders_send
from monitoring import services as monitoring_services
from monitoring.models import MonitoringReport, ReportStatus, previous_quarter, quarter_of
from monitoring.tests.factories import ReportFactory, period_for
from roundtables import services as roundtable_services
from roundtables.models import Commitment
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory, RoundTableFactory


@pytest.fixture
def with_emails(cast):
    for name in ("staff", "admin", "worker_a", "worker_b", "council"):
        person = getattr(cast, name)
        person.email = f"{name}@example.org"
        person.save()
    return cast


def submitted_report(cast):
    period = period_for(timezone.localdate().year - 1, 2)
    return ReportFactory(community=cast.community_a, period=period, status=ReportStatus.SUBMITTED)


def test_a_returned_report_mails_the_communitys_social_worker_once(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    report = submitted_report(cast)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_return(report=report, user=cast.staff, comment="Уточніть")
    assert [message.to for message in outbox.outbox] == [["worker_a@example.org"]]
    message = outbox.outbox[0]
    assert message.subject == f"Звіт моніторингу повернуто: Сумська, {report.period}"
    assert f"http://testserver-site/monitoring/reports/{report.pk}/" in message.body


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver-site"


def test_the_message_is_in_the_recipients_language(with_emails, django_capture_on_commit_callbacks):
    cast = with_emails
    cast.worker_a.language = "en"
    cast.worker_a.save()
    report = submitted_report(cast)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_approve(report=report, user=cast.staff)
    (message,) = outbox.outbox
    assert message.subject.startswith("Monitoring report approved: Сумська")
    assert "was approved" in message.body


def test_a_submitted_report_mails_staff(with_emails, django_capture_on_commit_callbacks):
    cast = with_emails
    report = submitted_report(cast)
    report.status = ReportStatus.RETURNED
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services._transition(report=report, action="submit", user=cast.worker_a)
    assert sorted(message.to[0] for message in outbox.outbox) == [
        "admin@example.org",
        "staff@example.org",
    ]
    assert "чекає на вашу перевірку" in outbox.outbox[0].body


def test_one_event_mails_each_person_once(with_emails, django_capture_on_commit_callbacks):
    cast = with_emails
    context = {"report": submitted_report(cast), "url": "/", "subject": {}}
    context["subject"] = {"community": "Сумська", "period": "Q2"}
    with django_capture_on_commit_callbacks(execute=True):
        mail.notify("report_approved", [cast.worker_a], context, key="status-change:1")
        mail.notify("report_approved", [cast.worker_a], context, key="status-change:1")
    assert len(outbox.outbox) == 1
    assert SentNotification.objects.get().user == cast.worker_a


def test_switched_off_kinds_are_not_sent(with_emails, django_capture_on_commit_callbacks):
    cast = with_emails
    OptOut.objects.create(user=cast.worker_a, kind="report_returned")
    report = submitted_report(cast)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_return(report=report, user=cast.staff, comment="Уточніть")
    assert outbox.outbox == []


def test_nothing_is_sent_when_the_change_is_rolled_back(with_emails):
    cast = with_emails
    report = submitted_report(cast)
    monitoring_services.report_return(report=report, user=cast.staff, comment="x")
    # The test's transaction never commits: the e-mail waits for a commit.
    assert outbox.outbox == []


def test_a_commitment_mails_its_communitys_social_worker(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    round_table = RoundTableFactory(venue_community=cast.community_a)
    commitment = Commitment(
        resolution=ResolutionFactory(round_table=round_table),
        text="Розробити план ідентифікації",
        community=cast.community_b,
        responsible="Селищний голова",
        due_date=round_table.starts_at.date() + datetime.timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        roundtable_services.commitment_save(commitment=commitment, changed_by=cast.staff)
        commitment.text = "Розробити план ідентифікації до вересня"
        roundtable_services.commitment_save(commitment=commitment, changed_by=cast.staff)
    (message,) = outbox.outbox
    assert message.to == ["worker_b@example.org"]
    assert "Розробити план ідентифікації" in message.body


def test_a_plan_measure_mails_its_communitys_social_worker(
    with_emails, django_capture_on_commit_callbacks
):
    from communities.plans import services as plan_services
    from communities.plans.models import PlanMeasure

    cast = with_emails
    plan = IdentificationPlanFactory(community=cast.community_a)
    measure = PlanMeasure(
        plan=plan,
        category="identification",
        description="Навчити фахівців ЦНАП",
        responsible="ЦНАП",
        deadline=datetime.date(2019, 12, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.measure_save(measure=measure, changed_by=cast.staff)
    (message,) = outbox.outbox
    assert message.to == ["worker_a@example.org"]
    assert message.subject == "Новий захід плану для Сумська"


# --- Reminders ---


def _deadline(cast):
    return period_for(timezone.localdate().year - 1, 2).deadline


def test_reminders_before_the_deadline_go_once_across_two_runs(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    day = _deadline(cast) - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=day)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=day)
        reminders_send(today=day + datetime.timedelta(days=1))
    assert sorted(message.to[0] for message in outbox.outbox) == [
        "worker_a@example.org",
        "worker_b@example.org",
    ]
    assert SentNotification.objects.filter(kind="reminder_due").count() == 2


def test_a_late_report_gets_a_late_reminder_and_a_submitted_one_none(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    deadline = _deadline(cast)
    ReportFactory(
        community=cast.community_b,
        period=period_for(deadline.year, 2),
        status=ReportStatus.SUBMITTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=deadline + datetime.timedelta(days=5))
        reminders_send(today=deadline + datetime.timedelta(days=6))
    (message,) = outbox.outbox
    assert message.to == ["worker_a@example.org"]
    assert "запізнюється" in message.body


def test_no_reminder_far_from_a_deadline(with_emails, django_capture_on_commit_callbacks):
    cast = with_emails
    deadline = _deadline(cast)
    # The quarter before is in: nothing is late, and the next deadline is a month away.
    for community in (cast.community_a, cast.community_b):
        ReportFactory(community=community, period=period_for(deadline.year, 1), status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=deadline - datetime.timedelta(days=30)) == 0
    assert outbox.outbox == []


def test_a_report_staff_reopened_is_not_called_late(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    deadline = _deadline(cast)
    period = period_for(deadline.year, 2)
    for community in (cast.community_a, cast.community_b):
        ReportFactory(community=community, period=period, status=ReportStatus.APPROVED)
    reopened = MonitoringReport.objects.get(community=cast.community_a)
    monitoring_services.report_reopen(report=reopened, user=cast.staff, reason="Виправити")
    reopened.refresh_from_db()
    assert reopened.status == ReportStatus.RETURNED
    outbox.outbox.clear()  # the «returned» e-mail of the reopening
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=deadline + datetime.timedelta(days=5))
    assert outbox.outbox == []
    assert not SentNotification.objects.filter(kind="reminder_late").exists()


@pytest.fixture
def overdue_items(with_emails):
    """A commitment of community B due yesterday and a measure of community A due two
    days ago, both unfinished; and a finished one of each, which is not reminded. The
    last quarter's reports are in, so no monitoring reminder is due whatever the day."""
    cast = with_emails
    today = timezone.localdate()
    last_quarter = period_for(*previous_quarter(*quarter_of(today)))
    for community in (cast.community_a, cast.community_b):
        ReportFactory(community=community, period=last_quarter, status=ReportStatus.APPROVED)
    commitment = CommitmentFactory(
        community=cast.community_b,
        due_date=today - datetime.timedelta(days=1),
        text="Призначити координатора",
    )
    CommitmentFactory(
        community=cast.community_b,
        due_date=today - datetime.timedelta(days=1),
        status=Commitment.Status.DONE,
    )
    measure = PlanMeasureFactory(
        plan=IdentificationPlanFactory(community=cast.community_a),
        deadline=today - datetime.timedelta(days=2),
        description="Навчити фахівців ЦНАП",
    )
    PlanMeasureFactory(
        plan=measure.plan, deadline=today - datetime.timedelta(days=2), status="done"
    )
    return SimpleNamespace(cast=cast, today=today, commitment=commitment, measure=measure)


def test_overdue_commitments_and_measures_are_reminded_once_across_two_runs(
    overdue_items, django_capture_on_commit_callbacks
):
    items = overdue_items
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    by_address = {message.to[0]: message for message in outbox.outbox}
    assert len(outbox.outbox) == 2 and set(by_address) == {
        "worker_a@example.org",
        "worker_b@example.org",
    }
    commitment_mail = by_address["worker_b@example.org"]
    assert commitment_mail.subject.startswith("Строк зобов’язання минув: Конотопська")
    assert "Призначити координатора" in commitment_mail.body
    assert f"http://testserver-site{items.commitment.get_absolute_url()}" in commitment_mail.body
    measure_mail = by_address["worker_a@example.org"]
    assert measure_mail.subject.startswith("Строк заходу плану минув: Сумська")
    assert "Навчити фахівців ЦНАП" in measure_mail.body
    kinds = SentNotification.objects.values_list("kind", flat=True)
    assert sorted(kind for kind in kinds if kind.endswith("_overdue")) == [
        "commitment_overdue",
        "measure_overdue",
    ]


def test_a_new_due_date_missed_again_is_reminded_again(
    overdue_items, django_capture_on_commit_callbacks
):
    items = overdue_items
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=items.today)
    Commitment.objects.filter(pk=items.commitment.pk).update(due_date=items.today)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=items.today + datetime.timedelta(days=1))
    assert [message.to[0] for message in outbox.outbox].count("worker_b@example.org") == 2


def test_overdue_reminders_respect_the_opt_out(overdue_items, django_capture_on_commit_callbacks):
    items = overdue_items
    OptOut.objects.create(user=items.cast.worker_a, kind="measure_overdue")
    OptOut.objects.create(user=items.cast.worker_b, kind="commitment_overdue")
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=items.today)
    assert outbox.outbox == []


def test_the_command_runs(with_emails, capsys):
    call_command("send_reminders")
    assert "reminder" in capsys.readouterr().out


# --- Preferences ---


def test_a_person_switches_a_kind_off_and_chooses_english(client_for, cast):
    client = client_for("worker_a")
    page = client.get(reverse("notifications:preferences"))
    assert "kind_report_returned" in page.context["form"].fields
    assert "kind_report_submitted" not in page.context["form"].fields
    wanted = {"kind_report_approved": "on", "kind_reminder_due": "on"}
    response = client.post(reverse("notifications:preferences"), {"language": "en", **wanted})
    assert response.status_code == 302
    cast.worker_a.refresh_from_db()
    assert cast.worker_a.language == "en"
    assert set(OptOut.objects.filter(user=cast.worker_a).values_list("kind", flat=True)) == {
        "report_returned",
        "commitment_assigned",
        "measure_assigned",
        "reminder_late",
        "commitment_overdue",
        "measure_overdue",
    }
    client.post(
        reverse("notifications:preferences"),
        {"language": "uk", "kind_report_returned": "on", **wanted},
    )
    assert not OptOut.objects.filter(user=cast.worker_a, kind="report_returned").exists()


def test_a_bad_language_is_refused(client_for, cast):
    response = client_for("staff").post(reverse("notifications:preferences"), {"language": "xx"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    cast.staff.refresh_from_db()
    assert cast.staff.language == "uk"


def test_an_issued_report_mails_the_oblasts_council_officials(
    with_emails, django_capture_on_commit_callbacks
):
    cast = with_emails
    with django_capture_on_commit_callbacks(execute=True):
        mail.report_issued(oblast=cast.oblast, title="Звіт № 1", url="/", report_id=1)
        mail.report_issued(oblast=cast.oblast, title="Звіт № 1", url="/", report_id=1)
    (message,) = outbox.outbox
    assert message.to == ["council@example.org"]
    assert message.subject == "Видано звіт: Звіт № 1"
