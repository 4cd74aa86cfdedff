"""The project's logframe: its goal, the tasks, their activities, and indicators with a
baseline and a target. An indicator's current value is either computed from the portal's
own records by a named computation (league/targets/registry.py) or entered by hand with
evidence; a computed value is never typed in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.uploads import random_upload_path

VALUE_DIGITS = 16


class Project(models.Model):
    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="projects",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=400)
    goal = models.TextField(_("goal"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("targets:progress") + f"?project={self.pk}"


class Objective(models.Model):
    """One of the project's tasks."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="objectives", on_delete=models.CASCADE
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("task"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="targets_objective_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Activity(models.Model):
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("task"),
        related_name="activities",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("activity"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["objective", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "number"], name="targets_activity_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.objective.number}.{self.number}. {self.title}"


class Indicator(models.Model):
    """A measure of progress with a baseline and a target. With `computation` set its
    value comes from the registry; without, from the latest ManualValue."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="indicators", on_delete=models.CASCADE
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("task"),
        related_name="indicators",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty for an indicator of the goal."),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        related_name="indicators",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=400)
    computation = models.CharField(
        _("computation"),
        max_length=40,
        blank=True,
        help_text=_("Empty when the value is entered by hand with evidence."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=VALUE_DIGITS, decimal_places=2, default=0
    )
    target = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project", "objective__number", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="targets_indicator_code"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("targets:indicator_detail", args=[self.pk])

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    def clean(self):
        from league.targets.registry import COMPUTATIONS  # the registry reads our models

        errors = {}
        if self.computation and self.computation not in COMPUTATIONS:
            errors["computation"] = _("Choose a computation from the list.")
        if self.objective_id and self.project_id and self.objective.project_id != self.project_id:
            errors["objective"] = _("Choose a task of this project.")
        if self.activity_id and self.activity.objective_id != self.objective_id:
            errors["activity"] = _("Choose an activity of the indicator's task.")
        if errors:
            raise ValidationError(errors)


class ManualValue(models.Model):
    """A value entered by hand, with its evidence. Append-only: a correction is a newer
    value; the latest by date (then by entry) counts."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        related_name="manual_values",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=random_upload_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        ordering = ["indicator", "-date", "-pk"]
        indexes = [
            # The latest value of each indicator on the progress page.
            models.Index(fields=["indicator", "date"], name="targets_manual_latest_idx"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()

    def clean(self):
        if self.indicator_id and self.indicator.is_computed:
            raise ValidationError(
                _(
                    "This indicator is computed from the portal's records; "
                    "its value is not typed in."
                )
            )
