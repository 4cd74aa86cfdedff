"""The campaign's writes not met elsewhere: a new strategy, a version without a document,
a strategy sent back to draft, a community's answer with its letter attached."""

import datetime
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_init
from django.urls import reverse

from league.campaign import services
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
)
from league.campaign.tests.factories import StrategyFactory

PDF = b"%PDF-1.4\n%answer\n"


def test_staff_create_a_strategy_as_a_draft(client_for, cast):
    response = client_for("staff").post(
        reverse("campaign:strategy_create"),
        {"oblast": cast.oblast.pk, "title": "Безпечна міграція Сумщини", "form_token": uuid4()},
    )
    strategy = CampaignStrategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:strategy_detail", args=[strategy.pk])
    assert (strategy.oblast, strategy.title, strategy.status) == (
        cast.oblast,
        "Безпечна міграція Сумщини",
        "draft",
    )
    assert strategy.history.get().history_user == cast.staff


def test_a_version_without_a_document_has_nothing_to_download(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    client = client_for("staff")
    response = client.post(
        reverse("campaign:version_create", args=[strategy.pk]),
        {
            "date": "2017-01-05",
            "key_messages": "Безпечний виїзд",
            "target_groups": "Молодь",
            "channels": "Школи",
            "timeline": "2017",
            "form_token": uuid4(),
        },
    )
    assert response.status_code == 302
    version = strategy.versions.get()
    assert (version.number, version.document_name, bool(version.document)) == (1, "", False)
    download = client.get(reverse("campaign:version_document", args=[version.pk]))
    assert download.status_code == 404


def test_an_agreed_strategy_sent_back_to_draft_forgets_the_council_reference(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    services.strategy_change_status(
        strategy=strategy,
        status="agreed",
        changed_by=cast.staff,
        council_reference="лист № 01-15/123",
        council_date=datetime.date(2017, 2, 10),
    )
    services.strategy_change_status(
        strategy=strategy, status="draft", changed_by=cast.admin, comment="Рада просить змін"
    )
    strategy.refresh_from_db()
    assert (strategy.status, strategy.council_reference, strategy.council_date) == (
        "draft",
        "",
        None,
    )
    back = StrategyStatusChange.objects.get(to_status="draft")
    assert (back.from_status, back.changed_by, back.comment) == (
        "agreed",
        cast.admin,
        "Рада просить змін",
    )


def test_a_communitys_answer_keeps_its_letter(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    client = client_for("staff")
    response = client.post(
        reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk]),
        {
            "stance": "agreed",
            "date": "2017-03-03",
            "note": "Лист голови",
            "document": SimpleUploadedFile("лист громади.pdf", PDF),
            "version": 0,
        },
    )
    assert response.status_code == 302
    agreement = CommunityAgreement.objects.get()
    assert (agreement.community, agreement.stance, agreement.document_name) == (
        cast.community_a,
        "agreed",
        "лист громади.pdf",
    )
    download = client_for("council").get(
        reverse("campaign:agreement_document", args=[agreement.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_an_active_and_a_finished_strategy_keep_the_council_reference(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    services.strategy_change_status(
        strategy=strategy,
        status="agreed",
        changed_by=cast.staff,
        council_reference="рішення № 7",
        council_date=datetime.date(2017, 2, 10),
    )
    for status in ("active", "finished"):
        services.strategy_change_status(strategy=strategy, status=status, changed_by=cast.staff)
    strategy.refresh_from_db()
    assert (strategy.status, strategy.council_reference, strategy.council_date) == (
        "finished",
        "рішення № 7",
        datetime.date(2017, 2, 10),
    )
    assert list(
        StrategyStatusChange.objects.order_by("pk").values_list("from_status", "to_status")
    ) == [("draft", "agreed"), ("agreed", "active"), ("active", "finished")]


def test_an_activity_without_target_groups_is_refused_and_nothing_is_recorded(cast):
    from django.core.exceptions import ValidationError

    from league.campaign.models import CampaignActivity

    with pytest.raises(ValidationError) as refused:
        services.activity_record(
            community=cast.community_a,
            date=datetime.date(2017, 3, 1),
            kind="stand",
            target_groups=[],
            people_reached=40,
            submission=uuid4(),
            recorded_by=cast.worker_a,
        )
    assert "Оберіть принаймні одну цільову групу." in refused.value.message_dict["target_groups"]
    assert not CampaignActivity.objects.exists()


def test_a_first_stance_sent_again_with_its_letter_is_no_conflict_another_letter_is(cast):
    """A form loaded before any stance (version 0): the same answer and letter again is
    the first save (a double click); the same answer with another letter is a conflict."""
    from league.domain import StaleEdit

    strategy = StrategyFactory(oblast=cast.oblast)

    def record(name):
        return services.agreement_record(
            strategy=strategy,
            community=cast.community_a,
            stance="agreed",
            date=datetime.date(2017, 3, 3),
            document=SimpleUploadedFile(name, PDF),
            changed_by=cast.staff,
            version=0,
        )

    first = record("лист.pdf")
    again = record("лист.pdf")
    assert again.pk == first.pk and again.version == first.version == 1
    with pytest.raises(StaleEdit) as refused:
        record("інший лист.pdf")
    assert refused.value.changes and CommunityAgreement.objects.get().version == 1


def test_an_activity_sent_again_with_its_submission_key_is_the_first(cast):
    """A path without the page's token (an offline draft sent again) still records one."""
    key = uuid4()

    def record():
        return services.activity_record(
            community=cast.community_a,
            date=datetime.date(2017, 5, 1),
            kind="stand",
            target_groups=["youth"],
            people_reached=40,
            submission=key,
            recorded_by=cast.worker_a,
        )

    assert record().pk == record().pk
    assert CampaignActivity.objects.count() == 1


def test_an_activity_without_a_key_in_the_future_is_refused_and_not_recorded(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.activity_record(
            community=cast.community_a,
            date=datetime.date.today() + datetime.timedelta(days=2),
            kind="stand",
            target_groups=["youth"],
            people_reached=40,
            recorded_by=cast.worker_a,
        )
    assert not CampaignActivity.objects.exists()


def test_an_activity_the_same_form_saved_meanwhile_is_the_one_returned_on_any_database(cast):
    """The race of the PostgreSQL test in test_concurrency.py, on one connection: the rival
    with the same form key is committed after this save looked for it (the activity is
    built only then) and before its insert, which loses; the rival counts, nothing twice."""
    from league.campaign.models import CampaignActivity
    from league.campaign.tests.factories import ActivityFactory

    submission = uuid4()
    rival: dict = {}

    def save_the_rival_first(sender, instance, **kwargs):
        if instance.submission == submission and not rival:
            rival["activity"] = None  # the rival is built through here too
            rival["activity"] = ActivityFactory(
                community=cast.community_a, submission=submission, people_reached=12
            )

    post_init.connect(save_the_rival_first, sender=CampaignActivity, weak=False)
    try:
        activity = services.activity_record(
            community=cast.community_a,
            date=datetime.date(2017, 5, 1),
            kind="stand",
            target_groups=["youth"],
            people_reached=40,
            submission=submission,
            recorded_by=cast.worker_a,
        )
    finally:
        assert post_init.disconnect(save_the_rival_first, sender=CampaignActivity)
    assert activity.pk == rival["activity"].pk
    assert list(CampaignActivity.objects.values_list("people_reached", flat=True)) == [12]
