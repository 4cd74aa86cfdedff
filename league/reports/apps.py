from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Council reports, the issued-report register, verification and the public page.
    League's top floor: it reads every app."""

    name = "league.reports"
    label = "reports"
    verbose_name = _("Reports")
