"""Views of the round tables, one module per section of the app."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from roundtables.selectors import saved_submission


def already_saved(request, submission, fallback: str):
    """The answer to a create form sent a second time: nothing created, the first's page."""
    messages.info(request, _("This was saved already; nothing was added twice."))
    return redirect(submission.url or fallback)


def repeat_of_a_saved_form(request, fallback: str, field: str = "form_token"):
    """A create form sent again after its first submit was saved: the answer that sends
    the person to what was created, or None. Asked before the form is validated, since
    the first submit may have made the repeat invalid (a number or a name now taken);
    a repeat sent while the first is still saving is caught by `submitted_once`. One query."""
    if request.method != "POST":
        return None
    try:
        token = uuid.UUID(request.POST.get(field, ""))
    except ValueError:
        return None
    earlier = saved_submission(request.user, token)
    return None if earlier is None else already_saved(request, earlier, fallback)
