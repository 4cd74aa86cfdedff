"""The admin of round tables writes through the same services as the pages, with the
version each form was loaded at: a round table is numbered by its series, its agenda is
kept on its page, a commitment's status changes only on its page (which logs the change),
participants are invited and files uploaded on the pages, and the log of commitment
updates is read-only for everyone."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from league.admin_policy import LogInline, PolicyAdmin, PolicyInline, through
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


@admin.register(RoundTableSeries)
class RoundTableSeriesAdmin(PolicyAdmin):
    list_display = ["title", "oblast", "target"]

    @through(services.series_save)
    def service_create(self, request, obj, form):
        services.series_save(series=obj, changed_by=request.user)

    @through(services.series_save)
    def service_change(self, request, obj, form, *, version):
        services.series_save(series=obj, changed_by=request.user)


class AgendaItemInline(PolicyInline, admin.TabularInline):
    """Shown here; the agenda is kept in order on the round table's page."""

    model = AgendaItem
    extra = 0
    fields = readonly_fields = ["order", "title", "speaker"]


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
class RoundTableAdmin(PolicyAdmin):
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

    @through(services.round_table_save)
    def service_create(self, request, obj, form):
        # The form has checked the target (and asked for the confirmation beyond it): the
        # number assigned now under the lock is the one it checked, or one past it.
        self._save(request, obj, form, agenda=[], version=None)

    @through(services.round_table_save)
    def service_change(self, request, obj, form, *, version):
        agenda = [
            services.AgendaLine(item.title, item.speaker)
            for item in obj.agenda_items.order_by("order")
        ]
        self._save(request, obj, form, agenda=agenda, version=version)

    def _save(self, request, obj, form, *, agenda, version):
        services.round_table_save(
            round_table=obj,
            invited_communities=form.cleaned_data["invited_communities"],
            facilitators=form.cleaned_data["facilitators"],
            agenda=agenda,
            changed_by=request.user,
            beyond_target_confirmed=True,
            version=version,
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(PolicyAdmin):
    """Shown here; the agenda is kept in order on the round table's page."""

    list_display = ["round_table", "order", "title", "speaker"]
    list_select_related = ["round_table"]


@admin.register(Person)
class PersonAdmin(PolicyAdmin):
    list_display = ["full_name", "position", "organisation", "community", "category"]
    list_filter = ["category"]
    search_fields = ["full_name", "name_key", "position", "organisation"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]

    @through(services.person_create)
    def service_create(self, request, obj, form):
        services.person_create(person=obj, changed_by=request.user)

    @through(services.person_save)
    def service_change(self, request, obj, form, *, version):
        services.person_save(person=obj, changed_by=request.user, version=version)


@admin.register(Participation)
class ParticipationAdmin(PolicyAdmin):
    """People are invited on the round table's page; here their status is set or they
    are removed, as there."""

    list_display = ["round_table", "person", "status", "walk_in"]
    list_filter = ["status", "walk_in", "round_table"]
    search_fields = ["person__full_name"]
    list_select_related = ["round_table", "person"]
    fields = ["round_table", "person", "status", "walk_in"]
    readonly_fields = ["round_table", "person", "walk_in"]

    @through(services.participation_set_status)
    def service_change(self, request, obj, form, *, version):
        services.participation_set_status(
            participation=obj, status=obj.status, changed_by=request.user, version=version
        )

    @through(services.participation_remove)
    def service_delete(self, request, obj):
        services.participation_remove(participation=obj, removed_by=request.user)


class CommitmentInline(PolicyInline, admin.StackedInline):
    model = Commitment
    extra = 0
    fields = ["text", "community", "responsible", "due_date", "status"]
    # The status changes on the commitment's page, which keeps the dated log.
    readonly_fields = ["status"]
    autocomplete_fields = ["community"]

    @through(services.commitment_save)
    def service_save(self, request, row, parent, *, version):
        services.commitment_save(commitment=row, changed_by=request.user, version=version)


@admin.register(Resolution)
class ResolutionAdmin(PolicyAdmin):
    list_display = ["round_table", "number", "__str__"]
    list_select_related = ["round_table"]
    inlines = [CommitmentInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "round_table"] if obj is not None else fields

    @through(services.resolution_create)
    def service_create(self, request, obj, form):
        created = services.resolution_create(
            round_table=obj.round_table, text=obj.text, number=obj.number, changed_by=request.user
        )
        # The admin's own page, log and inlines name the record created.
        obj.pk, obj._state.adding = created.pk, False

    @through(services.resolution_save)
    def service_change(self, request, obj, form, *, version):
        services.resolution_save(resolution=obj, changed_by=request.user)

    @through(services.resolution_delete)
    def service_delete(self, request, obj):
        services.resolution_delete(resolution=obj, deleted_by=request.user)


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

    @through(services.commitment_save)
    def service_create(self, request, obj, form):
        services.commitment_save(commitment=obj, changed_by=request.user)

    @through(services.commitment_save)
    def service_change(self, request, obj, form, *, version):
        services.commitment_save(commitment=obj, changed_by=request.user, version=version)

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

    @through(services.attachment_describe)
    def service_change(self, request, obj, form, *, version):
        services.attachment_describe(attachment=obj, changed_by=request.user)

    @through(services.attachment_delete)
    def service_delete(self, request, obj):
        services.attachment_delete(attachment=obj, deleted_by=request.user)

    @admin.display(description=_("file"))
    def download(self, attachment):
        # Through the portal's download view, which asks the permission policy.
        url = reverse("roundtables:attachment_download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)
