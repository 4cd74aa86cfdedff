from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from league import access

# (capability, URL name, label): the navigation shows each role only what it may open.
NAVIGATION = [
    ("communities.view", "communities:list", _("Communities")),
    ("plans.view", "communities:plan_overview", _("Plans and money")),
    ("roundtables.view", "roundtables:list", _("Round tables")),
    ("monitoring.enter", "monitoring:report_list", _("Monitoring")),
    ("monitoring.view_aggregates", "monitoring:aggregates", _("Aggregates")),
    ("campaign.view", "campaign:strategy_list", _("Campaign")),
    ("advocacy.view", "advocacy:meeting_list", _("Advocacy")),
    ("targets.view", "targets:progress", _("Targets")),
    ("timeline.view", "timeline:timeline", _("Project timeline")),
    ("reports.view_monitoring", "reports:monitoring", _("Council figures")),
    ("reports.view_issued", "reports:issued_list", _("Issued reports")),
    ("admin.site", "admin:index", _("Administration")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        {"url": reverse(name), "label": label, "active": False}
        for capability, name, label in NAVIGATION
        if access.has_perm(user, capability)
    ]
    # The longest link that starts the current path is the section the person is in.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"navigation": items}
