"""Reads for the campaign pages, already scoped to the user and joined for the page."""

from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from communities.models import Community, Raion
from league import access
from league.campaign.models import CampaignActivity, CampaignStrategy, CommunityAgreement

Stance = CommunityAgreement.Stance


def strategy_list_for_user(user) -> QuerySet[CampaignStrategy]:
    """Strategies of the oblasts the user looks at: every oblast for the NGO, the council
    official's oblast, the oblasts of a social worker's communities. One query."""
    return access.scope_oblasts(user, CampaignStrategy.objects.select_related("oblast"))


def strategy_get_for_user(user, pk: int) -> CampaignStrategy:
    """One strategy the user may see, or 404. One query."""
    return get_object_or_404(strategy_list_for_user(user), pk=pk)


def communities_with_stance(user, strategy: CampaignStrategy) -> QuerySet[Community]:
    """The user's communities in the strategy's oblast, each annotated with `stance`
    (None when no row was recorded, which reads as "not contacted"). One query."""
    communities = access.scope(user, Community.objects.all(), None).filter(
        raion__oblast_id=strategy.oblast_id
    )
    return (
        communities.annotate(
            agreement=FilteredRelation(
                "campaign_agreements", condition=Q(campaign_agreements__strategy=strategy)
            )
        )
        .annotate(
            stance=F("agreement__stance"),
            stance_date=F("agreement__date"),
            agreement_pk=F("agreement__pk"),
        )
        .select_related("raion")
        .order_by("raion__name", "name", "katottg")
    )


def agreement_summary(user, strategy: CampaignStrategy) -> list[dict]:
    """Per raion: communities, how many agreed, joined, declined. One GROUP BY query."""
    rows = (
        communities_with_stance(user, strategy)
        .order_by()
        .values("raion_id", "raion__name")
        .annotate(
            communities=Count("pk"),
            agreed=Count("pk", filter=Q(stance=Stance.AGREED)),
            joined=Count("pk", filter=Q(stance=Stance.JOINED)),
            declined=Count("pk", filter=Q(stance=Stance.DECLINED)),
        )
        .order_by("raion__name")
    )
    return [
        {
            "raion_id": row["raion_id"],
            "raion": row["raion__name"],
            "communities": row["communities"],
            "agreed": row["agreed"],
            "joined": row["joined"],
            "declined": row["declined"],
            "agreeing": row["agreed"] + row["joined"],
        }
        for row in rows
    ]


def raions_for_user(user) -> QuerySet[Raion]:
    """The raions in which the user has communities: for filters (a few hundred at most
    nationally, never the 1,469 communities)."""
    raions = Raion.objects.select_related("oblast").order_by("oblast__name", "name")
    return access.scope_raions(user, raions, path=None)


def activity_list_for_user(user) -> QuerySet[CampaignActivity]:
    """Activities in the user's communities, newest first, with community and raion."""
    return access.scope(user, CampaignActivity.objects.select_related("community__raion")).order_by(
        "-date", "-pk"
    )


def activity_totals(activities: QuerySet[CampaignActivity]) -> dict:
    """Count of activities, people reached and materials distributed. One query."""
    totals = activities.order_by().aggregate(
        activities=Count("pk"),
        people=Sum("people_reached", default=0),
        materials=Sum("materials_distributed", default=0),
    )
    return totals


def activity_get_for_user(user, pk: int) -> CampaignActivity:
    return access.get_for_user(user, CampaignActivity.objects.select_related("community"), pk=pk)


def agreement_get_for_user(user, pk: int) -> CommunityAgreement:
    return access.get_for_user(
        user, CommunityAgreement.objects.select_related("community", "strategy"), pk=pk
    )


RECENT_ACTIVITIES = 5


def community_campaign_section(user, community) -> dict | None:
    """The community page's campaign section: its stance towards each strategy, its
    latest activities and their totals. Three queries; None without campaign.view."""
    if not access.has_perm(user, "campaign.view"):
        return None
    activities = CampaignActivity.objects.filter(community=community)
    return {
        "community": community,
        "agreements": list(
            CommunityAgreement.objects.filter(community=community)
            .select_related("strategy")
            .order_by("-strategy__created_at")
        ),
        "activities": list(activities.order_by("-date", "-pk")[:RECENT_ACTIVITIES]),
        "totals": activity_totals(activities),
        "may_record": access.has_perm(user, "campaign.record_activity"),
    }
