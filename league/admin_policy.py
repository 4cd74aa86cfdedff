"""The Django admin asks the same permission policy as every other page."""

from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from league import access
from league.history import LabelledHistory


class PolicyAdmin(SimpleHistoryAdmin):
    """Base for every ModelAdmin: NGO staff and administrators edit, with history."""

    capability_view = "admin.site"
    capability_edit = "admin.edit"
    # History with labels and local times, and no inline style (see SECURE_CSP).
    object_history_list_template = "admin/history_list.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The object's records with their user and the objects their foreign keys name:
        one query (simple_history's own version calls select_related() with no names
        when a model has no foreign key, which Django 6.1 deprecates)."""
        foreign_keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *foreign_keys
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistory(self.model, historical_record)

    def has_module_permission(self, request):
        return access.has_perm(request.user, self.capability_view)

    def has_view_permission(self, request, obj=None):
        return access.has_perm(request.user, self.capability_view)

    def has_add_permission(self, request):
        return access.has_perm(request.user, self.capability_edit)

    def has_change_permission(self, request, obj=None):
        return access.has_perm(request.user, self.capability_edit)

    def has_delete_permission(self, request, obj=None):
        return access.has_perm(request.user, self.capability_edit)
