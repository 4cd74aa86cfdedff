from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from league import access
from league.notifications import services
from league.notifications.forms import PreferencesForm
from league.notifications.models import OptOut


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("notifications.manage_own")
def preferences(request):
    """Each person switches their own e-mails on and off and chooses their language."""
    user = request.user
    kinds = services.kinds_for(user)
    off = set(OptOut.objects.filter(user=user).values_list("kind", flat=True))
    initial = {"language": user.language}
    initial.update({f"kind_{kind}": kind not in off for kind in kinds})
    form = PreferencesForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=user, language=form.cleaned_data["language"], wanted=form.wanted()
        )
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
