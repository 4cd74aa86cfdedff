from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeagueConfig(AppConfig):
    name = "league"
    verbose_name = _("League")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from league.middleware import stamp_activity_on_login

        user_logged_in.connect(stamp_activity_on_login, dispatch_uid="league_stamp_activity")
