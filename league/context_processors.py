from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from league import access

# (capability, URL name, label): the navigation shows each role only what it may open.
NAVIGATION = [
    ("communities.view", "communities:list", _("Communities")),
    ("admin.site", "admin:index", _("Administration")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        {"url": reverse(name), "label": label, "active": request.path.startswith(reverse(name))}
        for capability, name, label in NAVIGATION
        if access.has_perm(user, capability)
    ]
    return {"navigation": items}
