"""Identification plans, local programmes with money, and social contracting.

These models belong to the `communities` app (their tables are `communities_*`); the app's
models module imports them so that Django registers them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.domain import AppendOnly, Versioned
from league.uploads import random_upload_path

FIRST_YEAR = 2000
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
MONEY_DIGITS = 14  # up to 999 999 999 999,99 UAH
ZERO = Decimal("0.00")

EDRPOU_PATTERN = r"^\d{8}$"
edrpou_validator = RegexValidator(
    EDRPOU_PATTERN,
    message=_("An EDRPOU code is exactly 8 digits, for example 21100000."),
    code="invalid_edrpou",
)


def money_field(verbose_name, **kwargs):
    """Hryvnias and kopiykas: a DecimalField, never a float."""
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class IdentificationPlan(Versioned):
    """A community's action plan for identifying trafficking victims, for one or more years."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        DRAFTING = "drafting", _("drafting")
        SUBMITTED = "submitted", _("submitted to the council")
        ADOPTED = "adopted", _("adopted")
        EXPIRED = "expired", _("expired")

    # While a plan is a draft, the community's social workers may edit it.
    DRAFT_STATUSES = (Status.NOT_STARTED, Status.DRAFTING)

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="identification_plans",
        on_delete=models.PROTECT,
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=year_validators)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    notes = models.TextField(_("notes"), blank=True)
    decision_number = models.CharField(_("council decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    decision_body = models.CharField(
        _("body that took the decision"),
        max_length=200,
        blank=True,
        help_text=_("For example: the 12th session of the village council, 8th convocation."),
    )
    decision_document = models.FileField(
        _("decision document"), upload_to=random_upload_path, max_length=200, blank=True
    )
    decision_document_name = models.CharField(
        _("decision document file name"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identification plan")
        verbose_name_plural = _("identification plans")
        ordering = ["community", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "start_year"],
                name="communities_identificationplan_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="communities_identificationplan_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["not_started", "drafting", "submitted", "adopted", "expired"]
                ),
                name="communities_identificationplan_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted")
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="communities_identificationplan_adopted_has_decision",
            ),
        ]

    def __str__(self):
        return _("Identification plan %(period)s, %(community)s") % {
            "period": self.period,
            "community": self.community.name,
        }

    def get_absolute_url(self):
        return reverse("communities:plan_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_draft(self) -> bool:
        return self.status in self.DRAFT_STATUSES

    @property
    def is_expired(self) -> bool:
        """Marked expired, or its years are over: derived, nothing is stored."""
        return self.status == self.Status.EXPIRED or self.end_year < timezone.localdate().year

    @property
    def shown_status(self) -> str:
        """The status people see: "expired" once the plan's years are over."""
        return self.Status.EXPIRED if self.is_expired else self.status

    def get_shown_status_display(self) -> str:
        return self.Status(self.shown_status).label

    @classmethod
    def shown_status_expression(cls) -> Case:
        """shown_status in SQL, for filters and the oblast table."""
        return Case(
            When(end_year__lt=timezone.localdate().year, then=Value(cls.Status.EXPIRED)),
            default=F("status"),
            output_field=models.CharField(),
        )

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The last year cannot come before the first year.")
        if self.status == self.Status.ADOPTED:
            if not self.decision_number:
                errors["decision_number"] = _(
                    "An adopted plan needs the number of the council decision that adopted it."
                )
            if not self.decision_date:
                errors["decision_date"] = _(
                    "An adopted plan needs the date of the council decision that adopted it."
                )
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
        if self.community_id and self.start_year and self.end_year:
            overlapping = IdentificationPlan.objects.filter(
                community_id=self.community_id,
                start_year__lte=self.end_year,
                end_year__gte=self.start_year,
            ).exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                raise ValidationError(
                    _("This community already has a plan for %(period)s; periods may not overlap.")
                    % {"period": other.period}
                )


class PlanMeasureQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Measures whose deadline has passed while they are still planned or in progress.

        Overdue is derived here and never stored: "done" and "not done" are final.
        """
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today, status__in=PlanMeasure.OPEN_STATUSES)


class PlanMeasure(Versioned):
    """One measure of an identification plan."""

    class Category(models.TextChoices):
        IDENTIFICATION = "identification", _("identification")
        REFERRAL = "referral", _("referral")
        PREVENTION = "prevention", _("prevention")
        ASSISTANCE = "assistance", _("assistance")
        TRAINING = "training", _("training of specialists")
        COORDINATION = "coordination", _("coordination")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        NOT_DONE = "not_done", _("not done")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    plan = models.ForeignKey(
        IdentificationPlan,
        verbose_name=_("plan"),
        related_name="measures",
        on_delete=models.CASCADE,
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    description = models.TextField(_("description"))
    responsible = models.CharField(_("responsible body or position"), max_length=200)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = PlanMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan measure")
        verbose_name_plural = _("plan measures")
        ordering = ["plan", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    category__in=[
                        "identification",
                        "referral",
                        "prevention",
                        "assistance",
                        "training",
                        "coordination",
                    ]
                ),
                name="communities_planmeasure_category_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "done", "not_done"]),
                name="communities_planmeasure_status_known",
            ),
        ]
        indexes = [
            # The overdue-measures list: open measures by deadline.
            models.Index(fields=["status", "deadline"], name="communities_measure_due_idx"),
        ]

    def __str__(self):
        return self.description if len(self.description) <= 80 else self.description[:79] + "…"

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#measure-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.deadline < timezone.localdate()


class MeasureUpdate(AppendOnly):
    """One change of a measure's status: when, what, why, and the evidence."""

    measure = models.ForeignKey(
        PlanMeasure,
        verbose_name=_("measure"),
        related_name="updates",
        on_delete=models.PROTECT,  # a log outlives nothing it records
    )
    status = models.CharField(_("new status"), max_length=16, choices=PlanMeasure.Status.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=random_upload_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="measure_updates",
        # A log's author is never erased: people leave by being deactivated.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta(AppendOnly.Meta):
        verbose_name = _("measure status change")
        verbose_name_plural = _("measure status changes")
        ordering = ["measure", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence_url="") | ~Q(evidence_file=""),
                name="communities_measureupdate_done_has_evidence",
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.measure.get_absolute_url()

    def clean(self):
        errors = {}
        if self.status == PlanMeasure.Status.DONE and not (self.evidence_url or self.evidence_file):
            errors["evidence_url"] = _(
                "A measure marked done needs evidence: give a link or attach a file."
            )
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date of a change cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class LocalProgramme(Versioned):
    """A community's programme adopted by its council, into which anti-trafficking money goes."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("socio-economic development programme")
        SOCIAL = "social", _("targeted social programme")
        OTHER = "other", _("other programme")

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        related_name="programmes",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=year_validators)
    decision_number = models.CharField(_("approving decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("approving decision date"), null=True, blank=True)
    decision_body = models.CharField(_("body that approved it"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local programme")
        verbose_name_plural = _("local programmes")
        ordering = ["community", "-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="communities_localprogramme_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["development", "social", "other"]),
                name="communities_localprogramme_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.period})"

    def get_absolute_url(self):
        return reverse("communities:programme_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("The last year cannot come before the first year.")}
            )


class BudgetLine(Versioned):
    """Money a programme plans, and has spent, on one purpose in one year."""

    class Purpose(models.TextChoices):
        PREVENTION = "prevention", _("prevention")
        IDENTIFICATION = "identification", _("identification")
        ASSISTANCE = "assistance", _("assistance")
        CAMPAIGN = "campaign", _("information campaign")
        SOCIAL_CONTRACTING = "contracting", _("social contracting")

    programme = models.ForeignKey(
        LocalProgramme,
        verbose_name=_("programme"),
        related_name="budget_lines",
        on_delete=models.CASCADE,
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    planned = money_field(_("planned, UAH"))
    spent = money_field(_("spent, UAH"), default=ZERO)
    measure = models.ForeignKey(
        PlanMeasure,
        verbose_name=_("plan measure it funds"),
        related_name="budget_lines",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["programme", "year", "purpose", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(spent__gte=0),
                name="communities_budgetline_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    purpose__in=[
                        "prevention",
                        "identification",
                        "assistance",
                        "campaign",
                        "contracting",
                    ]
                ),
                name="communities_budgetline_purpose_known",
            ),
        ]
        indexes = [
            # The oblast table: money per community and year.
            models.Index(fields=["year", "programme"], name="communities_budget_year_idx"),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_purpose_display()}"

    def get_absolute_url(self):
        return self.programme.get_absolute_url()

    def clean(self):
        errors = {}
        programme = self.programme if self.programme_id else None
        if programme and self.year and not programme.start_year <= self.year <= programme.end_year:
            errors["year"] = _("The programme runs %(period)s; choose a year within it.") % {
                "period": programme.period
            }
        if (
            programme
            and self.measure_id
            and self.measure.plan.community_id != programme.community_id
        ):
            errors["measure"] = _("Choose a measure from this community's own plans.")
        if errors:
            raise ValidationError(errors)


class ServiceContract(Versioned):
    """Social contracting (соціальне замовлення): a service a community buys from a
    non-state provider."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        CONTRACTED = "contracted", _("contracted")
        DELIVERED = "delivered", _("delivered")
        TERMINATED = "terminated", _("terminated")

    # Statuses in which a contract has been signed and counts as money committed.
    SIGNED_STATUSES = (Status.CONTRACTED, Status.DELIVERED, Status.TERMINATED)

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community that pays"),
        related_name="service_contracts",
        on_delete=models.PROTECT,
    )
    service = models.CharField(_("service bought"), max_length=300)
    provider_name = models.CharField(_("provider"), max_length=300)
    provider_edrpou = models.CharField(
        _("provider's EDRPOU code"), max_length=8, validators=[edrpou_validator]
    )
    amount = money_field(_("amount, UAH"))
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    period_start = models.DateField(_("service from"))
    period_end = models.DateField(_("service until"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ANNOUNCED
    )
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["community", "-period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider_edrpou__regex=EDRPOU_PATTERN),
                name="communities_servicecontract_edrpou_format",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="communities_servicecontract_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="communities_servicecontract_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["announced", "contracted", "delivered", "terminated"]),
                name="communities_servicecontract_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="announced") | Q(contract_date__isnull=False),
                name="communities_servicecontract_signed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.service} — {self.provider_name}"

    def get_absolute_url(self):
        return reverse("communities:detail", args=[self.community_id]) + "#plans"

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The service cannot end before it starts.")
        if self.status != self.Status.ANNOUNCED and not self.contract_date:
            errors["contract_date"] = _("A signed contract needs its date.")
        if self.status == self.Status.ANNOUNCED and self.people_served:
            errors["people_served"] = _(
                "Nobody can have been served under a contract not yet signed."
            )
        if errors:
            raise ValidationError(errors)
