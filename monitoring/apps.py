from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from communities import sections
        from monitoring import rules  # noqa: F401  (registers the object-level rules)
        from monitoring.selectors import report_community_section

        sections.register(
            sections.Section(
                key="monitoring",
                template="monitoring/_community_section.html",
                build=report_community_section,
                order=50,
            )
        )
