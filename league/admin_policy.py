"""The Django admin asks the same permission policy as every other page, and writes
through the same rules as the services: logs are read-only, a versioned record's version
is bumped by every admin save, so a form opened before it cannot overwrite the change."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, models
from django.utils import formats
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from league import access
from league.domain import AppendOnly, bump_version
from league.history import LabelledHistory
from league.uploads import CheckedFileField


class GroupedDecimals:
    """Read-only decimals shown as the pages show them: digits grouped in the active
    language («50 000,00», not «50000,00»). Django's admin prints a read-only model field
    ungrouped, so each read-only decimal field is shown through a display function of the
    same name, label and help text instead (in the fieldsets and in the read-only list,
    so the form still leaves it out)."""

    def decimal_places_shown(self, obj, name: str) -> int:
        """How many decimal places the value of `name` shows; the field's by default."""
        return self.model._meta.get_field(name).decimal_places

    def _decimal_names(self) -> set[str]:
        return {
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, models.DecimalField)
        }

    def _decimal_display(self, name: str):
        displays = self.__dict__.setdefault("_decimal_displays", {})
        if name not in displays:
            field = self.model._meta.get_field(name)

            def display(obj):
                value = getattr(obj, name, None)
                if value is None:
                    return self.get_empty_value_display()
                places = self.decimal_places_shown(obj, name)
                return formats.number_format(value, places, use_l10n=True, force_grouping=True)

            display.__name__ = name
            display.short_description = field.verbose_name
            displays[name] = display
        return displays[name]

    def _view_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def _grouped(self, request, obj, readonly) -> set[str]:
        """The decimal fields shown read-only on this page."""
        decimals = self._decimal_names()
        if self._view_only(request, obj):
            return decimals
        return decimals & {name for name in readonly if isinstance(name, str)}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        shown = self._grouped(request, obj, readonly)
        return readonly + [self._decimal_display(name) for name in sorted(shown)]

    def get_fieldsets(self, request, obj=None):
        shown = self._grouped(request, obj, super().get_readonly_fields(request, obj))
        if not shown:
            return super().get_fieldsets(request, obj)
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            fields, seen = [], set()
            for line in options.get("fields", ()):
                names = line if isinstance(line, list | tuple) else (line,)
                names = [self._decimal_display(n) if n in shown else n for n in names]
                names = [n for n in names if not (callable(n) and n in seen)]
                seen.update(n for n in names if callable(n))
                if names:
                    fields.append(tuple(names) if isinstance(line, list | tuple) else names[0])
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets


class PolicyAdmin(GroupedDecimals, SimpleHistoryAdmin):
    """Base for every ModelAdmin: NGO staff and administrators edit, with history."""

    capability_view = "admin.site"
    capability_edit = "admin.edit"
    # As the portal's own lists: a page of 100 rows (Django's default) was the round-table
    # list's whole growth at national scale (18 ms for the demo's rows, 43 ms for 100).
    list_per_page = 25
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


class PolicyInline(GroupedDecimals):
    """An inline asks the same policy as PolicyAdmin: the role, not Django's permissions;
    its read-only decimals are grouped as the pages show them."""

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
