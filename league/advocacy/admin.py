from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.advocacy import services
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


class FollowUpInline(admin.TabularInline):
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


@admin.register(FollowUp)
class FollowUpAdmin(PolicyAdmin):
    list_display = ["text", "meeting", "due_date", "done_on"]


@admin.register(Memorandum)
class MemorandumAdmin(PolicyAdmin):
    list_display = ["title", "date_signed", "valid_until", "status"]
    list_filter = ["status"]

    def save_model(self, request, obj, form, change):
        services.memorandum_save(memorandum=obj, changed_by=request.user)
