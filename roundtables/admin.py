from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from league.admin_policy import PolicyAdmin
from roundtables.models import (
    AgendaItem,
    Attachment,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)


@admin.register(RoundTableSeries)
class RoundTableSeriesAdmin(PolicyAdmin):
    list_display = ["title", "oblast", "target"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(RoundTable)
class RoundTableAdmin(PolicyAdmin):
    list_display = ["number", "title", "starts_at", "venue_community", "status", "former_raion"]
    list_filter = ["status", "series", "former_raion"]
    search_fields = ["title", "venue_address", "venue_community__name"]
    date_hierarchy = "starts_at"
    # A picker of every community of the country is megabytes of options: search instead.
    autocomplete_fields = ["venue_community", "invited_communities", "former_raion"]
    filter_horizontal = ["facilitators"]
    list_select_related = ["venue_community", "former_raion"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(PolicyAdmin):
    list_display = ["round_table", "order", "title", "speaker"]
    list_select_related = ["round_table"]


@admin.register(Person)
class PersonAdmin(PolicyAdmin):
    list_display = ["full_name", "position", "organisation", "community", "category"]
    list_filter = ["category"]
    search_fields = ["full_name", "name_key", "position", "organisation"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]


@admin.register(Participation)
class ParticipationAdmin(PolicyAdmin):
    list_display = ["round_table", "person", "status", "walk_in"]
    list_filter = ["status", "walk_in", "round_table"]
    search_fields = ["person__full_name"]
    list_select_related = ["round_table", "person"]
    raw_id_fields = ["person"]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0
    fields = ["text", "community", "responsible", "due_date", "status"]


@admin.register(Resolution)
class ResolutionAdmin(PolicyAdmin):
    list_display = ["round_table", "number", "__str__"]
    list_select_related = ["round_table"]
    inlines = [CommitmentInline]


class CommitmentUpdateInline(admin.TabularInline):
    model = CommitmentUpdate
    extra = 0
    fields = ["date", "status_before", "status_after", "note", "author", "recorded_at"]
    readonly_fields = ["recorded_at"]


@admin.register(Commitment)
class CommitmentAdmin(PolicyAdmin):
    list_display = ["__str__", "community", "responsible", "due_date", "status", "overdue"]
    list_filter = ["status"]
    search_fields = ["text", "responsible", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    inlines = [CommitmentUpdateInline]

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, commitment):
        return commitment.is_overdue


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(PolicyAdmin):
    list_display = ["commitment", "date", "status_before", "status_after", "author"]
    list_select_related = ["commitment", "author"]


@admin.register(Attachment)
class AttachmentAdmin(PolicyAdmin):
    """Files come in through the portal's upload page, which checks their content; the
    admin only describes or deletes them."""

    list_display = ["round_table", "kind", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["round_table", "uploaded_by"]
    exclude = ["file"]
    readonly_fields = [
        "round_table",
        "download",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        # Through the portal's download view, which asks the permission policy.
        url = reverse("roundtables:attachment_download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)
