"""The Django admin asks the same permission policy as every other page, and writes
through the same rules as the services: logs are read-only, a versioned record's version
is bumped by every admin save, so a form opened before it cannot overwrite the change."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, models
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from league import access
from league.domain import AppendOnly, bump_version
from league.history import LabelledHistory
from league.uploads import CheckedFileField


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

    def _is_log(self) -> bool:
        return issubclass(self.model, AppendOnly)

    def has_module_permission(self, request):
        return access.has_perm(request.user, self.capability_view)

    def has_view_permission(self, request, obj=None):
        return access.has_perm(request.user, self.capability_view)

    def has_add_permission(self, request):
        return not self._is_log() and access.has_perm(request.user, self.capability_edit)

    def has_change_permission(self, request, obj=None):
        return not self._is_log() and access.has_perm(request.user, self.capability_edit)

    def has_delete_permission(self, request, obj=None):
        return not self._is_log() and access.has_perm(request.user, self.capability_edit)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The history is a record of what happened, never a way to write the past back.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        bump_version(obj)
        super().save_model(request, obj, form, change)


# For an admin whose service stores files: the form checks an upload as the pages' forms
# do (content, size), so a refusal is a message on the page, and the service checks it
# again itself.
CHECKED_UPLOADS = {models.FileField: {"form_class": CheckedFileField}}


def new_upload(form, name: str):
    """The file just uploaded in an admin form's field `name`, or None when it kept the
    stored one (or was cleared)."""
    if name in form.changed_data and form.cleaned_data.get(name):
        return form.cleaned_data[name]
    return None


class PolicyInline:
    """An inline asks the same policy as PolicyAdmin: the role, not Django's permissions."""

    def has_view_permission(self, request, obj=None):
        return access.has_perm(request.user, "admin.site")

    def has_add_permission(self, request, obj=None):
        return access.has_perm(request.user, "admin.edit")

    def has_change_permission(self, request, obj=None):
        return access.has_perm(request.user, "admin.edit")

    def has_delete_permission(self, request, obj=None):
        return access.has_perm(request.user, "admin.edit")


class LogInline:
    """Mixin for an inline of log rows (AppendOnly): shown, never added, changed or deleted
    in the admin; the services add them."""

    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """For the admin lists of the big tables (1.8 million figures nationally): an
    unfiltered list takes PostgreSQL's own row estimate instead of counting every row;
    a filtered one, or a small table, is counted exactly."""

    EXACT_BELOW = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor != "postgresql" or queryset.query.where:
            return super().count
        # One query either way: the planner's estimate, or an exact count when small.
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT count(*) FROM {table}) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.EXACT_BELOW, queryset.model._meta.db_table],
            )
            return cursor.fetchone()[0]


class BigTableAdmin(PolicyAdmin):
    """A PolicyAdmin for a table that grows with the country: no second, full count."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
