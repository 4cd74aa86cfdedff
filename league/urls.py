from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from league import views
from league.forms import LoginForm

# 403 and 404 are Django's own views with our templates (inside the portal's layout);
# the 500 page must work when the database does not.
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("communities/", include("communities.urls")),
    path("roundtables/", include("roundtables.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("campaign/", include("league.campaign.urls")),
    path("advocacy/", include("league.advocacy.urls")),
    path("targets/", include("league.targets.urls")),
    path("notifications/", include("league.notifications.urls")),
    path("timeline/", include("league.timeline.urls")),
    path("", include("league.reports.urls")),
    path("admin/", admin.site.urls),
]
