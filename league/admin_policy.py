"""The Django admin asks the same permission policy as every other page."""

from simple_history.admin import SimpleHistoryAdmin

from league import access


class PolicyAdmin(SimpleHistoryAdmin):
    """Base for every ModelAdmin: NGO staff and administrators edit, with history."""

    capability_view = "admin.site"
    capability_edit = "admin.edit"

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
