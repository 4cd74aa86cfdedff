"""Writes to accounts: the administrators' admin saves a person's account, role and scope
here. People leave by being deactivated, never deleted, so that every log keeps its
author."""

from collections.abc import Iterable

from django.db import transaction

from league.domain import validated_save
from league.models import User


def user_save(*, user: User, communities: Iterable | None, changed_by) -> User:
    """Create or save an account with its role and scope (validated whole: a council
    official needs an oblast); `communities`, when given, are the ones a social worker
    serves. The password is set by the caller's form (hashed), never here."""
    with transaction.atomic():
        validated_save(user, by=changed_by)
        if communities is not None:
            user.communities.set(communities)
    return user
