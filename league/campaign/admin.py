"""The campaign's admin saves through the same services as the pages: a strategy's status
moves only on its page (which keeps the log), versions are added there and never edited,
an agreement's and an activity's files are checked and named by the service."""

from django.contrib import admin

from league.admin_policy import CHECKED_UPLOADS, PolicyAdmin, new_upload, through
from league.campaign import services
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

    @through(services.strategy_save)
    def service_create(self, request, obj, form):
        services.strategy_save(strategy=obj, changed_by=request.user)

    @through(services.strategy_save)
    def service_change(self, request, obj, form, *, version):
        services.strategy_save(strategy=obj, changed_by=request.user)


@admin.register(StrategyVersion)
class StrategyVersionAdmin(PolicyAdmin):
    """A version is numbered when the page adds it and never edited: a change is a new
    version. Shown here, not added or changed."""

    list_display = ["strategy", "number", "date"]


@admin.register(StrategyStatusChange)
class StrategyStatusChangeAdmin(PolicyAdmin):
    """Append-only: shown, never changed."""

    list_display = ["strategy", "from_status", "to_status", "changed_by", "changed_at"]


@admin.register(CommunityAgreement)
class CommunityAgreementAdmin(PolicyAdmin):
    list_display = ["community", "strategy", "stance", "date"]
    list_filter = ["stance"]
    raw_id_fields = ["community"]
    search_fields = ["community__name", "community__katottg"]
    formfield_overrides = CHECKED_UPLOADS
    readonly_fields = ["document_name"]

    def get_readonly_fields(self, request, obj=None):
        # One row per strategy and community: an existing row stays theirs.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "strategy", "community"] if obj is not None else fields

    @through(services.agreement_save)
    def service_create(self, request, obj, form):
        self._save(request, obj, form)

    @through(services.agreement_save)
    def service_change(self, request, obj, form, *, version):
        self._save(request, obj, form)

    def _save(self, request, obj, form):
        services.agreement_save(
            agreement=obj, document=new_upload(form, "document"), changed_by=request.user
        )


@admin.register(CampaignActivity)
class CampaignActivityAdmin(PolicyAdmin):
    list_display = ["date", "community", "kind", "people_reached"]
    list_filter = ["kind"]
    raw_id_fields = ["community"]
    search_fields = ["community__name", "community__katottg"]
    formfield_overrides = CHECKED_UPLOADS
    readonly_fields = ["recorded_by", "recorded_at", "photo_name", "submission"]

    @through(services.activity_save)
    def service_create(self, request, obj, form):
        self._save(request, obj, form)

    @through(services.activity_save)
    def service_change(self, request, obj, form, *, version):
        self._save(request, obj, form)

    def _save(self, request, obj, form):
        services.activity_save(
            activity=obj, photo=new_upload(form, "photo"), changed_by=request.user
        )
