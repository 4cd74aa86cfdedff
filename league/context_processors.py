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
# Links shown together under one menu, so that the bar stays one line on a laptop.
GROUPS = [
    (
        _("The League's work"),
        {
            "campaign:strategy_list",
            "advocacy:meeting_list",
            "targets:progress",
            "timeline:timeline",
        },
    ),
    (_("Reports"), {"reports:monitoring", "reports:issued_list", "monitoring:aggregates"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    links = {
        name: {"url": reverse(name), "label": label, "active": False}
        for capability, name, label in NAVIGATION
        if access.has_perm(user, capability)
    }
    # The longest link that starts the current path is the section the person is in.
    matching = [link for link in links.values() if request.path.startswith(link["url"])]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["active"] = True
    items, grouped = [], set()
    for name, link in links.items():
        index = next((i for i, (_label, names) in enumerate(GROUPS) if name in names), None)
        if index is None:
            items.append(link)
        elif index not in grouped:
            grouped.add(index)
            label, names = GROUPS[index]
            children = [links[other] for other in links if other in names]
            active = any(child["active"] for child in children)
            items.append({"label": label, "children": children, "active": active})
    return {"navigation": items}
