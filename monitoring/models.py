"""Quarterly monitoring: periods, the indicator catalogue, reports, values, rules, approval.

Counts only: no model here holds a name or any detail about a person.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.domain import AppendOnly, Versioned
from league.uploads import random_upload_path
from monitoring.dimensions import (
    DIMENSION_CHOICES,
    DIMENSIONS,
    INDICATOR_CODE_PATTERN,
    OPTION_CHOICES,
    Dimension,
    indicator_code_validator,
    option_label,
)
from monitoring.expressions import ExpressionError, parse

# The longest text figure, comment or explanation: forms, imports and the model agree.
TEXT_MAX_CHARS = 4000


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_label(quarter: int, year: int | None = None) -> str:
    """A quarter as people write it: «I кв. 2026» in Ukrainian, «Q1 2026» in English.

    The one spelling of a quarter on every page, export heading and message.
    """
    values = {"quarter": quarter, "roman": ROMAN_QUARTERS.get(quarter, quarter), "year": year}
    if year is None:
        return pgettext("period", "Q%(quarter)s") % values
    return pgettext("period", "Q%(quarter)s %(year)s") % values


# Choices of a quarter field: «I кв.» ... «IV кв.», in the language of the page.
QUARTER_CHOICES = [(number, lazy(quarter_label, str)(number)) for number in range(1, 5)]


def previous_quarter(year: int, quarter: int, steps: int = 1) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) - steps
    return index // 4, index % 4 + 1


class ReportingPeriod(models.Model):
    """A quarter: when its reports are due and when figures may be entered."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    deadline = models.DateField(_("submission deadline"))
    entry_opens_on = models.DateField(_("entry opens on"))
    entry_closes_on = models.DateField(
        _("entry closes on"),
        help_text=_("After this day only staff, or a community that staff reopened, may enter."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="monitoring_reportingperiod_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="monitoring_reportingperiod_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("ends_on"))
                & Q(entry_closes_on__gte=models.F("deadline"))
                & Q(entry_opens_on__lte=models.F("entry_closes_on")),
                name="monitoring_reportingperiod_dates_in_order",
            ),
        ]

    def __str__(self):
        return quarter_label(self.quarter, self.year)

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> "ReportingPeriod":
        """An unsaved period with the configured default dates."""
        ends_on = quarter_end(year, quarter)
        return cls(
            year=year,
            quarter=quarter,
            starts_on=quarter_start(year, quarter),
            ends_on=ends_on,
            deadline=ends_on + datetime.timedelta(days=settings.MONITORING_DEADLINE_DAYS),
            entry_opens_on=quarter_start(year, quarter),
            entry_closes_on=ends_on + datetime.timedelta(days=settings.MONITORING_ENTRY_DAYS),
        )

    def clean(self):
        if self.year and self.quarter in (1, 2, 3, 4):
            # The quarter's own days follow from year and quarter.
            self.starts_on = quarter_start(self.year, self.quarter)
            self.ends_on = quarter_end(self.year, self.quarter)
        if self.deadline and self.ends_on and self.deadline < self.ends_on:
            raise ValidationError({"deadline": _("The deadline cannot come before quarter end.")})
        if self.entry_closes_on and self.deadline and self.entry_closes_on < self.deadline:
            raise ValidationError({"entry_closes_on": _("Entry cannot close before the deadline.")})

    def is_open_on(self, day: datetime.date) -> bool:
        return self.entry_opens_on <= day <= self.entry_closes_on

    def is_past_deadline(self, day: datetime.date | None = None) -> bool:
        return (day or timezone.localdate()) > self.deadline

    @property
    def key(self) -> tuple[int, int]:
        return self.year, self.quarter


class EntryExtension(models.Model):
    """Staff reopen a closed period for one community, with a recorded reason."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="extensions",
        on_delete=models.CASCADE,
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="monitoring_extensions",
        on_delete=models.CASCADE,
    )
    open_until = models.DateField(_("open until"))
    reason = models.TextField(
        _("reason"), max_length=TEXT_MAX_CHARS, validators=[MaxLengthValidator(TEXT_MAX_CHARS)]
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("neutral", "granted by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry extension")
        verbose_name_plural = _("entry extensions")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "community"], name="monitoring_entryextension_unique"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="monitoring_entryextension_reason_given"
            ),
        ]

    def __str__(self):
        return f"{self.community.name}, {self.period}"


class Indicator(models.Model):
    """A data element. Adding one in the admin adds it to the form, rules, exports, reports."""

    class Section(models.TextChoices):
        IDENTIFICATION = "identification", _("Identification")
        STATUS = "status", _("Status of a person who suffered from trafficking")
        ASSISTANCE = "assistance", _("Assistance guaranteed by the state")
        REFERRAL = "referral", _("National referral mechanism")
        PREVENTION = "prevention", _("Prevention")
        BUDGET = "budget", _("Local budget")
        NARRATIVE = "narrative", _("Problems and good practice")

    class ValueType(models.TextChoices):
        PEOPLE = "people", _("count of people")
        EVENTS = "events", _("count of events")
        MONEY = "money", _("money, UAH")
        TEXT = "text", _("text")

    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[indicator_code_validator]
    )
    name_uk = models.CharField(_("name in Ukrainian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    section = models.CharField(_("section"), max_length=32, choices=Section.choices)
    value_type = models.CharField(_("value type"), max_length=16, choices=ValueType.choices)
    by_sex = models.BooleanField(_("by sex"), default=False)
    by_age_group = models.BooleanField(_("by age group"), default=False)
    by_exploitation = models.BooleanField(_("by form of exploitation"), default=False)
    by_scope = models.BooleanField(_("internal or transnational"), default=False)
    person_linked = models.BooleanField(
        _("person-linked"),
        default=False,
        help_text=_(
            "Each unit counted concerns one person (a person identified or helped, a "
            "referral, a status, every breakdown of them): outside the NGO its small "
            "counts are hidden. Decided per indicator, not by its unit."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order in its section"), default=100)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Retired indicators leave the form; their figures are kept."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=INDICATOR_CODE_PATTERN),
                name="monitoring_indicator_code_format",
            ),
            models.CheckConstraint(
                condition=Q(value_type__in=["people", "events", "money", "text"]),
                name="monitoring_indicator_value_type_known",
            ),
            models.CheckConstraint(
                condition=~Q(value_type="text")
                | Q(by_sex=False, by_age_group=False, by_exploitation=False, by_scope=False),
                name="monitoring_indicator_text_not_disaggregated",
            ),
            models.CheckConstraint(
                condition=Q(value_type__in=["people", "events"]) | Q(person_linked=False),
                name="monitoring_indicator_person_linked_counts",
            ),
        ]

    def __str__(self):
        # The name people read, in the page's language; the code is for rules and files.
        return self.name

    def clean(self):
        if self.value_type == self.ValueType.TEXT and self.dimensions:
            raise ValidationError(_("A text indicator cannot be broken down."))
        if self.person_linked and self.value_type not in (
            self.ValueType.PEOPLE,
            self.ValueType.EVENTS,
        ):
            raise ValidationError(_("Only a count of people or events can be person-linked."))

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "uk").startswith("en") else self.name_uk

    @property
    def dimensions(self) -> list[Dimension]:
        return [dim for dim in DIMENSIONS.values() if getattr(self, dim.flag)]

    @property
    def is_text(self) -> bool:
        return self.value_type == self.ValueType.TEXT

    @property
    def is_money(self) -> bool:
        return self.value_type == self.ValueType.MONEY

    def cells(self) -> list[tuple[str, str]]:
        """(dimension, option) of every figure: the total first, then each breakdown."""
        cells = [("", "")]
        for dim in self.dimensions:
            cells.extend((dim.key, option) for option in dim.choices.values)
        return cells


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


class MonitoringReport(Versioned):
    """One community's figures for one quarter."""

    Status = ReportStatus

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="monitoring_reports",
        on_delete=models.PROTECT,
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="reports",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    explanation = models.TextField(
        _("explanation of warnings"),
        blank=True,
        help_text=_("Why unusual figures are right. No names or details of any person."),
        max_length=TEXT_MAX_CHARS,
        validators=[MaxLengthValidator(TEXT_MAX_CHARS)],
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("neutral", "last saved by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period__year", "-period__quarter", "community__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "period"], name="monitoring_monitoringreport_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="monitoring_monitoringreport_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="monitoring_monitoringreport_submitted_has_date",
            ),
        ]
        indexes = [
            # Completeness and aggregates: reports of a period by status.
            models.Index(fields=["period", "status"], name="monitoring_report_status"),
        ]

    def __str__(self):
        return f"{self.community.name}, {self.period}"

    def get_absolute_url(self):
        return reverse("monitoring:report_detail", args=[self.pk])

    @property
    def is_editable_status(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def submitted_on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.period.deadline


class DataValue(models.Model):
    """One figure of a report: an indicator's total or one option of one breakdown."""

    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("report"),
        related_name="values",
        on_delete=models.CASCADE,
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="values", on_delete=models.PROTECT
    )
    dimension = models.CharField(
        _("disaggregation"), max_length=16, choices=DIMENSION_CHOICES, blank=True, default=""
    )
    option = models.CharField(
        _("option"), max_length=32, choices=OPTION_CHOICES, blank=True, default=""
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(
        _("text"),
        blank=True,
        max_length=TEXT_MAX_CHARS,
        validators=[MaxLengthValidator(TEXT_MAX_CHARS)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["report", "indicator", "dimension", "option"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "dimension", "option"],
                name="monitoring_datavalue_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="monitoring_datavalue_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(dimension="") & Q(option="")) | (~Q(dimension="") & ~Q(option="")),
                name="monitoring_datavalue_option_with_dimension",
            ),
        ]
        indexes = [
            # Aggregates: sums of one indicator's totals across reports.
            models.Index(fields=["indicator", "dimension", "option"], name="monitoring_value_cell"),
        ]

    def __str__(self):
        name = self.indicator.name
        if self.dimension:
            name = f"{name}: {option_label(self.dimension, self.option)}"
        if self.indicator.is_text or self.value is None:
            shown = self.text or "—"
        else:
            places = 2 if self.indicator.is_money else 0
            shown = number_format(self.value, places, use_l10n=True, force_grouping=True)
        return f"{name} = {shown}"


class ValidationRule(models.Model):
    """`left operator right` over indicator codes, checked on every save of a report."""

    class Operator(models.TextChoices):
        EQ = "==", _("equals")
        NE = "!=", _("differs from")
        LT = "<", _("less than")
        LE = "<=", _("at most")
        GT = ">", _("greater than")
        GE = ">=", _("at least")

    class Severity(models.TextChoices):
        ERROR = "error", _("error: blocks submission")
        WARNING = "warning", _("warning: needs an explanation")

    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[indicator_code_validator]
    )
    left = models.CharField(
        _("left side"),
        max_length=500,
        help_text=_("For example IDENTIFIED[sex=*] or STATUS_GRANTED + STATUS_REFUSED."),
    )
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=500)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    message_uk = models.CharField(
        _("message in Ukrainian"),
        max_length=300,
        help_text=_("{left} and {right} are replaced by the two sides' values."),
    )
    message_en = models.CharField(_("message in English"), max_length=300)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(operator__in=["==", "!=", "<", "<=", ">", ">="]),
                name="monitoring_validationrule_operator_known",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["error", "warning"]),
                name="monitoring_validationrule_severity_known",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.left} {self.operator} {self.right}"

    def clean(self):

        indicators = {
            indicator.code: indicator for indicator in Indicator.objects.filter(active=True)
        }
        errors = {}
        for field in ("left", "right"):
            try:
                parse(getattr(self, field) or "", indicators)
            except ExpressionError as error:
                errors[field] = error.message
        if errors:
            raise ValidationError(errors)

    @property
    def message(self) -> str:
        return self.message_en if (get_language() or "uk").startswith("en") else self.message_uk


class StatusChange(AppendOnly):
    """The workflow log: who moved a report from which status to which, and why."""

    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("report"),
        related_name="status_changes",
        # A report with a workflow log is never deleted with its log.
        on_delete=models.PROTECT,
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=ReportStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ReportStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        # A log's author is never erased: people leave by being deactivated. Rows of
        # authors removed before this rule keep no author (null).
        on_delete=models.PROTECT,
        null=True,
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=TEXT_MAX_CHARS,
        validators=[MaxLengthValidator(TEXT_MAX_CHARS)],
    )
    history = HistoricalRecords()

    class Meta(AppendOnly.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        before = self.get_from_status_display() if self.from_status else "—"
        return f"{self.report}: {before} → {self.get_to_status_display()}"


class ExportJob(models.Model):
    """An export too big for one request (XLSX, or every year), made by the task worker
    and kept for the person who asked for it to download."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        CSV_SEMICOLON = "csv_semicolon", _("CSV with semicolons (Excel in Ukrainian)")
        XLSX = "xlsx", "XLSX"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="export_jobs",
        on_delete=models.CASCADE,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    report_status = models.CharField(
        _("report status"), max_length=16, choices=ReportStatus.choices, blank=True
    )
    raion = models.ForeignKey(
        "communities.Raion",
        verbose_name=_("raion"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    file = models.FileField(_("file"), upload_to=random_upload_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The person's own jobs, newest first.
            models.Index(
                fields=["requested_by", "-requested_at"], name="monitoring_export_job_user"
            ),
        ]

    def __str__(self):
        return self.file_name or f"{self.get_format_display()} {self.requested_at:%Y-%m-%d %H:%M}"
