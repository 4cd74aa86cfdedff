"""The admin of round tables writes through the same rules as the pages: a commitment's
status changes only on its page (which logs the change), versions are never typed in,
and the log of commitment updates is read-only for everyone."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from league.admin_policy import LogInline, PolicyAdmin, PolicyInline
from league.domain import bump_version
from roundtables import services
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


class VersionedInlines:
    """Rows changed in an inline get a new version too, so forms opened before are stale."""

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row.instance.pk is not None and row.has_changed():
                bump_version(row.instance)
        super().save_formset(request, form, formset, change)


@admin.register(RoundTableSeries)
class RoundTableSeriesAdmin(PolicyAdmin):
    list_display = ["title", "oblast", "target"]


class AgendaItemInline(PolicyInline, admin.TabularInline):
    model = AgendaItem
    extra = 0


class RoundTableAdminForm(forms.ModelForm):
    """A new round table takes the next number of its series, as on the page; beyond the
    series' target the admin confirms it, as the page's form asks."""

    beyond_target = forms.BooleanField(
        label=_("Yes, hold a round table beyond the series' target"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        series = cleaned.get("series")
        if self.instance.pk is None and series is not None:
            number = series.next_number()
            if number > series.target and not cleaned.get("beyond_target"):
                self.add_error(
                    "beyond_target",
                    services.beyond_target_message(number=number, target=series.target),
                )
        return cleaned


@admin.register(RoundTable)
class RoundTableAdmin(VersionedInlines, PolicyAdmin):
    form = RoundTableAdminForm
    # The number is the series' next, assigned under a lock when the round table is
    # created (services.round_table_create_numbered); it never changes afterwards.
    readonly_fields = ["number"]
    list_display = ["number", "title", "starts_at", "venue_community", "status", "former_raion"]
    list_filter = ["status", "series", "former_raion"]
    search_fields = ["title", "venue_address", "venue_community__name"]
    date_hierarchy = "starts_at"
    # A picker of every community of the country is megabytes of options: search instead.
    autocomplete_fields = ["venue_community", "invited_communities", "former_raion"]
    filter_horizontal = ["facilitators"]
    list_select_related = ["venue_community", "former_raion"]
    inlines = [AgendaItemInline]

    def get_fields(self, request, obj=None):
        fields = [field for field in super().get_fields(request, obj) if field != "beyond_target"]
        return fields if obj is not None else [*fields, "beyond_target"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The form has checked the target (and asked for the confirmation beyond it): the
        # number assigned now under the lock is the one it checked, or one past it.
        services.round_table_create_numbered(
            round_table=obj, changed_by=request.user, beyond_target_confirmed=True
        )


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


class CommitmentInline(PolicyInline, admin.StackedInline):
    model = Commitment
    extra = 0
    fields = ["text", "community", "responsible", "due_date", "status"]
    # The status changes on the commitment's page, which keeps the dated log.
    readonly_fields = ["status"]


@admin.register(Resolution)
class ResolutionAdmin(VersionedInlines, PolicyAdmin):
    list_display = ["round_table", "number", "__str__"]
    list_select_related = ["round_table"]
    inlines = [CommitmentInline]


class CommitmentUpdateInline(LogInline, PolicyInline, admin.TabularInline):
    model = CommitmentUpdate
    fields = readonly_fields = [
        "date",
        "status_before",
        "status_after",
        "note",
        "author",
        "recorded_at",
    ]


@admin.register(Commitment)
class CommitmentAdmin(PolicyAdmin):
    list_display = ["__str__", "community", "responsible", "due_date", "status", "overdue"]
    list_filter = ["status"]
    search_fields = ["text", "responsible", "community__name"]
    list_select_related = ["community"]
    # The status changes on the commitment's page, which keeps the dated log.
    readonly_fields = ["status"]
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
