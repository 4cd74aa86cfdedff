"""Reads of round tables, already scoped to the user and joined for the page.

Scope: NGO roles see every round table; a social worker those that invited one of
their communities; a council official those that invited a community of their oblast.
Commitments are scoped by the community they are assigned to.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.models import Community
from league import access
from league.derived import DerivedCol, join_derived
from roundtables.models import (
    AgendaItem,
    Attachment,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)


def _count(queryset: QuerySet, outer_field: str):
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty."""
    counted = queryset.order_by().values(outer_field).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted[:1]), 0, output_field=IntegerField())


def category_order(prefix: str = "") -> Case:
    """Sort by person category in the order the choices list them (heads first)."""
    return Case(
        *(
            When(**{f"{prefix}category": value}, then=Value(index))
            for index, value in enumerate(Person.Category.values)
        ),
        default=Value(len(Person.Category.values)),
        output_field=IntegerField(),
    )


def round_tables_in_scope(user, queryset: QuerySet | None = None, path: str = "pk"):
    """Narrow `queryset` to rows whose round table the user may see; `path` leads from
    its model to the round table's id ("pk" for round tables themselves). The invitation
    path goes into an EXISTS subquery, so rows are never duplicated when a worker serves
    several invited communities. Adds a filter, never a query."""
    queryset = RoundTable.objects.all() if queryset is None else queryset
    visible = access.scope(
        user, RoundTable.objects.filter(pk=OuterRef(path)), path="invited_communities"
    )
    return queryset.filter(Exists(visible))


def round_table_list_for_user(user) -> QuerySet[RoundTable]:
    """The list page's round tables with their venue, raion and counts: one query."""
    invitations = RoundTable.invited_communities.through.objects.filter(roundtable=OuterRef("pk"))
    queryset = (
        RoundTable.objects.select_related("venue_community", "former_raion", "series")
        .annotate(
            invited_count=_count(invitations, "roundtable"),
            attended_count=_count(
                Participation.objects.filter(
                    round_table=OuterRef("pk"), status=Participation.Status.ATTENDED
                ),
                "round_table",
            ),
            commitment_count=_count(
                Commitment.objects.filter(resolution__round_table=OuterRef("pk")),
                "resolution__round_table",
            ),
        )
        .order_by("number", "pk")
    )
    return round_tables_in_scope(user, queryset)


def get_round_table_for_user(user, pk: int) -> RoundTable:
    """A round table within the user's scope, or 404. One query."""
    queryset = RoundTable.objects.select_related("series", "venue_community")
    return get_object_or_404(round_tables_in_scope(user, queryset), pk=pk)


def get_round_table_detail_for_user(user, pk: int, *, with_participants: bool = True):
    """A round table with everything its page shows, or 404. Eight queries: the round
    table, invited communities, facilitators, agenda, participants, resolutions,
    commitments, attachments. Without participants (for roles that may not see their
    names) the people are not even read: seven."""
    participations = (
        Participation.objects.select_related("person__community").order_by(
            category_order("person__"), "person__full_name", "pk"
        )
        if with_participants
        else Participation.objects.none()
    )
    queryset = RoundTable.objects.select_related(
        "series__oblast", "venue_community", "former_raion"
    ).prefetch_related(
        Prefetch("invited_communities", queryset=Community.objects.order_by("name")),
        "facilitators",
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
        Prefetch("participations", queryset=participations),
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.order_by("number").prefetch_related(
                Prefetch(
                    "commitments",
                    queryset=Commitment.objects.select_related("community")
                    .with_overdue()
                    .order_by("due_date", "pk"),
                )
            ),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "uploaded_at")),
    )
    return get_object_or_404(round_tables_in_scope(user, queryset), pk=pk)


def participant_summary(round_table: RoundTable) -> list[dict]:
    """Participants by category and status, counted in SQL: one query. No names, so it
    can be shown to every role."""
    rows = (
        Participation.objects.filter(round_table=round_table)
        .values("person__category")
        .annotate(
            total=Count("pk"),
            attended=Count("pk", filter=_status(Participation.Status.ATTENDED)),
            absent=Count("pk", filter=_status(Participation.Status.ABSENT)),
            confirmed=Count("pk", filter=_status(Participation.Status.CONFIRMED)),
        )
    )
    by_category = {row["person__category"]: row for row in rows}
    labels = dict(Person.Category.choices)
    return [
        {"category": labels[value], **by_category[value]}
        for value in Person.Category.values
        if value in by_category
    ]


def _status(status: str) -> Q:
    return Q(status=status)


def participation_list_for_round_table(round_table: RoundTable) -> QuerySet[Participation]:
    """Everyone on a round table's list, in sign-in-sheet order (category, name)."""
    return round_table.participations.select_related("person__community").order_by(
        category_order("person__"), "person__full_name", "pk"
    )


def get_participation_for_user(user, pk: int) -> Participation:
    queryset = Participation.objects.select_related("round_table", "person")
    return get_object_or_404(round_tables_in_scope(user, queryset, "round_table_id"), pk=pk)


def get_resolution_for_user(user, pk: int) -> Resolution:
    queryset = Resolution.objects.select_related("round_table")
    return get_object_or_404(round_tables_in_scope(user, queryset, "round_table_id"), pk=pk)


def get_attachment_for_user(user, pk: int) -> Attachment:
    queryset = Attachment.objects.select_related("round_table")
    return get_object_or_404(round_tables_in_scope(user, queryset, "round_table_id"), pk=pk)


def commitment_list_for_user(user) -> QuerySet[Commitment]:
    """Commitments assigned to the user's communities (all for NGO roles, the oblast's
    for council), with community and round table joined and `overdue` derived: one
    query per page."""
    queryset = (
        Commitment.objects.select_related("community", "resolution__round_table")
        .with_overdue()
        .order_by("-overdue", "due_date", "pk")
    )
    return access.scope(user, queryset, path="community")


def get_commitment_for_user(user, pk: int) -> Commitment:
    """A commitment assigned to one of the user's communities, or 404."""
    queryset = Commitment.objects.select_related(
        "community", "resolution__round_table"
    ).prefetch_related(
        Prefetch(
            "updates",
            queryset=CommitmentUpdate.objects.select_related("author").order_by("-date", "-pk"),
        )
    )
    return access.get_for_user(user, queryset, path="community", pk=pk)


def commitment_communities_for_user(user) -> QuerySet[Community]:
    """Communities that have commitments and lie within the user's scope (for filters)."""
    queryset = Community.objects.filter(
        Exists(Commitment.objects.filter(community=OuterRef("pk")))
    ).order_by("name", "katottg")
    return access.scope(user, queryset, path=None)


def series_progress_for_user(user) -> list[RoundTableSeries]:
    """Progress of each series in an oblast where the user has a community in scope:
    held N of the target, communities represented (a person of the community attended)
    of the oblast's communities, and commitments by outcome. One query, whatever the
    number of round tables: each child table is grouped once, in a derived table of its
    own (league/derived.py), instead of a correlated subquery per series and figure."""
    in_scope = access.scope(user, Community.objects.filter(raion__oblast=OuterRef("oblast")), None)
    today = timezone.localdate()
    round_tables = (
        RoundTable.objects.order_by()
        .values(tables_series=F("series_id"))
        .annotate(
            **{
                f"tables_{status}": Count("pk", filter=Q(status=status))
                for status in ("held", "planned", "postponed")
            }
        )
    )
    communities = (
        Community.objects.order_by()
        .values(communities_oblast=F("raion__oblast_id"))
        .annotate(communities_all=Count("pk"))
    )
    represented = (
        Participation.objects.filter(
            status=Participation.Status.ATTENDED,
            person__community__raion__oblast_id=F("round_table__series__oblast_id"),
        )
        .order_by()
        .values(represented_series=F("round_table__series_id"))
        .annotate(represented_all=Count("person__community_id", distinct=True))
    )
    commitments = (
        Commitment.objects.order_by()
        .values(commitments_series=F("resolution__round_table__series_id"))
        .annotate(
            commitments_all=Count("pk"),
            commitments_finished=Count("pk", filter=Q(status=Commitment.Status.DONE)),
            commitments_late=Count(
                "pk", filter=Q(due_date__lt=today, status__in=Commitment.UNFINISHED)
            ),
        )
    )
    queryset = RoundTableSeries.objects.filter(Exists(in_scope)).select_related("oblast")
    queryset, tables = join_derived(
        queryset, round_tables, name="series_tables", column="tables_series"
    )
    queryset, oblast = join_derived(
        queryset,
        communities,
        name="oblast_communities",
        column="communities_oblast",
        parent_column="oblast_id",
    )
    queryset, present = join_derived(
        queryset, represented, name="series_represented", column="represented_series"
    )
    queryset, promised = join_derived(
        queryset, commitments, name="series_commitments", column="commitments_series"
    )

    def figure(alias, column):
        return Coalesce(DerivedCol(alias, column, IntegerField()), 0, output_field=IntegerField())

    return list(
        queryset.annotate(
            held=figure(tables, "tables_held"),
            planned=figure(tables, "tables_planned"),
            postponed=figure(tables, "tables_postponed"),
            communities_total=figure(oblast, "communities_all"),
            communities_represented=figure(present, "represented_all"),
            commitments_total=figure(promised, "commitments_all"),
            commitments_done=figure(promised, "commitments_finished"),
            commitments_overdue=figure(promised, "commitments_late"),
        ).order_by("title")
    )


def person_list_for_user(user) -> QuerySet[Person]:
    """The register of participants (NGO roles only, by the view's capability check),
    with their community and how many round tables they attended: one query."""
    queryset = Person.objects.select_related("community").annotate(
        attended_count=_count(
            Participation.objects.filter(
                person=OuterRef("pk"), status=Participation.Status.ATTENDED
            ),
            "person",
        )
    )
    return access.scope(user, queryset.order_by("full_name", "pk"))


def get_person_for_user(user, pk: int) -> Person:
    return access.get_for_user(user, Person.objects.select_related("community"), pk=pk)


def person_participations(person: Person) -> QuerySet[Participation]:
    return person.participations.select_related("round_table").order_by("round_table__starts_at")


def community_commitments_section(user, community: Community) -> dict | None:
    """The community page's round-table section: its commitments and how often it was
    invited and represented. Two queries. None for roles that may not see round tables."""
    if not access.has_perm(user, "roundtables.view"):
        return None
    commitments = list(
        Commitment.objects.filter(community=community)
        .select_related("resolution__round_table")
        .with_overdue()
        .order_by("-overdue", "due_date", "pk")
    )
    invitations = RoundTable.invited_communities.through.objects.filter(
        roundtable=OuterRef("pk"), community=community
    )
    attendances = Participation.objects.filter(
        round_table=OuterRef("pk"),
        person__community=community,
        status=Participation.Status.ATTENDED,
    )
    counts = RoundTable.objects.aggregate(
        invited=Count("pk", filter=Q(Exists(invitations))),
        represented=Count("pk", filter=Q(Exists(attendances))),
    )
    return {
        "community": community,
        "commitments": commitments,
        "invited": counts["invited"],
        "represented": counts["represented"],
        "overdue": sum(1 for commitment in commitments if commitment.overdue),
    }


def updatable_commitment_ids(user, commitments) -> set[int]:
    """Which of these commitments the user may update: every one for NGO roles, those
    assigned to their communities for a social worker. At most one query."""
    if not access.has_perm(user, "roundtables.update_commitments"):
        return set()
    ids = [commitment.pk for commitment in commitments]
    if not ids:
        return set()
    scoped = access.scope(user, Commitment.objects.filter(pk__in=ids), path="community")
    return set(scoped.values_list("pk", flat=True))


def protocol_context(round_table: RoundTable) -> dict:
    """What the printable protocol shows, from a round table fetched by
    get_round_table_detail_for_user (no further queries). Once it is held, the
    protocol lists those who attended; before that, everyone on the list."""
    participations = list(round_table.participations.all())
    held = round_table.status == RoundTable.Status.HELD
    if held:
        participations = [
            participation
            for participation in participations
            if participation.status == Participation.Status.ATTENDED
        ]
    resolutions = list(round_table.resolutions.all())
    invited = list(round_table.invited_communities.all())
    present = {participation.person.community_id for participation in participations}
    return {
        "round_table": round_table,
        "held": held,
        "participations": participations,
        # Invited communities nobody came from (only once the meeting is held).
        "absent_communities": [c for c in invited if c.pk not in present] if held else [],
        "agenda": list(round_table.agenda_items.all()),
        "facilitators": list(round_table.facilitators.all()),
        "invited": invited,
        "resolutions": resolutions,
        "commitment_count": sum(len(resolution.commitments.all()) for resolution in resolutions),
        "generated_on": timezone.localdate(),
    }
