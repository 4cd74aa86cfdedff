"""The Django admin asks the same permission policy as every other page."""

from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
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
