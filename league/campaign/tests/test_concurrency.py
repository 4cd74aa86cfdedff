"""The campaign's create forms under pressure, on PostgreSQL with a connection per request:
the same form sent twice at once creates one record, never a server error."""

import datetime
import threading
from uuid import uuid4

import pytest
from django.db import connections
from django.db.models.signals import pre_save
from django.urls import reverse

from league.campaign import services
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyVersion,
)
from league.campaign.tests.factories import ActivityFactory, AgreementFactory, StrategyFactory
from league.campaign.tests.test_campaign import activity_post, version_post
from league.tests.concurrency import client_of, postgresql_only, run_together

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_a_strategy_form_sent_twice_at_once_creates_one(cast):
    data = {"oblast": cast.oblast.pk, "title": "Безпечна праця", "form_token": uuid4()}

    def send(index):
        return client_of(cast.staff).post(reverse("campaign:strategy_create"), data)

    responses = run_together(2, send)
    strategy = CampaignStrategy.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {strategy.get_absolute_url()}


def test_a_version_form_sent_twice_at_once_adds_one(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    data = version_post()

    def send(index):
        url = reverse("campaign:version_create", args=[strategy.pk])
        return client_of(cast.staff).post(url, data).status_code

    assert run_together(2, send) == [302, 302]
    assert list(StrategyVersion.objects.values_list("number", flat=True)) == [1]


def test_an_activity_form_sent_twice_at_once_records_one(cast):
    data = activity_post(form_token=str(uuid4()))

    def send(index):
        url = reverse("campaign:activity_create", args=[cast.community_a.pk])
        return client_of(cast.worker_a).post(url, data).status_code

    assert run_together(2, send) == [302, 302]
    assert CampaignActivity.objects.count() == 1


def test_an_activity_the_same_form_saved_meanwhile_is_the_one_returned(cast):
    # A parallel request with the same form token commits its activity after this one
    # looked for it and before this one's insert: the insert loses, that activity counts.
    submission = uuid4()
    rival: dict = {}

    def save_the_rival_first(sender, instance, **kwargs):
        if rival:
            return
        rival["started"] = True

        def insert():
            rival["activity"] = ActivityFactory(
                community=cast.community_a, submission=submission, people_reached=12
            )
            connections.close_all()

        thread = threading.Thread(target=insert)
        thread.start()
        thread.join(timeout=60)

    pre_save.connect(save_the_rival_first, sender=CampaignActivity, weak=False)
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
        assert pre_save.disconnect(save_the_rival_first, sender=CampaignActivity)
    assert activity.pk == rival["activity"].pk
    assert list(CampaignActivity.objects.values_list("people_reached", flat=True)) == [12]


@pytest.mark.parametrize("recorded", [False, True], ids=["first stance", "stance edited"])
def test_twenty_saves_of_one_stance_save_one_and_refuse_the_rest(cast, recorded):
    """All loaded the same form (before any stance, or at version 1): one save stands,
    nineteen get the conflict page (409) with what changed; none is lost silently."""
    strategy = StrategyFactory(oblast=cast.oblast)
    version = 0
    if recorded:
        AgreementFactory(strategy=strategy, community=cast.community_a, stance="invited")
        version = 1
    url = reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk])
    users = [cast.staff, cast.admin]

    def save(index):
        data = {"stance": "agreed", "date": "2017-03-03", "note": f"Лист {index}"}
        return client_of(users[index % 2]).post(url, {**data, "version": version}).status_code

    answers = run_together(20, save)

    assert sorted(answers) == [302] + [409] * 19
    agreement = CommunityAgreement.objects.get()
    assert agreement.version == version + 1 and agreement.note.startswith("Лист ")
