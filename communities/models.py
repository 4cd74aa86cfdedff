"""The territory: oblasts, raions, territorial communities and the people we work with there."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.plans.models import (  # noqa: F401  (Django registers an app's models from here)
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league.collation import UKRAINIAN
from league.domain import Versioned
from league.models import ContactDetails
from league.translit import place_name

KATOTTG_PATTERN = r"^UA\d{17}$"
katottg_validator = RegexValidator(
    KATOTTG_PATTERN,
    message=_("A KATOTTG code is UA followed by 17 digits, for example UA59080270000073662."),
    code="invalid_katottg",
)


class Oblast(models.Model):
    name = models.CharField(_("name"), max_length=100, db_collation=UKRAINIAN)
    katottg = models.CharField(
        _("KATOTTG code"), max_length=19, unique=True, validators=[katottg_validator]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(katottg__regex=KATOTTG_PATTERN),
                name="communities_oblast_katottg_format",
            ),
        ]

    def __str__(self):
        return place_name(self.name)


class Raion(models.Model):
    """A raion as it stands since the 2020 reform."""

    oblast = models.ForeignKey(
        Oblast, verbose_name=_("oblast"), related_name="raions", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100, db_collation=UKRAINIAN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("raion")
        verbose_name_plural = _("raions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["oblast", "name"], name="communities_raion_unique_name_in_oblast"
            ),
        ]

    def __str__(self):
        return place_name(self.name)


class Community(models.Model):
    """A territorial community (громада). Its KATOTTG code, not its name, identifies it."""

    class Type(models.TextChoices):
        URBAN = "urban", _("urban")
        SETTLEMENT = "settlement", _("settlement")
        RURAL = "rural", _("rural")

    katottg = models.CharField(
        _("KATOTTG code"), max_length=19, unique=True, validators=[katottg_validator]
    )
    name = models.CharField(_("name"), max_length=100, db_collation=UKRAINIAN)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    raion = models.ForeignKey(
        Raion, verbose_name=_("raion"), related_name="communities", on_delete=models.PROTECT
    )
    centre = models.CharField(_("administrative centre"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population counted in"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territorial community")
        verbose_name_plural = _("territorial communities")
        ordering = ["name", "katottg"]
        constraints = [
            models.CheckConstraint(
                condition=Q(katottg__regex=KATOTTG_PATTERN),
                name="communities_community_katottg_format",
            ),
            models.CheckConstraint(
                condition=Q(type__in=["urban", "settlement", "rural"]),
                name="communities_community_type_known",
            ),
        ]

    def __str__(self):
        return f"{place_name(self.name)} {self.get_type_display()}"

    def get_absolute_url(self):
        return reverse("communities:detail", args=[self.pk])


class FormerRaion(models.Model):
    """A raion of 2016, before the reform: the round tables were organised by them."""

    oblast = models.ForeignKey(
        Oblast, verbose_name=_("oblast"), related_name="former_raions", on_delete=models.PROTECT
    )
    koatuu = models.CharField(_("KOATUU code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=UKRAINIAN)
    centre = models.CharField(_("centre"), max_length=100)
    present_raion = models.ForeignKey(
        Raion,
        verbose_name=_("present raion"),
        related_name="former_raions",
        on_delete=models.PROTECT,
    )
    communities = models.ManyToManyField(
        Community,
        verbose_name=_("present communities on its territory"),
        related_name="former_raions",
    )
    history = HistoricalRecords(m2m_fields=[communities])

    class Meta:
        verbose_name = _("former raion (2016)")
        verbose_name_plural = _("former raions (2016)")
        ordering = ["name"]

    def __str__(self):
        return place_name(self.name)


class ContactPerson(ContactDetails, Versioned):
    """A head or specialist of a community. Contacts are kept only with their consent."""

    class Category(models.TextChoices):
        HEAD = "head", _("community head")
        DEPUTY_HEAD = "deputy_head", _("deputy head")
        SOCIAL_SPECIALIST = "social_specialist", _("social-work specialist")
        OTHER = "other", _("other")

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        related_name="contacts",
        on_delete=models.CASCADE,
    )
    full_name = models.CharField(_("full name"), max_length=200, db_collation=UKRAINIAN)
    position = models.CharField(_("position"), max_length=200)
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    history = HistoricalRecords()

    class Meta(ContactDetails.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["community", "category", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.position})"
