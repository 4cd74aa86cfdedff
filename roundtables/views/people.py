"""The register of people who take part in round tables."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from league import access
from roundtables import selectors, services
from roundtables.filters import PersonFilter
from roundtables.forms import (
    PersonForm,
)
from roundtables.services import RoundTableError

PAGE_SIZE = 20


@require_GET
@access.requires("roundtables.edit")
def person_list(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.person_list_for_user(request.user))
    page = Paginator(person_filter.qs, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "roundtables/person_list.html", {"filter": person_filter, "page": page})


@require_http_methods(["GET", "POST"])
@access.requires("roundtables.edit")
def person_create(request):
    form = PersonForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(person=form.instance, changed_by=request.user)
        except RoundTableError as error:
            duplicate = error.existing
            messages.warning(request, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("roundtables:person_list")
    return render(request, "roundtables/person_form.html", {"form": form, "duplicate": duplicate})


@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = selectors.get_person_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(person=form.instance, changed_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": person.full_name})
            return redirect("roundtables:person_list")
    return render(
        request,
        "roundtables/person_form.html",
        {
            "form": form,
            "person": person,
            "participations": selectors.person_participations(person),
        },
    )
