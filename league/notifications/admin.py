from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.notifications.models import OptOut, SentNotification


class ReadOnlyAdmin(PolicyAdmin):
    """Kept by the pages and the mailer; shown here, never changed (no service named)."""


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind"]


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "user", "kind", "key"]
    list_filter = ["kind"]
