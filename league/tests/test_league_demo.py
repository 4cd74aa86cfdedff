import datetime

import pytest
from django.core.management import call_command

from communities.models import Oblast
from league.advocacy.models import AdvocacyMeeting, Memorandum
from league.campaign.models import CampaignActivity, CampaignStrategy, CommunityAgreement
from league.targets import registry
from league.targets.models import Indicator


@pytest.mark.django_db
def test_the_demo_holds_the_leagues_own_work_and_can_run_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123")
    call_command("seed_demo", password="demo-pass-123")

    strategy = CampaignStrategy.objects.get()
    assert strategy.status == "active" and strategy.council_date == datetime.date(2017, 3, 14)
    assert strategy.versions.count() == 2
    agreeing = CommunityAgreement.objects.filter(stance__in=CommunityAgreement.AGREEING).count()
    assert agreeing > 51 / 2
    dates = CampaignActivity.objects.order_by("date").values_list("date", flat=True)
    assert (dates.last() - dates.first()).days > 365 + 300
    assert set(AdvocacyMeeting.objects.values_list("outcome", flat=True)) >= {"adopted", "draft"}
    memorandum = Memorandum.objects.get()
    assert (memorandum.date_signed.year, memorandum.date_signed.month) == (2016, 10)
    assert "Сумська обласна рада" in memorandum.parties
    oblast = Oblast.objects.get(katottg="UA59000000000057109")
    assert Indicator.objects.filter(computation="").count() == 1
    assert registry.communities_agreed_strategy(oblast) == agreeing
    assert registry.campaign_activities(oblast) == 120
