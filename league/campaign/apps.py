from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "league.campaign"
    label = "campaign"
    verbose_name = _("Information campaign")
