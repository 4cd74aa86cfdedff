"""Who switched which e-mails off, and which e-mails were sent (so that each goes once)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OptOut(models.Model):
    """A person does not want e-mails of this kind (a key of league.mail.KINDS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="notification_opt_outs",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind of e-mail"), max_length=40)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mail switched off")
        verbose_name_plural = _("e-mails switched off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_optout_unique"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind}"


class SentNotification(models.Model):
    """An e-mail sent: one row per person, kind and event (`key`), so nothing goes twice.
    Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="sent_notifications",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind of e-mail"), max_length=40)
    key = models.CharField(_("event"), max_length=120)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notifications_sent_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.key}"
