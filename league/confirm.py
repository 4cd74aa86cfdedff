"""Deleting asks first: a delete POST without the confirmation field answers with a page
that names what would go and posts again with it. No script needed (our CSP allows none
inline), and a stray click deletes nothing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def confirmation_page(
    request: HttpRequest, *, question: str, details: str = "", cancel_url: str
) -> HttpResponse | None:
    """None once the person has confirmed; otherwise the page that asks them to.

    Call it after the access checks and before the service, in a POST-only view."""
    if request.POST.get(CONFIRM_FIELD) == "yes":
        return None
    return render(
        request,
        "league/confirm_delete.html",
        {
            "question": question,
            "details": details,
            "cancel_url": cancel_url,
            "action": request.get_full_path(),
            "confirm_field": CONFIRM_FIELD,
        },
    )
