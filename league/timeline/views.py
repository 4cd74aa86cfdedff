from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from communities.choices import RaionChoiceField
from communities.models import Community
from league import access
from league.campaign.selectors import raions_for_user
from league.forms import posted_id
from league.timeline import selectors

PAGE_SIZE = 50


class TimelineFilterForm(forms.Form):
    """Kind, raion, then a community of that raion (never a select of every community)."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *selectors.KINDS.items()]
    )
    raion = RaionChoiceField(label=_("Raion"), queryset=None, required=False, empty_label=_("All"))
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raion"].queryset = raions_for_user(user)
        communities = access.scope(user, Community.objects.order_by("name"), None)
        raion_id = posted_id(self.data.get("raion"))
        if access.has_perm(user, "communities.serve"):
            self.fields["community"].queryset = communities
        elif raion_id is not None:
            self.fields["community"].queryset = communities.filter(raion_id=raion_id)
        else:
            self.fields["community"].queryset = communities.none()


@require_safe
@access.requires("timeline.view")
def timeline(request):
    form = TimelineFilterForm(request.GET or None, user=request.user)
    community, kind = None, ""
    if form.is_valid():
        community, kind = form.cleaned_data["community"], form.cleaned_data["kind"]
    events = selectors.timeline_for_user(request.user, community=community, kind=kind)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "events": selectors.describe(page.object_list)}
    return render(request, "timeline/timeline.html", context)
