"""Create forms that are safe to submit twice.

Every create form carries a one-time token (`league.forms.OnceForm`). The view saves
inside `submitted_once(token, user)`: the first submit records the token with the page of
what it created, in the same transaction; a second submit of the same form waits for the
first to commit, finds the token, creates nothing, and is sent to that page.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Model

from league.models import FormSubmission


@dataclass
class Submission:
    already_saved: bool
    url: str = ""

    def created(self, instance, url: str = "") -> None:
        """Name what this submit created (its page, or `url`), for a repeat to be sent to."""
        self.url = url or instance.get_absolute_url()


@contextmanager
def submitted_once(token, user):
    """Run the block once per form token; `already_saved` tells a repeat."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = FormSubmission.objects.create(token=token, user=user)
        except IntegrityError:
            earlier = FormSubmission.objects.filter(token=token, user=user).first()
            yield Submission(already_saved=True, url=earlier.url if earlier else "")
            return
        submission = Submission(already_saved=False)
        yield submission
        record.url = submission.url
        record.save(update_fields=["url"])


def create_once(
    *, token, user, create: Callable[[], Model], url_of: Callable[[Model], str] | None = None
) -> tuple[Model | None, str]:
    """Run `create()` once per form token. Returns what it created (None when this submit
    repeats one already saved) and the page to go to next: `url_of(created)`, by default
    the created record's own page."""
    with submitted_once(token, user) as submission:
        if submission.already_saved:
            return None, submission.url
        instance = create()
        submission.created(instance, url_of(instance) if url_of else "")
    return instance, submission.url


def earlier_submission(user, token) -> FormSubmission | None:
    """The record of a create form this user already sent with this one-time token. One query."""
    return FormSubmission.objects.filter(token=token, user=user).first()
