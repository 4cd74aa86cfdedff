import datetime

import factory

from communities.tests.factories import CommunityFactory, OblastFactory
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyVersion,
)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignStrategy

    oblast = factory.SubFactory(OblastFactory)
    title = factory.Sequence(lambda number: f"Стратегія {number}")


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyVersion

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda number: number + 1)
    date = datetime.date(2017, 3, 1)
    key_messages = "Безпечна міграція"
    target_groups = "Молодь"
    channels = "Школи"
    timeline = "2017–2018"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityAgreement

    strategy = factory.SubFactory(StrategyFactory)
    community = factory.SubFactory(CommunityFactory)
    stance = CommunityAgreement.Stance.AGREED
    date = datetime.date(2017, 4, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignActivity

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2017, 5, 1)
    kind = CampaignActivity.Kind.SCHOOL_LECTURE
    target_groups = factory.LazyFunction(lambda: ["youth"])
    people_reached = 30
    materials_distributed = 10
