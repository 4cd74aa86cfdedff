"""Service contracts (social contracting): pages of identification plans and their money."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import selectors
from communities.plans import selectors as plan_selectors
from communities.plans import services as plan_services
from communities.plans.forms import (
    ContractForm,
)
from communities.plans.models import (
    ServiceContract,
)
from league import access
from league.forms import repeat_of_a_create, save_record_form


@require_http_methods(["GET", "HEAD", "POST"])
def contract_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=ServiceContract(community=community))
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request, form, _save_contract(request), created=_("Service contract added."), saved=""
        )
        if response:
            return response
    return render(
        request,
        "communities/contract_form.html",
        {"form": form, "community": community},
        status=status,
    )


def _save_contract(request):
    def save(contract, version):
        return plan_services.contract_save(
            contract=contract, changed_by=request.user, version=version
        )

    return save


@require_http_methods(["GET", "HEAD", "POST"])
def contract_update(request, pk):
    contract = plan_selectors.get_contract_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=contract)
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = save_record_form(
            request, form, _save_contract(request), created="", saved=_("Service contract saved.")
        )
        if response:
            return response
    return render(
        request,
        "communities/contract_form.html",
        {"form": form, "community": contract.community, "contract": contract},
        status=status,
    )
