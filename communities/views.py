from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities import sections, selectors, services
from communities.choices import community_label
from communities.filters import CommunityFilter
from communities.forms import ContactPersonForm
from communities.models import ContactPerson
from league import access
from league.confirm import confirmation_page
from league.forms import repeat_of_a_create, save_record_form

PAGE_SIZE = 25


@require_safe
@access.requires("communities.view")
def community_list(request):
    community_filter = CommunityFilter(
        request.GET, queryset=selectors.community_list_for_user(request.user)
    )
    page = Paginator(community_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/community_list.html",
        {"filter": community_filter, "page": page},
    )


@require_safe
@access.requires("communities.view")
def community_search(request):
    """JSON for the community search boxes (communities/choices.py): communities within
    the user's scope by a part of the name (`q`) or a whole raion (`raion`); with
    `raions=1`, the raions to filter by instead."""
    if request.GET.get("raions"):
        raions = selectors.raion_list_for_user(request.user)
        return JsonResponse(
            {"raions": [{"id": r.pk, "text": f"{r.oblast.name}: {r.name}"} for r in raions]}
        )
    try:
        raion_id = int(request.GET["raion"]) if request.GET.get("raion") else None
    except ValueError:
        raion_id = None
    found = selectors.community_search_for_user(
        request.user, text=request.GET.get("q", ""), raion_id=raion_id
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": community.pk,
                    "text": community_label(community),
                    "raion": community.raion_id,
                }
                for community in found
            ]
        }
    )


@require_safe
@access.requires("communities.view")
def community_detail(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    show_contacts = access.has_perm(request.user, "communities.view_contacts")
    context = {
        "community": community,
        "contacts": selectors.contact_list_for_community(community),
        "show_contacts": show_contacts,
        "can_edit_contacts": access.has_perm(request.user, "communities.edit_contacts"),
        "former_raions": community.former_raions.all(),
        "sections": sections.sections_for(request.user, community),
    }
    return render(request, "communities/community_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def contact_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "communities.edit_contacts")
    return _contact_form_page(request, ContactPerson(community=community))


@require_http_methods(["GET", "HEAD", "POST"])
def contact_update(request, pk):
    contact = selectors.get_contact_for_user(request.user, pk)
    access.require(request.user, "communities.edit_contacts")
    return _contact_form_page(request, contact)


def _contact_form_page(request, contact: ContactPerson):
    """The form of a new contact person (not saved yet) or of one to edit."""
    editing = contact.pk is not None
    form = ContactPersonForm(request.POST or None, instance=contact)
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():

        def save(contact, version):
            return services.contact_save(contact=contact, changed_by=request.user, version=version)

        response, status = save_record_form(
            request,
            form,
            save,
            created=_("Contact person added."),
            saved=_("Contact person saved."),
            next_url=lambda contact: contact.community.get_absolute_url(),
        )
        if response:
            return response
    context = {"form": form, "community": contact.community}
    if editing:
        context["contact"] = contact
    return render(request, "communities/contactperson_form.html", context, status=status)


@require_POST
def contact_delete(request, pk):
    contact = selectors.get_contact_for_user(request.user, pk)
    access.require(request.user, "communities.edit_contacts")
    if page := confirmation_page(
        request,
        question=_("Remove the contact person %(name)s?") % {"name": contact.full_name},
        cancel_url=contact.community.get_absolute_url() + "#contacts",
    ):
        return page
    services.contact_delete(contact=contact, deleted_by=request.user)
    messages.success(request, _("Contact person removed."))
    return redirect(contact.community)
