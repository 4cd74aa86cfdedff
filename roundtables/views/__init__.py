"""Views of the round tables, one module per section of the app."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def already_saved(request, submission, fallback: str):
    """The answer to a create form sent a second time: nothing created, the first's page."""
    messages.info(request, _("This was saved already; nothing was added twice."))
    return redirect(submission.url or fallback)
