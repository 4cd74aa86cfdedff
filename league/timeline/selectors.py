"""The project timeline: every dated event of the portal in one list, newest first.

Each source is a queryset reduced to the same five columns by one builder (`SOURCES`
says, per kind, which rows count, which field is the date, the title and the community,
and which page the event links to); they are joined with SQL UNION ALL, ordered and cut
to a page in the database. A page costs two queries (the page and the count) plus one
for its communities' names, whatever the number of events.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from league import access
from league.advocacy.selectors import meeting_list_for_user, memorandum_list_for_user
from league.campaign.models import CommunityAgreement
from league.campaign.selectors import strategy_list_for_user
from league.plan_records import IdentificationPlan, LocalProgramme
from league.reports.selectors import issued_list_for_user
from roundtables.models import RoundTable
from roundtables.selectors import round_tables_in_scope

COLUMNS = ("event_date", "event_kind", "event_title", "event_community", "event_object")
NO_COMMUNITY = Value(None, output_field=IntegerField())


def _invited(community: Community) -> Q:
    """Round tables that invited the community (an EXISTS, so no row twice)."""
    invitations = RoundTable.invited_communities.through.objects.filter(
        roundtable=OuterRef("pk"), community=community
    )
    return Q(Exists(invitations))


@dataclass(frozen=True)
class Source:
    """One kind of event: its rows within the user's scope and how they read."""

    label: object
    rows: Callable[[object], QuerySet]  # user -> the kind's dated rows in the user's scope
    date: object  # a field name or an expression giving the event's day
    title: object
    url: str  # the named URL of the event's page, given `obj`
    community: str | None = "community_id"  # None: the event is the oblast's
    obj: str = "pk"  # what the URL takes
    # The rows about one community (None: an oblast's events are about no community).
    of_community: Callable[[Community], Q] | None = lambda community: Q(community=community)

    def events(self, user, kind: str, community: Community | None) -> QuerySet:
        queryset = self.rows(user)
        if community is not None:
            if self.of_community is None:
                queryset = queryset.none()
            else:
                queryset = queryset.filter(self.of_community(community))
        return (
            queryset.select_related(None)
            .order_by()
            .annotate(
                event_date=Cast(self.date, DateField()),
                event_kind=Value(kind, output_field=CharField()),
                event_title=Cast(self.title, CharField()),
                event_community=F(self.community) if self.community else NO_COMMUNITY,
                event_object=F(self.obj),
            )
            .values_list(*COLUMNS)
        )


SOURCES: dict[str, Source] = {
    "round_table": Source(
        _("round table"),
        lambda user: round_tables_in_scope(user, RoundTable.objects.exclude(status="cancelled")),
        date=TruncDate("starts_at"),
        title="title",
        url="roundtables:detail",
        community="venue_community_id",
        of_community=_invited,
    ),
    "strategy": Source(
        _("campaign strategy agreed"),
        lambda user: strategy_list_for_user(user).filter(council_date__isnull=False),
        date="council_date",
        title="title",
        url="campaign:strategy_detail",
        community=None,
        of_community=None,
    ),
    "agreement": Source(
        _("community joined the campaign"),
        lambda user: access.scope(
            user,
            CommunityAgreement.objects.filter(
                stance__in=CommunityAgreement.AGREEING, date__isnull=False
            ),
        ),
        date="date",
        title="strategy__title",
        url="campaign:agreement_summary",
        obj="strategy_id",
    ),
    "plan": Source(
        _("identification plan adopted"),
        lambda user: access.scope(
            user,
            IdentificationPlan.objects.filter(status="adopted", decision_date__isnull=False),
        ),
        date="decision_date",
        title="decision_number",
        url="communities:plan_detail",
    ),
    "programme": Source(
        _("local programme adopted"),
        lambda user: access.scope(user, LocalProgramme.objects.filter(decision_date__isnull=False)),
        date="decision_date",
        title="name",
        url="communities:programme_detail",
    ),
    "meeting": Source(
        _("advocacy meeting"),
        meeting_list_for_user,
        date="date",
        title="topic",
        url="advocacy:meeting_detail",
    ),
    "memorandum": Source(
        _("memorandum signed"),
        memorandum_list_for_user,
        date="date_signed",
        title="title",
        url="advocacy:memorandum_list",
        community=None,
        of_community=None,
    ),
    # Every issue of a council report, corrections included: the register number and
    # the title (which names the report's kind). A council official reads their oblast's.
    "report": Source(
        _("council report issued"),
        issued_list_for_user,
        date=TruncDate("issued_at"),
        title=Concat("number", Value(" · "), "title", output_field=CharField()),
        url="reports:issued_detail",
    ),
}
KINDS = {kind: source.label for kind, source in SOURCES.items()}
# Pages that list every event of their kind rather than one of them.
LIST_PAGES = {"advocacy:memorandum_list"}


def timeline_for_user(user, *, community: Community | None = None, kind: str = ""):
    """The union of the chosen sources, newest first: a queryset of 5-tuples to slice."""
    kinds = [kind] if kind in SOURCES else list(SOURCES)
    first, *rest = [SOURCES[name].events(user, name, community) for name in kinds]
    return first.union(*rest, all=True).order_by("-event_date", "event_kind", "-event_object")


def _url(kind: str, object_id: int) -> str:
    name = SOURCES[kind].url
    return reverse(name) if name in LIST_PAGES else reverse(name, args=[object_id])


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
