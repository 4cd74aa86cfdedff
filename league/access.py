"""The one permission policy. Every view and admin page asks here; the answer is no
unless a rule below says yes.

Two questions are kept apart:
- `has_perm(user, capability)`: may this role do this kind of thing at all? No -> 403.
- `scope(user, queryset)`: which rows lie within the user's communities? Outside -> 404,
  so that nothing reveals that another community's object exists.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from league.models import User

ADMIN = User.Role.ADMIN
STAFF = User.Role.STAFF
WORKER = User.Role.WORKER
COUNCIL = User.Role.COUNCIL
EVERY_ROLE = frozenset({ADMIN, STAFF, WORKER, COUNCIL})
NGO = frozenset({ADMIN, STAFF})

# Capability -> the roles that hold it. A capability missing here is a programming
# error and raises KeyError, so a typo can never grant access.
RULES: dict[str, frozenset[str]] = {
    "home.view": EVERY_ROLE,
    # A council official's start page: the project's targets that are behind.
    "home.targets_behind": frozenset({COUNCIL}),
    "communities.view": EVERY_ROLE,
    # Keeps the data of the communities assigned to them (their start page lists them).
    "communities.serve": frozenset({WORKER}),
    # Told when a report for their oblast is issued.
    "reports.receive": frozenset({COUNCIL}),
    "communities.edit": NGO,
    # Workers: only for their own communities, which scope() enforces.
    "communities.view_contacts": NGO | {WORKER},
    "communities.edit_contacts": NGO | {WORKER},
    # Identification plans, local programmes, budget lines, service contracts.
    "plans.view": EVERY_ROLE,
    # Workers: own communities only (scope), and a plan's content only while it is a draft.
    "plans.edit_own": NGO | {WORKER},
    "plans.adopt": NGO,  # mark a plan submitted to the council, adopted or expired
    "plans.edit": NGO,  # edit any plan whatever its status
    # Round tables: workers see those that invited an own community, council those that
    # invited a community of its oblast (scope over the invitations).
    "roundtables.view": EVERY_ROLE,
    "roundtables.view_participants": NGO | {WORKER},  # names and positions, never contacts
    "roundtables.view_contacts": NGO,  # participants' phone and email, sign-in sheets
    "roundtables.edit": NGO,
    "roundtables.update_commitments": NGO | {WORKER},  # workers: own communities' (scope)
    "admin.site": NGO,
    "admin.edit": NGO,
    "accounts.manage": frozenset({ADMIN}),
    "history.view": NGO,
    # Counts of people helped are counts of victims: outside the NGO and the community's
    # own social workers, counts from 1 to 4 are shown as "<5".
    "figures.view_small_counts": NGO | {WORKER},
    # Monitoring: workers enter and submit their own communities' reports (scope());
    # council officials have no report pages at all.
    "monitoring.enter": NGO | {WORKER},
    "monitoring.review": NGO,
    "monitoring.view_completeness": NGO | {WORKER},
    "monitoring.view_aggregates": NGO,
    "monitoring.export": NGO,
    "monitoring.import": NGO,
    # The League's own work (league/campaign, advocacy, targets): staff edit, the others
    # read; social workers record campaign activities in their own communities (scope()).
    "campaign.view": EVERY_ROLE,
    "campaign.edit": NGO,
    "campaign.record_activity": NGO | {WORKER},
    "advocacy.view": EVERY_ROLE,
    "advocacy.edit": NGO,
    "targets.view": EVERY_ROLE,
    "targets.edit": NGO,
    "timeline.view": EVERY_ROLE,  # each event within the reader's scope
    # Everyone switches their own e-mails on and off.
    "notifications.manage_own": EVERY_ROLE,
    # Council reports: the oblast's approved figures (protected for the council, exact for
    # staff: figures.view_small_counts), issuing reports, reading the register.
    "reports.view_monitoring": NGO | {COUNCIL},
    "reports.issue": NGO,
    "reports.choose_oblast": NGO,  # the council official reads their own oblast only
    "reports.view_issued": NGO | {COUNCIL},
    # A community's profile: staff, and the community's own social workers (scope()).
    "reports.community_profile": NGO | {WORKER},
}


def has_perm(user, capability: str) -> bool:
    """Whether the user's role holds the capability. Costs no query."""
    allowed = RULES[capability]
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in allowed


def require(user, capability: str) -> None:
    """Raise PermissionDenied (403) unless the user's role holds the capability."""
    if not has_perm(user, capability):
        raise PermissionDenied


def requires(capability: str):
    """View decorator: the view runs only for roles holding `capability`."""
    RULES[capability]  # fail at import time on a misspelt capability

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def scope(user, queryset: QuerySet, path: str | None = "community") -> QuerySet:
    """Narrow `queryset` to the rows within the user's communities.

    `path` leads from the queryset's model to its Community (None when the queryset
    is of communities). Adds a filter, never a query of its own.
    """
    prefix = f"{path}__" if path else ""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role in NGO:
        return queryset
    if user.role == WORKER:
        return queryset.filter(**{f"{prefix}social_workers": user})
    if user.role == COUNCIL:
        return queryset.filter(**{f"{prefix}raion__oblast_id": user.oblast_id})
    return queryset.none()


def scope_oblasts(user, queryset: QuerySet, path: str | None = "oblast") -> QuerySet:
    """Narrow `queryset` to the rows of the oblasts the user looks at: every oblast for the
    NGO, the council official's, those of a social worker's communities. `path` leads to
    the Oblast (None when the queryset is of oblasts). Adds a filter, never a query."""
    field = path or "pk"
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role in NGO:
        return queryset
    if user.role == COUNCIL:
        return queryset.filter(**{field: user.oblast_id})
    if user.role == WORKER:
        return queryset.filter(**{f"{field}__in": user.communities.values("raion__oblast")})
    return queryset.none()


def scope_raions(user, queryset: QuerySet, path: str | None = "raion") -> QuerySet:
    """Narrow `queryset` to the rows of the raions in which the user has communities (every
    raion for the NGO, the oblast's for a council official). Adds a filter, never a query."""
    field = path or "pk"
    prefix = f"{path}__" if path else ""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role in NGO:
        return queryset
    if user.role == COUNCIL:
        return queryset.filter(**{f"{prefix}oblast_id": user.oblast_id})
    if user.role == WORKER:
        return queryset.filter(**{f"{field}__in": user.communities.values("raion")})
    return queryset.none()


def users_holding(capability: str) -> QuerySet:
    """Active accounts whose role holds the capability: whom to tell about something."""
    return User.objects.filter(role__in=RULES[capability], is_active=True)


def get_for_user(user, queryset: QuerySet, path: str | None = "community", **lookup):
    """One object within the user's scope, or 404. One query."""
    return get_object_or_404(scope(user, queryset, path), **lookup)


def serves(user, community) -> bool:
    """Whether the user may act for this community: NGO roles for every community,
    a social worker for the ones assigned to them. One query for a worker."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role in NGO:
        return True
    return user.role == WORKER and user.communities.filter(pk=community.pk).exists()


# Object-level rules: what a user may do to one record in its current state. Each app
# keeps its rules in `<app>/rules.py`, registered here with @object_rule and loaded from
# its AppConfig.ready(); views and services ask `allows` / `check` the same way.
OBJECT_RULES: dict[str, Callable[..., bool]] = {}


def object_rule(name: str):
    """Register `predicate(user, obj) -> bool` as the object-level rule `name`."""

    def register(predicate):
        if name in OBJECT_RULES:
            raise ValueError(f"object rule {name!r} is registered twice")
        OBJECT_RULES[name] = predicate
        return predicate

    return register


def allows(user, rule: str, obj) -> bool:
    """Whether the object-level `rule` lets the user act on `obj`. Unknown rule: KeyError."""
    predicate = OBJECT_RULES[rule]
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(predicate(user, obj))


def check(user, rule: str, obj) -> None:
    """Raise PermissionDenied (403) unless the object-level `rule` allows it."""
    if not allows(user, rule, obj):
        raise PermissionDenied
