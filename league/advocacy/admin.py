"""The advocacy admin saves through the same services as the pages: meetings and memoranda
with their version, follow-ups done once, uploads checked by the service."""

from django.contrib import admin

from league.admin_policy import CHECKED_UPLOADS, PolicyAdmin, PolicyInline, new_upload, through
from league.advocacy import services
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


class FollowUpInline(PolicyInline, admin.TabularInline):
    model = FollowUp
    extra = 0

    @through(services.follow_up_save)
    def service_save(self, request, row, parent, *, version):
        services.follow_up_save(follow_up=row, changed_by=request.user)

    @through(services.follow_up_delete)
    def service_delete(self, request, row):
        services.follow_up_delete(follow_up=row, deleted_by=request.user)


@admin.register(AdvocacyMeeting)
class AdvocacyMeetingAdmin(PolicyAdmin):
    list_display = ["date", "level", "topic", "outcome"]
    list_filter = ["level", "outcome"]
    raw_id_fields = ["raion", "community", "programme"]
    readonly_fields = ["created_at"]
    inlines = [FollowUpInline]

    @through(services.meeting_save)
    def service_create(self, request, obj, form):
        services.meeting_save(meeting=obj, changed_by=request.user)

    @through(services.meeting_save)
    def service_change(self, request, obj, form, *, version):
        services.meeting_save(meeting=obj, changed_by=request.user, version=version)


@admin.register(FollowUp)
class FollowUpAdmin(PolicyAdmin):
    list_display = ["text", "meeting", "due_date", "done_on"]
    raw_id_fields = ["meeting"]

    def get_readonly_fields(self, request, obj=None):
        # Done once: the date it was done stays.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "done_on"] if obj is not None and obj.done_on else fields

    @through(services.follow_up_save)
    def service_create(self, request, obj, form):
        services.follow_up_save(follow_up=obj, changed_by=request.user)

    @through(services.follow_up_save)
    def service_change(self, request, obj, form, *, version):
        services.follow_up_save(follow_up=obj, changed_by=request.user)

    @through(services.follow_up_delete)
    def service_delete(self, request, obj):
        services.follow_up_delete(follow_up=obj, deleted_by=request.user)


@admin.register(Memorandum)
class MemorandumAdmin(PolicyAdmin):
    list_display = ["title", "date_signed", "valid_until", "status"]
    list_filter = ["status"]
    formfield_overrides = CHECKED_UPLOADS
    readonly_fields = ["document_name", "created_by"]

    @through(services.memorandum_save)
    def service_create(self, request, obj, form):
        services.memorandum_save(
            memorandum=obj, document=new_upload(form, "document"), changed_by=request.user
        )

    @through(services.memorandum_save)
    def service_change(self, request, obj, form, *, version):
        services.memorandum_save(
            memorandum=obj,
            document=new_upload(form, "document"),
            changed_by=request.user,
            version=version,
        )
