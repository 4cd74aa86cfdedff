from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.reports.models import IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(PolicyAdmin):
    """Read-only: reports are issued from the register page and never changed."""

    list_display = ["number", "kind", "title", "period", "issued_at", "issued_by"]
    list_filter = ["kind", "oblast"]
    search_fields = ["number", "sha256", "title"]
    list_select_related = ["issued_by"]
