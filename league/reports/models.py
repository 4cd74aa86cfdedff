"""The issued-report register. An issued report is never changed: a correction is a new
issue that names the one it replaces."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.uploads import random_upload_path


class IssuedReport(models.Model):
    class Kind(models.TextChoices):
        MONITORING = "monitoring", _("monitoring report")
        PROGRESS = "progress", _("project progress report")
        PROFILE = "profile", _("community profile")

    number = models.CharField(_("register number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"))
    language = models.CharField(_("language"), max_length=8, default="uk")
    title = models.CharField(_("title"), max_length=300)
    period = models.CharField(_("period"), max_length=100)
    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="issued_reports",
        on_delete=models.PROTECT,
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="issued_reports",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    file = models.FileField(_("PDF file"), upload_to=random_upload_path)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    # The protected tables as published: the spreadsheets and the public page read these,
    # never live data.
    data = models.JSONField(_("published figures"), default=dict)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        related_name="replaced_by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        related_name="issued_reports",
        on_delete=models.PROTECT,
    )
    issued_at = models.DateTimeField(_("issued at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["monitoring", "progress", "profile"]),
                name="reports_issuedreport_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="reports_issuedreport_sha256_format",
            ),
        ]
        indexes = [
            # The council's register list: an oblast's reports, newest first.
            models.Index(fields=["oblast", "-issued_at"], name="reports_issued_oblast_idx"),
        ]

    def __str__(self):
        return f"{self.number} · {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An issued report is never changed; issue a correction instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:issued_detail", args=[self.pk])


class VerifyCount(models.Model):
    """How many checks one client address made on /verify/ in one clock hour
    (league/reports/throttle.py). In the database so that every worker process counts
    the same; a technical counter, neither history nor admin page."""

    address = models.CharField(_("address"), max_length=45)  # the longest IPv6 text
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("checks"), default=0)

    class Meta:
        verbose_name = _("verification count")
        verbose_name_plural = _("verification counts")
        constraints = [
            models.UniqueConstraint(fields=["address", "hour"], name="reports_verify_count_once"),
        ]

    def __str__(self):
        return f"{self.address} {self.hour:%Y-%m-%d %H}: {self.count}"


class Release(models.Model):
    """One oblast's protected publication, made once a quarter's data are final: every
    figure council officials and the public read comes from the newest one
    (docs/disclosure.md, "Publication"). Never changed once made: a correction is a new
    release that names the one it replaces."""

    class State(models.TextChoices):
        QUEUED = "queued", _("being made")
        DONE = "done", _("made")
        FAILED = "failed", _("refused")

    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="releases",
        on_delete=models.PROTECT,
    )
    number = models.PositiveIntegerField(_("release number"))
    through_year = models.PositiveSmallIntegerField(_("final quarter's year"))
    through_quarter = models.PositiveSmallIntegerField(_("final quarter"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        related_name="replaced_by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="releases_requested",
        on_delete=models.PROTECT,
    )
    requested_at = models.DateTimeField(_("requested at"))
    made_at = models.DateTimeField(_("made at"), null=True, blank=True)
    # The published family: {cell: figure as shown}, cell "area|period|code|option".
    shown = models.JSONField(_("published figures"), default=dict, blank=True)
    # The true counts and the raions' communities behind them. Never read by any output:
    # a later release's audit needs them to see what this one's sums tied together.
    exact = models.JSONField(_("counts behind the figures"), default=dict, blank=True)
    error = models.TextField(_("why it was refused"), blank=True)
    history = HistoricalRecords(excluded_fields=["shown", "exact"])

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["oblast", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["oblast", "number"], name="reports_release_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(through_quarter__gte=1, through_quarter__lte=4),
                name="reports_release_quarter_range",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "done", "failed"]),
                name="reports_release_state_known",
            ),
        ]

    def __str__(self):
        return f"{self.oblast} · {self.number}"

    @property
    def through(self) -> tuple[int, int]:
        return self.through_year, self.through_quarter
