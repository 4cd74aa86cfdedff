from django.contrib import admin

from league.admin_policy import PolicyAdmin
from league.notifications.models import OptOut, OutgoingMail, SentNotification


class ReadOnlyAdmin(PolicyAdmin):
    """Kept by the pages and the mailer; shown here, never changed (no service named)."""


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind"]


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "user", "kind", "key"]
    list_filter = ["kind"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Where staff see an e-mail that could not be sent, and why (last error)."""

    list_display = ["created_at", "to", "kind", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
