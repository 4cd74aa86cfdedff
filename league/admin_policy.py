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
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.EXACT_BELOW:
                return row[0]
        return super().count


class BigTableAdmin(PolicyAdmin):
    """A PolicyAdmin for a table that grows with the country: no second, full count."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
