from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundtablesConfig(AppConfig):
    name = "roundtables"
    verbose_name = _("Round tables")

    def ready(self):
        # communities may not import this app, so the section registers itself there.
        from communities import sections
        from roundtables import rules  # noqa: F401  (registers the object-level rules)
        from roundtables.selectors import community_commitments_section

        sections.register(
            sections.Section(
                key="roundtables",
                template="roundtables/_community_section.html",
                build=community_commitments_section,
                order=20,
            )
        )
