"""An admin form loaded before someone else's save is refused as a page's form is: the
person reads what changed, nothing of the form (nor of its inlines) is written, and the
form comes back carrying the version saved meanwhile. Refusals of deletes and of bulk
actions are messages; records with their own creation flow have no "add"."""

import pytest
from django.urls import reverse

from communities import services as communities_services
from communities.models import ContactPerson
from communities.tests.factories import ContactPersonFactory
from league.tests.admin_forms import change_form_data
from monitoring import services as monitoring_services
from monitoring.tests.factories import DataValueFactory, ReportFactory
from roundtables.models import Resolution
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def _saved_meanwhile(contact, by, **changes):
    """Someone saves the contact on the community's page after the admin form loaded."""
    fresh = ContactPerson.objects.get(pk=contact.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    communities_services.contact_save(contact=fresh, changed_by=by, version=fresh.version)


def test_a_stale_admin_form_is_refused_with_what_changed_and_nothing_is_written(client_for, cast):
    contact = ContactPersonFactory(community=cast.community_a, position="Староста")
    client = client_for("staff")
    url = reverse("admin:communities_contactperson_change", args=[contact.pk])
    data = change_form_data(client.get(url))
    _saved_meanwhile(contact, cast.worker_a, position="Секретар ради")

    data["full_name"] = "Іваненко Іван"
    response = client.post(url, data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Поки ви редагували цей запис, його зберіг інший користувач" in page
    assert "Староста → Секретар ради" in page and str(cast.worker_a) in page
    name = contact.full_name
    contact.refresh_from_db()
    assert (contact.full_name, contact.position, contact.version) == (name, "Секретар ради", 2)
    assert contact.history.filter(history_user=cast.staff).count() == 0
    # The form came back with the person's values and the version saved meanwhile: having
    # read the changes, saving again goes through.
    again = change_form_data(response)
    assert again["full_name"] == "Іваненко Іван" and again["loaded_version"] == 2
    assert client.post(url, again).status_code == 302
    contact.refresh_from_db()
    assert (contact.full_name, contact.version) == ("Іваненко Іван", 3)
    assert contact.history.latest().history_user == cast.staff


def test_a_stale_inline_row_refuses_the_whole_admin_form(client_for, cast):
    contact = ContactPersonFactory(community=cast.community_a, position="Староста")
    client = client_for("staff")
    url = reverse("admin:communities_community_change", args=[cast.community_a.pk])
    data = change_form_data(client.get(url))
    _saved_meanwhile(contact, cast.worker_a, position="Секретар ради")
    prefix = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == contact.pk
    )

    data[f"{prefix}-position"] = "Голова"
    data["centre"] = "Нове місто"
    response = client.post(url, data)

    assert response.status_code == 409
    contact.refresh_from_db()
    cast.community_a.refresh_from_db()
    # Neither the row nor the community's own field: the save was one, and it was refused.
    assert contact.position == "Секретар ради" and cast.community_a.centre != "Нове місто"


def test_a_figure_posted_on_a_stale_admin_form_is_refused(client_for, cast):
    report = ReportFactory(community=cast.community_a)
    figure = DataValueFactory(report=report, value=1)
    client = client_for("staff")
    url = reverse("admin:monitoring_datavalue_change", args=[figure.pk])
    data = change_form_data(client.get(url))
    monitoring_services.report_save(
        report=report,
        figures={(figure.indicator.code, "", ""): 5},
        explanation="",
        version=report.version,
        user=cast.worker_a,
    )

    data["value"] = 9
    response = client.post(url, data)

    assert response.status_code == 200
    assert "not saved" in response.content.decode() or "не збережено" in response.content.decode()
    figure.refresh_from_db()
    report.refresh_from_db()
    assert (figure.value, report.version) == (5, 2)


def test_a_resolution_that_commitments_follow_is_not_deleted_in_the_admin(client_for, cast):
    resolution = ResolutionFactory(round_table__venue_community=cast.community_a)
    CommitmentFactory(resolution=resolution, community=cast.community_a)
    client = client_for("staff")
    url = reverse("admin:roundtables_resolution_delete", args=[resolution.pk])

    # Its commitments are never deleted in the admin, so neither is the resolution.
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Resolution.objects.filter(pk=resolution.pk).exists()


def test_a_bulk_delete_goes_through_the_service_row_by_row(client_for, cast):
    contacts = ContactPersonFactory.create_batch(2, community=cast.community_a)
    client = client_for("staff")
    bulk = {
        "action": "delete_selected",
        "_selected_action": [contact.pk for contact in contacts],
        "post": "yes",
    }

    client.post(reverse("admin:communities_contactperson_changelist"), bulk)

    assert not ContactPerson.objects.filter(pk__in=[c.pk for c in contacts]).exists()
    deletions = ContactPerson.history.filter(history_type="-")
    assert {record.history_user for record in deletions} == {cast.staff}
    assert deletions.count() == 2


def test_records_with_their_own_creation_flow_have_no_add_in_the_admin(client_for, cast):
    client = client_for("admin")
    for model in ("monitoringreport", "datavalue", "statuschange", "exportjob"):
        assert client.get(reverse(f"admin:monitoring_{model}_add")).status_code == 403
    for model in ("attachment", "participation", "commitmentupdate"):
        assert client.get(reverse(f"admin:roundtables_{model}_add")).status_code == 403
    assert client.get(reverse("admin:communities_measureupdate_add")).status_code == 403
    index = client.get(reverse("admin:app_list", args=["monitoring"])).content.decode()
    assert reverse("admin:monitoring_monitoringreport_add") not in index


def test_a_locked_report_shows_no_save_or_delete_button(client_for, cast, settings):
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = False
    report = ReportFactory(community=cast.community_a)
    monitoring_services.report_submit(report=report, user=cast.staff)
    monitoring_services.report_approve(report=report, user=cast.staff)
    page = client_for("admin").get(
        reverse("admin:monitoring_monitoringreport_change", args=[report.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in text and 'name="_continue"' not in text
    assert reverse("admin:monitoring_monitoringreport_delete", args=[report.pk]) not in text
    # A draft's page offers the save (its figures are open) and still no delete.
    draft = ReportFactory(community=cast.community_b)
    text = (
        client_for("admin")
        .get(reverse("admin:monitoring_monitoringreport_change", args=[draft.pk]))
        .content.decode()
    )
    assert 'name="_save"' in text
    assert reverse("admin:monitoring_monitoringreport_delete", args=[draft.pk]) not in text


def test_an_admin_add_form_sent_twice_creates_one_record(client_for, cast):
    client = client_for("staff")
    url = reverse("admin:communities_contactperson_add")
    data = change_form_data(client.get(url))
    assert data["form_token"]
    data.update(
        community=cast.community_a.pk,
        full_name="Коваленко Ольга",
        position="Спеціаліст",
        category=ContactPerson.Category.HEAD,
    )

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    created = ContactPerson.objects.get(full_name="Коваленко Ольга")
    page = reverse("admin:communities_contactperson_change", args=[created.pk])
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == page
    assert "Цю форму вже збережено" in second.content.decode()
    assert created.history.get().history_user == cast.staff
