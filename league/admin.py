from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from league import access, services
from league.admin_policy import PolicyAdmin, through
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
        # The one-time token of every admin "add" form (PolicyAdmin), named here because
        # Django's UserAdmin returns these fieldsets as they stand.
        (None, {"fields": ["username", "password1", "password2", "role", "oblast", "form_token"]}),
    ]

    @through(services.user_save)
    def service_create(self, request, obj, form):
        services.user_save(user=obj, communities=None, changed_by=request.user)

    @through(services.user_save)
    def service_change(self, request, obj, form, *, version):
        services.user_save(
            user=obj, communities=form.cleaned_data["communities"], changed_by=request.user
        )


class NothingWritten:
    """A library's admin, shown but never written: its records (log-in attempts and logs,
    background task results) are kept by the library itself. A lock-out is lifted with
    `manage.py axes_reset_username NAME` (docs/production.md)."""

    actions = []  # axes' "clean up expired attempts" included: the library's own work

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _read_only(model, admin_class, **attrs) -> None:
    """Register `model` again with its library's admin made read-only."""
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    name = f"ReadOnly{admin_class.__name__}"
    admin.site.register(model, type(name, (NothingWritten, admin_class), attrs))


# Roles are the portal's own policy (league/access.py): Django's groups are not used.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

_read_only(AccessLog, AccessLogAdmin)
_read_only(AccessFailureLog, AccessFailureLogAdmin)
_read_only(DBTaskResult, DBTaskResultAdmin)


# django-axes names two of its columns after their methods («Expiration», «Status»):
# the same admin, with those columns named in the catalogue.
@admin.display(description=_("Expires"))
def _expiration(self, obj):
    return AccessAttemptAdmin.expiration(self, obj)


@admin.display(description=_("Status"))
def _status(self, obj):
    return AccessAttemptAdmin.status(self, obj)


_read_only(AccessAttempt, AccessAttemptAdmin, expiration=_expiration, status=_status)
