from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.reports.models import IssuedReport, Release


@admin.register(IssuedReport)
class IssuedReportAdmin(PolicyAdmin):
    """Read-only: reports are issued from the register page and never changed."""

    list_display = ["number", "kind", "title", "period", "issued_at", "issued_by"]
    list_filter = ["kind", "oblast"]
    search_fields = ["number", "sha256", "title"]
    list_select_related = ["issued_by"]


@admin.register(Release)
class ReleaseAdmin(PolicyAdmin):
    """Read-only: releases are made from the council figures page (a background task)."""

    list_display = ["oblast", "number", "through_year", "through_quarter", "state", "made_at"]
    list_filter = ["state", "oblast"]
    exclude = ["shown", "exact"]
    list_select_related = ["oblast"]
