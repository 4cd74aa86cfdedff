from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
    StrategyVersion,
)


@admin.register(CampaignStrategy)
class CampaignStrategyAdmin(PolicyAdmin):
    list_display = ["title", "oblast", "status", "council_reference", "council_date"]
    list_filter = ["status"]
    # The status moves only through the page's workflow, which keeps the log.
    readonly_fields = ["status", "council_reference", "council_date"]


@admin.register(StrategyVersion)
class StrategyVersionAdmin(PolicyAdmin):
    list_display = ["strategy", "number", "date"]
    readonly_fields = ["strategy", "number", "created_by", "created_at"]


@admin.register(StrategyStatusChange)
class StrategyStatusChangeAdmin(PolicyAdmin):
    """Append-only: shown, never changed."""

    list_display = ["strategy", "from_status", "to_status", "changed_by", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommunityAgreement)
class CommunityAgreementAdmin(PolicyAdmin):
    list_display = ["community", "strategy", "stance", "date"]
    list_filter = ["stance"]
    raw_id_fields = ["community"]
    search_fields = ["community__name", "community__katottg"]


@admin.register(CampaignActivity)
class CampaignActivityAdmin(PolicyAdmin):
    list_display = ["date", "community", "kind", "people_reached"]
    list_filter = ["kind"]
    raw_id_fields = ["community"]
    search_fields = ["community__name", "community__katottg"]
    readonly_fields = ["recorded_by", "recorded_at"]
