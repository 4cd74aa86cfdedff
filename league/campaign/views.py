"""Campaign pages. Each view: method decorator, capability, object through the user's
scope (another community's object is a 404), form, service, redirect with a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.models import Community
from league import access
from league.campaign import selectors, services
from league.campaign.forms import (
    ActivityFilterForm,
    ActivityForm,
    AgreementForm,
    StrategyForm,
    StrategyStatusForm,
    VersionForm,
)
from league.campaign.models import CommunityAgreement, StrategyVersion
from league.charts import Bar, progress_bars_svg
from league.domain import DomainError
from league.forms import already_saved, posted_id, refuse, repeat_of_a_saved_form
from league.once import Submission, create_once
from league.uploads import serve_file

ACTIVITY_PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@require_safe
@access.requires("campaign.view")
def strategy_list(request):
    strategies = selectors.strategy_list_for_user(request.user)
    return render(request, "campaign/strategy_list.html", {"strategies": strategies})


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("campaign.edit")
def strategy_create(request):
    """A new strategy, once per form: a second submit of the same form creates nothing and
    goes to the strategy the first created."""
    if repeat := repeat_of_a_saved_form(request, reverse("campaign:strategy_list")):
        return repeat
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token")
        strategy, url = create_once(
            token=token,
            user=request.user,
            create=lambda: services.strategy_create(created_by=request.user, **data),
        )
        if strategy is None:
            return already_saved(request, Submission(already_saved=True, url=url), url)
        messages.success(request, _("The strategy is created as a draft. Add its first version."))
        return redirect(url)
    return render(request, "campaign/strategy_form.html", {"form": form})


@require_safe
@access.requires("campaign.view")
def strategy_detail(request, pk):
    strategy = selectors.strategy_get_for_user(request.user, pk)
    context = {
        "strategy": strategy,
        "versions": strategy.versions.select_related("created_by"),
        "status_changes": strategy.status_changes.select_related("changed_by"),
    }
    if access.has_perm(request.user, "campaign.edit"):
        context["status_form"] = StrategyStatusForm(strategy=strategy)
    return render(request, "campaign/strategy_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("campaign.edit")
def version_create(request, pk):
    strategy = selectors.strategy_get_for_user(request.user, pk)
    if repeat := repeat_of_a_saved_form(request, strategy.get_absolute_url()):
        return repeat
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token")
        version, url = create_once(
            token=token,
            user=request.user,
            create=lambda: services.version_add(strategy=strategy, created_by=request.user, **data),
        )
        if version is None:
            return already_saved(request, Submission(already_saved=True, url=url), url)
        messages.success(request, _("Version %(number)s is added.") % {"number": version.number})
        return redirect(url)
    return render(request, "campaign/version_form.html", {"form": form, "strategy": strategy})


@require_POST
@access.requires("campaign.edit")
def strategy_status(request, pk):
    strategy = selectors.strategy_get_for_user(request.user, pk)
    form = StrategyStatusForm(request.POST, strategy=strategy)
    if form.is_valid():
        try:
            services.strategy_change_status(
                strategy=strategy, changed_by=request.user, **form.cleaned_data
            )
        except services.CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The strategy's status is changed."))
    else:
        messages.error(request, _("Choose a status the strategy may move to."))
    return redirect(strategy)


@require_safe
@access.requires("campaign.view")
def version_document(request, pk):
    strategies = selectors.strategy_list_for_user(request.user)
    version = StrategyVersion.objects.filter(strategy__in=strategies, pk=pk).first()
    if version is None or not version.document:
        raise Http404
    return serve_file(version.document, version.document_name)


@require_safe
@access.requires("campaign.view")
def agreement_summary(request, pk):
    """How many communities agreed and joined, per raion, as a table and a chart; staff
    pick a raion to see and edit its communities one by one."""
    strategy = selectors.strategy_get_for_user(request.user, pk)
    summary = selectors.agreement_summary(request.user, strategy)
    totals = {
        key: sum(row[key] for row in summary)
        for key in ("communities", "agreed", "joined", "declined", "agreeing")
    }
    chart = progress_bars_svg(
        [Bar(row["raion"], row["agreeing"], row["communities"]) for row in summary],
        title=_("Communities that agreed or joined, per raion"),
    )
    raion_id = posted_id(request.GET.get("raion"))
    communities = None
    if raion_id is not None:
        communities = selectors.communities_with_stance(request.user, strategy).filter(
            raion_id=raion_id
        )
    elif access.has_perm(request.user, "communities.serve"):
        communities = selectors.communities_with_stance(request.user, strategy)
    if communities is not None:
        labels = dict(CommunityAgreement.Stance.choices)
        communities = list(communities)
        for community in communities:
            community.stance_label = labels[community.stance or "not_contacted"]
    context = {
        "strategy": strategy,
        "summary": summary,
        "totals": totals,
        "chart": chart,
        "communities": communities,
    }
    return render(request, "campaign/agreement_summary.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("campaign.edit")
def agreement_edit(request, pk, community_pk):
    strategy = selectors.strategy_get_for_user(request.user, pk)
    community = access.get_for_user(
        request.user,
        Community.objects.filter(raion__oblast_id=strategy.oblast_id).select_related("raion"),
        None,
        pk=community_pk,
    )
    agreement = CommunityAgreement.objects.filter(strategy=strategy, community=community).first()
    initial = {"version": 0}
    if agreement:
        initial = {
            "stance": agreement.stance,
            "date": agreement.date,
            "note": agreement.note,
            "version": agreement.version,
        }
    form = AgreementForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_record(
                strategy=strategy,
                community=community,
                changed_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except DomainError as error:  # saved meanwhile: what changed, and the form again
            status = refuse(form, error)
            if status == 409:
                form.data = form.data.copy()
                form.data["version"] = _agreement_version(strategy, community)
        else:
            messages.success(
                request, _("%(community)s: the stance is recorded.") % {"community": community}
            )
            return redirect(f"{strategy.get_absolute_url()}agreements/?raion={community.raion_id}")
    context = {"form": form, "strategy": strategy, "community": community, "agreement": agreement}
    return render(request, "campaign/agreement_form.html", context, status=status)


def _agreement_version(strategy, community) -> int:
    """The version of the community's stance now (0: none): one query."""
    versions = CommunityAgreement.objects.filter(strategy=strategy, community=community)
    return versions.values_list("version", flat=True).first() or 0


@require_safe
@access.requires("campaign.view")
def agreement_document(request, pk):
    agreement = selectors.agreement_get_for_user(request.user, pk)
    if not agreement.document:
        raise Http404
    return serve_file(agreement.document, agreement.document_name)


@require_safe
@access.requires("campaign.view")
def activity_list(request):
    user = request.user
    raions = selectors.raions_for_user(user)
    raion_id = posted_id(request.GET.get("raion"))
    # The community select lists the user's own communities (a worker) or those of the
    # chosen raion; without a raion, staff get no community select at all.
    if access.has_perm(user, "communities.serve"):
        communities = access.scope(user, Community.objects.order_by("name"), None)
    elif raion_id is not None:
        communities = access.scope(user, Community.objects.order_by("name"), None).filter(
            raion_id=raion_id
        )
    else:
        communities = Community.objects.none()
    form = ActivityFilterForm(request.GET or None, raions=raions, communities=communities)
    activities = selectors.activity_list_for_user(user)
    if form.is_valid():
        if form.cleaned_data["raion"]:
            activities = activities.filter(community__raion=form.cleaned_data["raion"])
        if form.cleaned_data["community"]:
            activities = activities.filter(community=form.cleaned_data["community"])
        if form.cleaned_data["kind"]:
            activities = activities.filter(kind=form.cleaned_data["kind"])
    totals = selectors.activity_totals(activities)
    paginator = Paginator(activities, ACTIVITY_PAGE_SIZE)
    paginator.count = totals["activities"]
    context = {
        "form": form,
        "page": paginator.get_page(request.GET.get("page")),
        "totals": totals,
        "may_record": access.has_perm(user, "campaign.record_activity"),
        "record_communities": communities,
    }
    return render(request, "campaign/activity_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("campaign.record_activity")
def activity_create(request, community_pk):
    """Social workers record activities in their own communities (another's is a 404);
    staff in any."""
    community = access.get_for_user(
        request.user, Community.objects.select_related("raion"), None, pk=community_pk
    )
    if repeat := repeat_of_a_saved_form(request, reverse("campaign:activity_list")):
        return repeat
    form = ActivityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token")
        try:
            activity, url = create_once(
                token=token,
                user=request.user,
                create=lambda: services.activity_record(
                    community=community, recorded_by=request.user, submission=token, **data
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if activity is None:
                return already_saved(request, Submission(already_saved=True, url=url), url)
            messages.success(request, _("The activity is recorded."))
            return redirect(url)
    return render(request, "campaign/activity_form.html", {"form": form, "community": community})


@require_safe
@access.requires("campaign.view")
def activity_photo(request, pk):
    activity = selectors.activity_get_for_user(request.user, pk)
    if not activity.photo:
        raise Http404
    return serve_file(activity.photo, activity.photo_name)
