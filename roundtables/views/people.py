"""The register of people who take part in round tables."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from league import access
from league.domain import DomainError
from league.forms import add_model_errors, already_saved, refuse, repeat_of_a_saved_form
from league.once import submitted_once
from roundtables import selectors, services
from roundtables.filters import PersonFilter
from roundtables.forms import PersonCreateForm, PersonEditForm
from roundtables.services import RoundTableError

PAGE_SIZE = 20


@require_safe
@access.requires("roundtables.edit")
def person_list(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.person_list_for_user(request.user))
    page = Paginator(person_filter.qs, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "roundtables/person_list.html", {"filter": person_filter, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("roundtables.edit")
def person_create(request):
    if repeat := repeat_of_a_saved_form(request, "roundtables:person_list"):
        return repeat
    form = PersonCreateForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(form.cleaned_data["form_token"], request.user) as submission:
                if submission.already_saved:
                    return already_saved(request, submission, "roundtables:person_list")
                person = services.person_create(person=form.instance, changed_by=request.user)
                submission.created(person)
        except RoundTableError as error:
            duplicate = error.existing
            messages.warning(request, error.message)
        except ValidationError as error:
            add_model_errors(form, error)
        except DomainError as error:
            refuse(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("roundtables:person_list")
    return render(request, "roundtables/person_form.html", {"form": form, "duplicate": duplicate})


@require_http_methods(["GET", "HEAD", "POST"])
def person_update(request, pk):
    person = selectors.get_person_for_user(request.user, pk)
    access.require(request.user, "roundtables.edit")
    form = PersonEditForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(
                person=form.instance,
                changed_by=request.user,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_model_errors(form, error)
        except DomainError as error:
            status = refuse(form, error)
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
        status=status,
    )
