"""The project timeline: every dated event of the portal in one list, newest first.

Each source is a queryset reduced to the same five columns; they are joined with SQL
UNION ALL, ordered and cut to a page in the database. A page costs two queries (the page
and the count) plus one for its communities' names, whatever the number of events.
"""

from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Value
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from league import access
from league.advocacy.selectors import meeting_list_for_user, memorandum_list_for_user
from league.campaign.models import CommunityAgreement
from league.campaign.selectors import strategy_list_for_user
from league.plan_records import IdentificationPlan, LocalProgramme
from roundtables.models import RoundTable
from roundtables.selectors import round_tables_in_scope

KINDS = {
    "round_table": _("round table"),
    "strategy": _("campaign strategy agreed"),
    "agreement": _("community joined the campaign"),
    "plan": _("identification plan adopted"),
    "programme": _("local programme adopted"),
    "meeting": _("advocacy meeting"),
    "memorandum": _("memorandum signed"),
}
COLUMNS = ("event_date", "event_kind", "event_title", "event_community", "event_object")
NO_COMMUNITY = Value(None, output_field=IntegerField())


def _shape(queryset, *, date, kind, title, community, obj="pk"):
    return (
        queryset.order_by()
        .annotate(
            event_date=Cast(date, DateField()),
            event_kind=Value(kind, output_field=CharField()),
            event_title=Cast(title, CharField()),
            event_community=community,
            event_object=F(obj) if isinstance(obj, str) else obj,
        )
        .values_list(*COLUMNS)
    )


def _sources(user, community: Community | None) -> dict:
    """Each kind's events as a shaped queryset, within the user's scope."""
    round_tables = round_tables_in_scope(user, RoundTable.objects.exclude(status="cancelled"))
    agreements = access.scope(
        user,
        CommunityAgreement.objects.filter(
            stance__in=CommunityAgreement.AGREEING, date__isnull=False
        ),
    )
    plans = access.scope(
        user,
        IdentificationPlan.objects.filter(status="adopted", decision_date__isnull=False),
    )
    programmes = access.scope(user, LocalProgramme.objects.filter(decision_date__isnull=False))
    meetings = meeting_list_for_user(user)
    strategies = strategy_list_for_user(user).filter(council_date__isnull=False)
    memoranda = memorandum_list_for_user(user)
    if community is not None:
        invited = RoundTable.invited_communities.through.objects.filter(
            roundtable=OuterRef("pk"), community=community
        )
        round_tables = round_tables.filter(Exists(invited))
        agreements = agreements.filter(community=community)
        plans = plans.filter(community=community)
        programmes = programmes.filter(community=community)
        meetings = meetings.filter(community=community)
        strategies = strategies.none()
        memoranda = memoranda.none()
    return {
        "round_table": _shape(
            round_tables,
            date=TruncDate("starts_at"),
            kind="round_table",
            title="title",
            community=F("venue_community_id"),
        ),
        "strategy": _shape(
            strategies,
            date="council_date",
            kind="strategy",
            title="title",
            community=NO_COMMUNITY,
        ),
        "agreement": _shape(
            agreements,
            date="date",
            kind="agreement",
            title="strategy__title",
            community=F("community_id"),
            obj=F("strategy_id"),
        ),
        "plan": _shape(
            plans,
            date="decision_date",
            kind="plan",
            title="decision_number",
            community=F("community_id"),
        ),
        "programme": _shape(
            programmes,
            date="decision_date",
            kind="programme",
            title="name",
            community=F("community_id"),
        ),
        "meeting": _shape(
            meetings,
            date="date",
            kind="meeting",
            title="topic",
            community=F("community_id"),
        ),
        "memorandum": _shape(
            memoranda,
            date="date_signed",
            kind="memorandum",
            title="title",
            community=NO_COMMUNITY,
        ),
    }


def timeline_for_user(user, *, community: Community | None = None, kind: str = ""):
    """The union of the chosen sources, newest first: a queryset of 5-tuples to slice."""
    sources = _sources(user, community)
    chosen = [sources[kind]] if kind in sources else list(sources.values())
    first, *rest = chosen
    return first.union(*rest, all=True).order_by("-event_date", "event_kind", "-event_object")


def _url(kind: str, object_id: int) -> str:
    names = {
        "round_table": "roundtables:detail",
        "strategy": "campaign:strategy_detail",
        "agreement": "campaign:agreement_summary",
        "plan": "communities:plan_detail",
        "programme": "communities:programme_detail",
        "meeting": "advocacy:meeting_detail",
    }
    if kind == "memorandum":
        return reverse("advocacy:memorandum_list")
    return reverse(names[kind], args=[object_id])


def describe(rows) -> list[dict]:
    """A page of rows with their kind's label, link and community. One query."""
    rows = list(rows)
    names = dict(
        Community.objects.filter(pk__in={row[3] for row in rows if row[3]}).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "date": date,
            "kind": kind,
            "kind_label": KINDS[kind],
            "title": title,
            "community": names.get(community_id, ""),
            "url": _url(kind, object_id),
        }
        for date, kind, title, community_id, object_id in rows
    ]
