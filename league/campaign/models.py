"""The joint information campaign: the strategy agreed with the oblast council, each
community's stance towards it, and the activities the communities carry out."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from league.domain import AppendOnly, Versioned
from league.uploads import random_upload_path


class CampaignStrategy(models.Model):
    """A campaign strategy of one oblast. Its content lives in versions; its status
    changes only through `strategy_change_status`, which keeps a log."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AGREED = "agreed", _("agreed with the oblast council")
        ACTIVE = "active", pgettext_lazy("campaign strategy", "active")
        FINISHED = "finished", _("finished")

    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="campaign_strategies",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    council_reference = models.CharField(
        _("council decision or letter reference"), max_length=100, blank=True
    )
    council_date = models.DateField(_("date of the council's agreement"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign strategy")
        verbose_name_plural = _("campaign strategies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (~Q(council_reference="") & Q(council_date__isnull=False)),
                name="campaign_campaignstrategy_agreed_has_reference",
                violation_error_message=_(
                    "Once agreed, the strategy needs the council's reference and date."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaign:strategy_detail", args=[self.pk])


class StrategyVersion(models.Model):
    """One version of the strategy's content. Versions are never edited: a change is a
    new version."""

    strategy = models.ForeignKey(
        CampaignStrategy,
        verbose_name=_("strategy"),
        related_name="versions",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    date = models.DateField(_("date"))
    key_messages = models.TextField(_("key messages"))
    target_groups = models.TextField(_("target groups"))
    channels = models.TextField(_("channels"))
    timeline = models.TextField(_("timeline"))
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
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="campaign_strategyversion_number_unique"
            ),
        ]

    def __str__(self):
        # «версія 2 від 01.03.2017»: the date as every page writes it, never ISO.
        shown = date_format(self.date, "SHORT_DATE_FORMAT")
        return _("version %(number)s of %(date)s") % {"number": self.number, "date": shown}

    def get_absolute_url(self):
        return self.strategy.get_absolute_url()


class StrategyStatusChange(AppendOnly):
    """Append-only log of a strategy's status changes."""

    strategy = models.ForeignKey(
        CampaignStrategy,
        verbose_name=_("strategy"),
        related_name="status_changes",
        # A strategy with a status log is never deleted with its log.
        on_delete=models.PROTECT,
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=CampaignStrategy.Status.choices
    )
    to_status = models.CharField(_("to"), max_length=16, choices=CampaignStrategy.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta(AppendOnly.Meta):
        verbose_name = _("strategy status change")
        verbose_name_plural = _("strategy status changes")
        ordering = ["strategy", "changed_at", "pk"]

    def __str__(self):
        before = self.get_from_status_display() if self.from_status else "—"
        return f"{self.strategy}: {before} → {self.get_to_status_display()}"


class CommunityAgreement(Versioned):
    """A community's stance towards a strategy. One row per strategy and community; staff
    edit it against the version they loaded (league.domain.save_versioned)."""

    class Stance(models.TextChoices):
        NOT_CONTACTED = "not_contacted", _("not contacted")
        INVITED = "invited", _("invited")
        AGREED = "agreed", _("agreed")
        JOINED = "joined", _("joined with its own activities")
        DECLINED = "declined", _("declined")

    # Agreed or joined: the communities that count as having agreed to the strategy.
    AGREEING = (Stance.AGREED, Stance.JOINED)

    strategy = models.ForeignKey(
        CampaignStrategy,
        verbose_name=_("strategy"),
        related_name="agreements",
        on_delete=models.CASCADE,
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="campaign_agreements",
        on_delete=models.PROTECT,
    )
    stance = models.CharField(
        _("stance"), max_length=16, choices=Stance.choices, default=Stance.NOT_CONTACTED
    )
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    document = models.FileField(
        _("document"), upload_to=random_upload_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community agreement")
        verbose_name_plural = _("community agreements")
        ordering = ["strategy", "community__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "community"], name="campaign_communityagreement_unique"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["not_contacted", "invited"]) | Q(date__isnull=False),
                name="campaign_communityagreement_answer_has_date",
                violation_error_message=_("Give the date of the community's answer."),
            ),
        ]

    def __str__(self):
        return f"{self.community}: {self.get_stance_display()}"

    def get_absolute_url(self):
        return reverse("campaign:agreement_summary", args=[self.strategy_id])

    def clean(self):
        if self.stance not in ("not_contacted", "invited") and not self.date:
            raise ValidationError({"date": _("Give the date of the community's answer.")})


class CampaignActivity(models.Model):
    """Something a community did for the campaign, with whom it reached."""

    class Kind(models.TextChoices):
        SCHOOL_LECTURE = "school_lecture", _("lecture at a school")
        STAND = "stand", _("information stand")
        MEDIA = "media", _("media publication")
        SOCIAL_MEDIA = "social_media", _("social-media post")
        LEAFLETS = "leaflets", _("leaflet distribution")
        HOTLINE = "hotline", _("hotline promotion")
        TRAINING = "training", _("training of specialists")
        OTHER = "other", _("other")

    class TargetGroup(models.TextChoices):
        YOUTH = "youth", _("young people")
        IDP = "idp", _("internally displaced people")
        JOB_SEEKERS = "job_seekers", _("job seekers")
        PARENTS = "parents", _("parents")
        SPECIALISTS = "specialists", _("specialists")
        PUBLIC = "public", _("general public")

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="campaign_activities",
        on_delete=models.PROTECT,
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    # A list of TargetGroup values; a JSON list keeps SQLite and PostgreSQL alike.
    target_groups = models.JSONField(_("target groups"), default=list)
    description = models.CharField(_("description"), max_length=300, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    materials_distributed = models.PositiveIntegerField(_("materials distributed"), default=0)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    photo = models.FileField(
        _("photo evidence"), upload_to=random_upload_path, max_length=200, blank=True
    )
    photo_name = models.CharField(_("photo file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # The form's one-time key: the same form sent twice records one activity.
    submission = models.UUIDField(_("submission key"), null=True, blank=True, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["-date", "-pk"]
        indexes = [
            # The activity list, newest first, narrowed to the user's communities.
            models.Index(fields=["community", "date"], name="campaign_activity_comm_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} · {self.community}"

    def get_absolute_url(self):
        return reverse("campaign:activity_list") + f"?community={self.community_id}"

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(self.TargetGroup.choices)
        return [labels.get(value, value) for value in self.target_groups]

    def clean(self):
        known = set(self.TargetGroup.values)
        if not isinstance(self.target_groups, list) or not set(self.target_groups) <= known:
            raise ValidationError({"target_groups": _("Choose target groups from the list.")})
        if not self.target_groups:
            raise ValidationError({"target_groups": _("Choose at least one target group.")})
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Record activities once they have happened.")})
