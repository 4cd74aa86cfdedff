"""Advocacy: meetings with local councils to argue for programmes with money, their
follow-ups, and memoranda of cooperation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.domain import Versioned
from league.uploads import random_upload_path


class AdvocacyMeeting(Versioned):
    """A meeting with an oblast, raion or community council."""

    class Level(models.TextChoices):
        OBLAST = "oblast", _("oblast council")
        RAION = "raion", _("raion council")
        COMMUNITY = "community", _("community council")

    class Outcome(models.TextChoices):
        NO_RESULT = "no_result", _("no result")
        PROMISE = "promise", _("promise")
        DRAFT = "draft", _("draft programme prepared")
        ADOPTED = "adopted", _("programme adopted with money")

    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="advocacy_meetings",
        on_delete=models.PROTECT,
    )
    level = models.CharField(_("council"), max_length=16, choices=Level.choices)
    raion = models.ForeignKey(
        "communities.Raion",
        verbose_name=_("raion"),
        related_name="advocacy_meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="advocacy_meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    date = models.DateField(_("date"))
    participants = models.TextField(_("who took part"))
    topic = models.CharField(_("topic"), max_length=300)
    ask = models.TextField(_("the ask"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.NO_RESULT
    )
    programme = models.ForeignKey(
        "communities.LocalProgramme",
        verbose_name=_("local programme it led to"),
        related_name="advocacy_meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("advocacy meeting")
        verbose_name_plural = _("advocacy meetings")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="oblast") | Q(raion__isnull=False),
                name="advocacy_advocacymeeting_raion_given",
            ),
            models.CheckConstraint(
                condition=~Q(level="community") | Q(community__isnull=False),
                name="advocacy_advocacymeeting_community_given",
            ),
        ]
        indexes = [
            # The timeline and the list: meetings by date.
            models.Index(fields=["date"], name="advocacy_meeting_date_idx"),
        ]

    def __str__(self):
        return f"{self.date} · {self.council_name} · {self.topic}"

    def get_absolute_url(self):
        return reverse("advocacy:meeting_detail", args=[self.pk])

    @property
    def council_name(self) -> str:
        if self.level == self.Level.COMMUNITY and self.community_id:
            return str(self.community)
        if self.level == self.Level.RAION and self.raion_id:
            return str(self.raion)
        return str(self.oblast)

    def clean(self):
        errors = {}
        if self.level != self.Level.OBLAST and not self.raion_id:
            errors["raion"] = _("Choose the raion.")
        if self.level == self.Level.COMMUNITY and not self.community_id:
            errors["community"] = _("Choose the community.")
        if self.community_id and self.raion_id and self.community.raion_id != self.raion_id:
            errors["community"] = _("The community lies in another raion.")
        if self.programme_id and self.programme.community_id != self.community_id:
            errors["programme"] = _("Link a programme of the meeting's own community.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Record meetings once they have taken place.")
        if errors:
            raise ValidationError(errors)


class FollowUp(models.Model):
    """Something to do after a meeting, by a date."""

    meeting = models.ForeignKey(
        AdvocacyMeeting,
        verbose_name=_("meeting"),
        related_name="follow_ups",
        on_delete=models.CASCADE,
    )
    text = models.CharField(_("what to do"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()


class Memorandum(Versioned):
    """A memorandum of cooperation the League signed."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="memoranda",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=300)
    parties = models.TextField(_("parties"))
    date_signed = models.DateField(_("date signed"))
    scope = models.TextField(_("scope"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty for no end date.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    document = models.FileField(
        _("document"), upload_to=random_upload_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("memorandum")
        verbose_name_plural = _("memoranda")
        ordering = ["-date_signed", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("date_signed")),
                name="advocacy_memorandum_valid_after_signing",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_signed})"

    def get_absolute_url(self):
        return reverse("advocacy:memorandum_edit", args=[self.pk])

    def clean(self):
        if self.valid_until and self.date_signed and self.valid_until < self.date_signed:
            raise ValidationError({"valid_until": _("Validity cannot end before signing.")})
