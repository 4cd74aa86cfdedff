"""The campaign's rows of the URL-by-role table. Objects belong to community A or to
the cast's oblast."""

import datetime

from django.core.files.base import ContentFile

from league.campaign.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    StrategyFactory,
    VersionFactory,
)
from league.tests.access_matrix import Row, everyone, expect, ngo_only

PDF = b"%PDF-1.4\n%test\n"
A_READ = expect(worker_a=200, worker_b=404, staff=200, council=200, admin=200)


def strategy_kwargs(cast):
    return {"pk": StrategyFactory(oblast=cast.oblast).pk}


def version_kwargs(cast):
    version = VersionFactory(strategy=StrategyFactory(oblast=cast.oblast))
    version.document.save("v.pdf", ContentFile(PDF), save=True)
    return {"pk": version.pk}


def agreement_edit_kwargs(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    return {"pk": strategy.pk, "community_pk": cast.community_a.pk}


def agreement_kwargs(cast):
    agreement = AgreementFactory(
        strategy=StrategyFactory(oblast=cast.oblast), community=cast.community_a
    )
    agreement.document.save("a.pdf", ContentFile(PDF), save=True)
    return {"pk": agreement.pk}


def activity_kwargs(cast):
    activity = ActivityFactory(community=cast.community_a)
    activity.photo.save("p.pdf", ContentFile(PDF), save=True)
    return {"pk": activity.pk}


def status_data(cast):
    return {
        "status": "agreed",
        "council_reference": "№ 12",
        "council_date": datetime.date(2017, 2, 1).isoformat(),
    }


ROWS = [
    Row("campaign:strategy_list", everyone()),
    Row("campaign:strategy_create", ngo_only()),
    Row("campaign:strategy_detail", everyone(), kwargs=strategy_kwargs),
    Row("campaign:version_create", ngo_only(), kwargs=strategy_kwargs),
    Row(
        "campaign:strategy_status",
        ngo_only(302),
        kwargs=strategy_kwargs,
        method="post",
        data=status_data,
    ),
    Row("campaign:version_document", everyone(), kwargs=version_kwargs),
    Row("campaign:agreement_summary", everyone(), kwargs=strategy_kwargs),
    Row("campaign:agreement_edit", ngo_only(), kwargs=agreement_edit_kwargs),
    Row("campaign:agreement_document", A_READ, kwargs=agreement_kwargs),
    Row("campaign:activity_list", everyone()),
    Row(
        "campaign:activity_create",
        expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200),
        kwargs=lambda cast: {"community_pk": cast.community_a.pk},
    ),
    Row("campaign:activity_photo", A_READ, kwargs=activity_kwargs),
]
