from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from communities.selectors import community_list_for_user
from league import access, dashboard
from roundtables.selectors import series_progress_for_user


@require_safe
@access.requires("home.view")
def home(request):
    """Each role's start page: what the person owes and what waits for them (social
    workers: reports, commitments, measures, campaign; staff: reports to review,
    overdue work, round tables, targets behind; council: the targets and the latest
    reports issued for their oblast)."""
    context = {}
    if access.has_perm(request.user, "roundtables.view"):
        # The project's own targets first: held N of 18, communities represented.
        context["progress"] = series_progress_for_user(request.user)
    today = timezone.localdate()
    if access.has_perm(request.user, "communities.serve"):
        context["own_communities"] = community_list_for_user(request.user)
        context.update(dashboard.worker_due(request.user, today))
    else:
        context["community_count"] = community_list_for_user(request.user).count()
    if access.has_perm(request.user, "monitoring.review"):
        context.update(dashboard.staff_due(request.user, today))
    elif access.has_perm(request.user, "home.targets_behind"):
        context.update(dashboard.targets_summary(request.user), show_targets_behind=True)
    if access.has_perm(request.user, "reports.receive"):
        context.update(dashboard.latest_reports(request.user))
    return render(request, "league/home.html", context)


@never_cache
@login_not_required
@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them on to the static
    icon (drawn after static/img/favicon.svg). No session, no database; cached for a day
    only, so a new icon's hashed name reaches browsers."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def server_error(request):
    """handler500: a self-contained page rendered without the request, so that no context
    processor runs and nothing touches the database, which may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is English and technical; this one says, in the
    person's language and inside the portal's layout, what to do. The reason is logged by
    Django already (django.security.csrf)."""
    return render(request, "403_csrf.html", status=403)
