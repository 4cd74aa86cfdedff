"""The named computations: each logframe indicator that the portal's own records can
measure names one of these. Each is a plain function of an oblast returning a number, so
the council reports can call the same functions; each costs ONE query, whatever the
number of communities or records.

A computation also says how it is computed (shown beside the number) and where the
records behind it are (a link to the page listing them).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, Max, OuterRef, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from league.advocacy.models import AdvocacyMeeting
from league.campaign.models import CampaignActivity, CommunityAgreement
from league.plan_records import BudgetLine, IdentificationPlan, ServiceContract
from monitoring.models import MonitoringReport, ReportingPeriod
from monitoring.selectors import SUBMITTED_STATES, approved_values
from roundtables.models import Participation, RoundTable

COUNT, PEOPLE, MONEY, PERCENT = "count", "people", "money", "percent"
# Purposes of budget lines that pay for identifying and helping victims.
IDENTIFICATION_AND_ASSISTANCE = ("identification", "assistance")
HELP_CODES = (
    "HELP_MATERIAL",
    "HELP_MEDICAL",
    "HELP_PSYCHOLOGICAL",
    "HELP_SOCIAL",
    "HELP_LEGAL",
    "HELP_ACCOMMODATION",
    "HELP_EMPLOYMENT",
)


def _communities(oblast):
    return Community.objects.filter(raion__oblast=oblast)


# --- The computations: plain functions, one query each ---


def round_tables_held(oblast) -> int:
    return RoundTable.objects.filter(series__oblast=oblast, status=RoundTable.Status.HELD).count()


def communities_represented(oblast) -> int:
    """Communities of which at least one person attended a held round table."""
    attended = Participation.objects.filter(
        person__community=OuterRef("pk"),
        status=Participation.Status.ATTENDED,
        round_table__status=RoundTable.Status.HELD,
    )
    return _communities(oblast).filter(Exists(attended)).count()


def communities_agreed_strategy(oblast) -> int:
    """Communities that agreed to, or joined with their own activities, a campaign
    strategy of the oblast (counted once whatever the number of strategies)."""
    agreed = CommunityAgreement.objects.filter(
        community=OuterRef("pk"),
        strategy__oblast=oblast,
        stance__in=CommunityAgreement.AGREEING,
    )
    return _communities(oblast).filter(Exists(agreed)).count()


def communities_with_adopted_plan(oblast) -> int:
    adopted = IdentificationPlan.objects.filter(
        community=OuterRef("pk"), status=IdentificationPlan.Status.ADOPTED
    )
    return _communities(oblast).filter(Exists(adopted)).count()


def communities_with_money(oblast) -> int:
    """Communities with money planned for identification or assistance in a local
    programme (a budget line of those purposes with more than zero planned)."""
    lines = BudgetLine.objects.filter(
        programme__community=OuterRef("pk"),
        purpose__in=IDENTIFICATION_AND_ASSISTANCE,
        planned__gt=0,
    )
    return _communities(oblast).filter(Exists(lines)).count()


def _money(oblast, field: str) -> Decimal:
    return BudgetLine.objects.filter(programme__community__raion__oblast=oblast).aggregate(
        total=Sum(field, default=Decimal("0.00"))
    )["total"]


def money_planned(oblast) -> Decimal:
    return _money(oblast, "planned")


def money_spent(oblast) -> Decimal:
    return _money(oblast, "spent")


def service_contracts_signed(oblast) -> int:
    return ServiceContract.objects.filter(
        community__raion__oblast=oblast,
        status__in=[ServiceContract.Status.CONTRACTED, ServiceContract.Status.DELIVERED],
    ).count()


def campaign_activities(oblast) -> int:
    return CampaignActivity.objects.filter(community__raion__oblast=oblast).count()


def campaign_people_reached(oblast) -> int:
    return CampaignActivity.objects.filter(community__raion__oblast=oblast).aggregate(
        total=Sum("people_reached", default=0)
    )["total"]


def advocacy_programmes_with_money(oblast) -> int:
    return AdvocacyMeeting.objects.filter(
        oblast=oblast, outcome=AdvocacyMeeting.Outcome.ADOPTED
    ).count()


def _reports_due(oblast) -> tuple[int, QuerySet]:
    """How many reports were due (every community, every quarter whose deadline has
    passed), and the submitted or approved reports among them. Two queries."""
    past = ReportingPeriod.objects.filter(deadline__lt=timezone.localdate())
    due = _communities(oblast).count() * past.count()
    submitted = MonitoringReport.objects.filter(
        community__raion__oblast=oblast, period__in=past, status__in=SUBMITTED_STATES
    )
    return due, submitted


def monitoring_completeness(oblast) -> Decimal:
    """Share (%) of the reports due that were submitted. Three queries."""
    due, submitted = _reports_due(oblast)
    return _percent(submitted.count(), due)


def monitoring_timeliness(oblast) -> Decimal:
    """Share (%) of the reports due that were first submitted by their deadline. Three
    queries."""
    due, submitted = _reports_due(oblast)
    on_time = submitted.filter(first_submitted_at__date__lte=F("period__deadline"))
    return _percent(on_time.count(), due)


def people_identified(oblast) -> int:
    """People identified as possibly trafficked, summed over approved reports."""
    return int(
        approved_values()
        .filter(report__community__raion__oblast=oblast, indicator__code="IDENTIFIED", dimension="")
        .aggregate(total=Sum("value", default=Decimal(0)))["total"]
    )


def people_helped(oblast) -> int:
    """People who received help: per approved report, the largest count of any one kind
    of help (a person may get several kinds, so the kinds are not added up), summed over
    the reports. A lower bound of the people helped. One query: the sum is taken over a
    subquery of the reports' largest counts, so no report's row leaves the database."""
    per_report = (
        approved_values()
        .filter(
            report__community__raion__oblast=oblast, indicator__code__in=HELP_CODES, dimension=""
        )
        .order_by()
        .values("report_id")
        .annotate(largest=Max("value"))
    )
    return int(per_report.aggregate(total=Sum("largest", default=Decimal(0)))["total"])


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


# --- The registry ---


@dataclass(frozen=True)
class Computation:
    key: str
    label: str
    method: str  # how it is computed, shown beside the number
    unit: str
    compute: Callable
    link: Callable[[object], str]  # (oblast) -> URL of the records behind the number
    # The capability the records page asks: the link is shown only to whom it opens.
    link_capability: str

    @property
    def is_people(self) -> bool:
        return self.unit == PEOPLE


def _url(name: str, query: str = "") -> Callable[[object], str]:
    return lambda oblast: reverse(name) + query


COMPUTATIONS: dict[str, Computation] = {
    computation.key: computation
    for computation in [
        Computation(
            "round_tables_held",
            _("Round tables held"),
            _("Round tables of the oblast's series with the status “held”."),
            COUNT,
            round_tables_held,
            _url("roundtables:list", "?status=held"),
            "roundtables.view",
        ),
        Computation(
            "communities_represented",
            _("Communities represented at a round table"),
            _("Communities of which at least one person attended a held round table."),
            COUNT,
            communities_represented,
            _url("roundtables:list", "?status=held"),
            "roundtables.view",
        ),
        Computation(
            "communities_agreed_strategy",
            _("Communities that agreed to the campaign strategy"),
            _("Communities whose stance is “agreed” or “joined with its own activities”."),
            COUNT,
            communities_agreed_strategy,
            _url("campaign:strategy_list"),
            "campaign.view",
        ),
        Computation(
            "communities_with_adopted_plan",
            _("Communities with an adopted identification plan"),
            _("Communities with at least one identification plan in the status “adopted”."),
            COUNT,
            communities_with_adopted_plan,
            _url("communities:plan_overview"),
            "plans.view",
        ),
        Computation(
            "communities_with_money",
            _("Communities with money for identification and assistance"),
            _(
                "Communities with a local programme budget line for identification or "
                "assistance with more than zero planned."
            ),
            COUNT,
            communities_with_money,
            _url("communities:plan_overview"),
            "plans.view",
        ),
        Computation(
            "money_planned",
            _("Money planned, UAH"),
            _("Sum planned in all budget lines of the communities' local programmes."),
            MONEY,
            money_planned,
            _url("communities:plan_overview"),
            "plans.view",
        ),
        Computation(
            "money_spent",
            _("Money spent, UAH"),
            _("Sum spent in all budget lines of the communities' local programmes."),
            MONEY,
            money_spent,
            _url("communities:plan_overview"),
            "plans.view",
        ),
        Computation(
            "service_contracts_signed",
            _("Service contracts signed"),
            _("Social-contracting contracts with the status “contracted” or “delivered”."),
            COUNT,
            service_contracts_signed,
            _url("communities:plan_overview"),
            "plans.view",
        ),
        Computation(
            "campaign_activities",
            _("Campaign activities"),
            _("Campaign activities recorded in the oblast's communities."),
            COUNT,
            campaign_activities,
            _url("campaign:activity_list"),
            "campaign.view",
        ),
        Computation(
            "campaign_people_reached",
            _("People reached by the campaign"),
            _("Sum of the people reached by the recorded campaign activities."),
            COUNT,
            campaign_people_reached,
            _url("campaign:activity_list"),
            "campaign.view",
        ),
        Computation(
            "advocacy_programmes_with_money",
            _("Advocacy meetings that ended in a programme with money"),
            _("Advocacy meetings whose outcome is “programme adopted with money”."),
            COUNT,
            advocacy_programmes_with_money,
            _url("advocacy:meeting_list", "?outcome=adopted"),
            "advocacy.view",
        ),
        Computation(
            "monitoring_completeness",
            _("Monitoring completeness, %"),
            _(
                "Reports submitted or approved, of one report per community for every "
                "quarter whose deadline has passed."
            ),
            PERCENT,
            monitoring_completeness,
            _url("monitoring:completeness"),
            "monitoring.view_completeness",
        ),
        Computation(
            "monitoring_timeliness",
            _("Monitoring timeliness, %"),
            _(
                "Reports first submitted by their deadline, of one report per community for "
                "every quarter whose deadline has passed."
            ),
            PERCENT,
            monitoring_timeliness,
            _url("monitoring:completeness"),
            "monitoring.view_completeness",
        ),
        Computation(
            "people_identified",
            _("People identified"),
            _("Sum of “people identified” in approved monitoring reports."),
            PEOPLE,
            people_identified,
            _url("monitoring:aggregates"),
            "monitoring.view_aggregates",
        ),
        Computation(
            "people_helped",
            _("People who received help"),
            _(
                "Per approved report the largest count of any one kind of help (one person "
                "may receive several kinds), summed over the reports: a lower bound."
            ),
            PEOPLE,
            people_helped,
            _url("monitoring:aggregates"),
            "monitoring.view_aggregates",
        ),
    ]
}


def computation_choices() -> list[tuple[str, str]]:
    return [(key, computation.label) for key, computation in COMPUTATIONS.items()]


def compute(key: str, oblast):
    """The current value of one named computation for an oblast. One query."""
    return COMPUTATIONS[key].compute(oblast)
