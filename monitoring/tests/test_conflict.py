"""Two people edit the same report: the second save is refused and told what changed."""

from django.test import Client
from django.urls import reverse

from monitoring.models import DataValue
from monitoring.tests.factories import ReportFactory
from monitoring.tests.helpers import form_data


def test_second_save_on_a_stale_version_is_refused_and_shows_the_changes(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    url = reverse("monitoring:report_detail", args=[report.pk])
    worker, staff = Client(), Client()
    worker.force_login(cast.worker_a)
    staff.force_login(cast.staff)
    # Both open the form at version 1.
    assert 'name="version" value="1"' in worker.get(url).content.decode()
    assert 'name="version" value="1"' in staff.get(url).content.decode()
    loaded = form_data(report)

    first = staff.post(url, {**loaded, "PREVENTION_EVENTS": 2, "PREVENTION_REACHED": 45})
    assert first.status_code == 302

    second = worker.post(url, {**loaded, "PREVENTION_EVENTS": 5, "REFERRALS": 1})
    assert second.status_code == 409
    page = second.content.decode()
    assert 'id="conflict"' in page
    assert "PREVENTION_EVENTS" in page and "PREVENTION_REACHED" in page
    assert str(cast.staff) in page
    # Nothing of the second save was written; the first save stands.
    values = dict(DataValue.objects.filter(report=report).values_list("indicator__code", "value"))
    assert values == {"PREVENTION_EVENTS": 2, "PREVENTION_REACHED": 45}
    report.refresh_from_db()
    assert report.version == 2
    # The re-shown form carries the new version; saving again is a deliberate choice.
    assert 'name="version" value="2"' in page
    # Their figure is shown; the worker's entry where they changed nothing is kept.
    assert 'name="PREVENTION_EVENTS" value="2"' in page
    assert 'name="REFERRALS" value="1"' in page
    third = worker.post(url, {**form_data(report), "PREVENTION_EVENTS": 5, "REFERRALS": 1})
    assert third.status_code == 302
    assert DataValue.objects.get(report=report, indicator__code="PREVENTION_EVENTS").value == 5


def test_a_transition_in_between_also_refuses_a_stale_save(cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    url = reverse("monitoring:report_detail", args=[report.pk])
    worker = Client()
    worker.force_login(cast.worker_a)
    loaded = form_data(report)
    report.status = "submitted"
    report.first_submitted_at = report.created_at
    report.version = 2
    report.save()
    response = worker.post(url, {**loaded, "IDENTIFIED": 1})
    assert response.status_code == 302
    assert not DataValue.objects.filter(report=report).exists()
