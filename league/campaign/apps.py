from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "league.campaign"
    label = "campaign"
    verbose_name = _("Information campaign")

    def ready(self):
        # communities may not import this app, so the section registers itself there.
        from communities import sections
        from league.campaign.selectors import community_campaign_section

        sections.register(
            sections.Section(
                key="campaign",
                template="campaign/_community_section.html",
                build=community_campaign_section,
                order=40,
            )
        )
