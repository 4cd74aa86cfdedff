"""Service contracts (social contracting): pages of identification plans and their money."""

from django.contrib import messages
from django.shortcuts import redirect, render
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

OVERVIEW_PAGE_SIZE = 100
OVERDUE_PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def contract_create(request, pk):
    community = selectors.get_community_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=ServiceContract(community=community))
    if request.method == "POST" and form.is_valid():
        contract = plan_services.contract_save(contract=form.instance, changed_by=request.user)
        messages.success(request, _("Service contract added."))
        return redirect(contract)
    return render(request, "communities/contract_form.html", {"form": form, "community": community})


@require_http_methods(["GET", "POST"])
def contract_update(request, pk):
    contract = plan_selectors.get_contract_for_user(request.user, pk)
    access.require(request.user, "plans.edit_own")
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        plan_services.contract_save(contract=form.instance, changed_by=request.user)
        messages.success(request, _("Service contract saved."))
        return redirect(contract)
    return render(
        request,
        "communities/contract_form.html",
        {"form": form, "community": contract.community, "contract": contract},
    )
