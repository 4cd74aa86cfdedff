"""The advocacy admin saves through the same services as the pages: meetings and memoranda
with their version, follow-ups done once, uploads checked by the service."""

from django.contrib import admin

from league.admin_policy import CHECKED_UPLOADS, PolicyAdmin, PolicyInline, new_upload
from league.advocacy import services
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


class FollowUpInline(PolicyInline, admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(AdvocacyMeeting)
class AdvocacyMeetingAdmin(PolicyAdmin):
    list_display = ["date", "level", "topic", "outcome"]
    list_filter = ["level", "outcome"]
    raw_id_fields = ["raion", "community", "programme"]
    readonly_fields = ["created_at"]
    inlines = [FollowUpInline]

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, changed_by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not FollowUp:
            return super().save_formset(request, form, formset, change)
        for follow_up in formset.save(commit=False):
            services.follow_up_save(follow_up=follow_up, changed_by=request.user)
        for follow_up in formset.deleted_objects:
            follow_up._history_user = request.user
            follow_up.delete()
        formset.save_m2m()


@admin.register(FollowUp)
class FollowUpAdmin(PolicyAdmin):
    list_display = ["text", "meeting", "due_date", "done_on"]
    raw_id_fields = ["meeting"]

    def get_readonly_fields(self, request, obj=None):
        # Done once: the date it was done stays.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "done_on"] if obj is not None and obj.done_on else fields

    def save_model(self, request, obj, form, change):
        services.follow_up_save(follow_up=obj, changed_by=request.user)


@admin.register(Memorandum)
class MemorandumAdmin(PolicyAdmin):
    list_display = ["title", "date_signed", "valid_until", "status"]
    list_filter = ["status"]
    formfield_overrides = CHECKED_UPLOADS
    readonly_fields = ["document_name", "created_by"]

    def save_model(self, request, obj, form, change):
        services.memorandum_save(
            memorandum=obj, document=new_upload(form, "document"), changed_by=request.user
        )
