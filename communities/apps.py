from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Territorial communities")

    def ready(self):
        from communities import sections
        from communities.plans import selectors as plan_selectors

        sections.register(
            sections.Section(
                key="plans",
                template="communities/_plans_section.html",
                build=plan_selectors.plans_section_context,
                order=10,
            )
        )
