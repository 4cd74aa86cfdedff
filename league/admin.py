from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from league import access
from league.admin_policy import PolicyAdmin
from league.models import User


def _site_has_permission(request):
    return request.user.is_active and access.has_perm(request.user, "admin.site")


admin.site.has_permission = _site_has_permission
admin.site.site_header = _("League portal administration")
admin.site.site_title = _("League portal")
admin.site.index_title = _("Administration")


@admin.register(User)
class PortalUserAdmin(UserAdmin, PolicyAdmin):
    capability_view = "accounts.manage"
    capability_edit = "accounts.manage"
    list_display = ["username", "last_name", "first_name", "role", "oblast", "is_active"]
    list_filter = ["role", "is_active", "oblast"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["communities"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role and scope"), {"fields": ["role", "communities", "oblast", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "role", "oblast"]}),
    ]


# django-axes names two of its columns after their methods («Expiration», «Status»):
# the same admin, with those columns named in the catalogue.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptLabelledAdmin(AccessAttemptAdmin):
    @admin.display(description=_("Expires"))
    def expiration(self, obj):
        return super().expiration(obj)

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)
