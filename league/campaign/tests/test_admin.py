"""The campaign's admin saves through the services the pages use: what it saves is what a
page would have saved (status in draft, files checked and named, who recorded it)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from league.campaign.models import CampaignActivity, CampaignStrategy, CommunityAgreement
from league.campaign.tests.factories import AgreementFactory, StrategyFactory, VersionFactory
from league.tests.admin_forms import change_form_data

PDF = b"%PDF-1.4\n%test\n"


def admin_url(model, action="add", *args):
    return reverse(f"admin:campaign_{model._meta.model_name}_{action}", args=args)


def test_a_strategy_added_in_the_admin_starts_as_a_draft_and_keeps_its_status(client_for, cast):
    client = client_for("staff")
    data = change_form_data(client.get(admin_url(CampaignStrategy)))
    data.update(oblast=cast.oblast.pk, title="Безпечна праця", status="active")
    response = client.post(admin_url(CampaignStrategy), data)
    assert response.status_code == 302
    strategy = CampaignStrategy.objects.get()
    assert strategy.status == "draft"
    assert strategy.history.get().history_user == cast.staff
    # An edit of an agreed strategy keeps the council's reference, whatever is posted.
    CampaignStrategy.objects.filter(pk=strategy.pk).update(
        status="agreed", council_reference="№ 5", council_date=datetime.date(2017, 2, 1)
    )
    url = admin_url(CampaignStrategy, "change", strategy.pk)
    data = change_form_data(client.get(url))
    data.update(title="Безпечна праця 2", status="draft", council_reference="")
    assert client.post(url, data).status_code == 302
    strategy.refresh_from_db()
    assert (strategy.title, strategy.status, strategy.council_reference) == (
        "Безпечна праця 2",
        "agreed",
        "№ 5",
    )
    assert strategy.history.latest().history_user == cast.staff


def test_versions_are_not_added_or_edited_in_the_admin(client_for, cast):
    version = VersionFactory(strategy=StrategyFactory(oblast=cast.oblast))
    client = client_for("staff")
    assert client.get(admin_url(type(version))).status_code == 403
    url = admin_url(type(version), "change", version.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"key_messages": "Інше"}).status_code == 403
    version.refresh_from_db()
    assert version.key_messages == "Безпечна міграція"


def test_an_agreement_saved_in_the_admin_has_its_document_checked_and_named(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    client = client_for("staff")
    data = change_form_data(client.get(admin_url(CommunityAgreement)))
    data.update(strategy=strategy.pk, community=cast.community_a.pk, stance="agreed")
    data.update(date="2017-04-02")
    refused = client.post(
        admin_url(CommunityAgreement),
        {**data, "document": SimpleUploadedFile("рішення.pdf", b"not a pdf at all")},
    )
    assert refused.status_code == 200
    assert "Приймаються лише файли PDF, JPEG і PNG" in refused.content.decode()
    assert not CommunityAgreement.objects.exists()
    undated = client.post(admin_url(CommunityAgreement), {**data, "date": ""})
    assert "Вкажіть дату відповіді громади." in undated.content.decode()
    assert not CommunityAgreement.objects.exists()
    saved = client.post(
        admin_url(CommunityAgreement), {**data, "document": SimpleUploadedFile("рішення.pdf", PDF)}
    )
    assert saved.status_code == 302
    agreement = CommunityAgreement.objects.get()
    assert agreement.document_name == "рішення.pdf"
    assert agreement.document.name.endswith(".pdf")
    assert agreement.history.get().history_user == cast.staff


def test_an_agreements_strategy_and_community_stay_in_the_admin(client_for, cast):
    agreement = AgreementFactory(
        strategy=StrategyFactory(oblast=cast.oblast), community=cast.community_a
    )
    client = client_for("staff")
    url = admin_url(CommunityAgreement, "change", agreement.pk)
    data = change_form_data(client.get(url))
    data.pop("document")  # no new file
    data.update(community=cast.community_b.pk, stance="joined", note="Власні заходи")
    assert client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.community, agreement.stance) == (cast.community_a, "joined")
    assert agreement.history.latest().history_user == cast.staff


def _add_activity(client, cast, **changes):
    """Post the admin's add page of an activity in community A, as a person fills it in."""
    data = change_form_data(client.get(admin_url(CampaignActivity)))
    data.update(
        community=cast.community_a.pk,
        date="2017-05-02",
        kind="stand",
        target_groups='["youth"]',
        people_reached="40",
    )
    data.update(changes)
    return client.post(admin_url(CampaignActivity), data)


def test_an_activity_added_in_the_admin_is_recorded_by_whoever_saved_it(client_for, cast):
    response = _add_activity(client_for("staff"), cast, photo=SimpleUploadedFile("стенд.pdf", PDF))
    assert response.status_code == 302
    activity = CampaignActivity.objects.get()
    assert (activity.recorded_by, activity.photo_name) == (cast.staff, "стенд.pdf")
    assert activity.history.get().history_user == cast.staff


def test_an_activity_with_an_unknown_target_group_is_refused_in_the_admin(client_for, cast):
    response = _add_activity(client_for("staff"), cast, target_groups='["martians"]')
    assert response.status_code == 200
    assert "Оберіть цільові групи зі списку." in response.content.decode()
    assert not CampaignActivity.objects.exists()
