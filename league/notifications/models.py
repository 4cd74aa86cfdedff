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


class OutgoingMail(models.Model):
    """One e-mail to one address, written when the change that caused it commits and
    delivered by a task (league.mail.deliver). A failed delivery stays here, with the
    error, and is tried again later (`manage.py send_queued_mail`); it never fails or
    repeats the change that caused it. Staff read these in the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="outgoing_mail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    to = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind of e-mail"), max_length=40)
    key = models.CharField(_("event"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    # When a failed mail is due again; empty once sent or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_mail_due")
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"
