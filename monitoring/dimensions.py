"""The breakdowns of monitoring figures (sex, age group, form of exploitation, scope).

Their options come from Ukraine's official statistics on trafficking (docs/domain.md), so
they are code; which indicator uses which of them is data (`Indicator.by_*`). The expression
parser and the models both read this module, and it imports neither.
"""

from dataclasses import dataclass

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

INDICATOR_CODE_PATTERN = r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"
indicator_code_validator = RegexValidator(
    INDICATOR_CODE_PATTERN,
    message=_(
        "A code is capital Latin letters and digits, words joined by single underscores, "
        "for example STATUS_GRANTED."
    ),
    code="invalid_indicator_code",
)


class Sex(models.TextChoices):
    FEMALE = "female", _("women and girls")
    MALE = "male", _("men and boys")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("children (under 18)")
    ADULT = "adult", _("adults")


class Exploitation(models.TextChoices):
    LABOUR = "labour", _("labour exploitation")
    SEXUAL = "sexual", _("sexual exploitation")
    BEGGING = "begging", _("involvement in begging")
    MIXED = "mixed", _("mixed forms")
    SALE_OF_CHILDREN = "sale_of_children", _("sale of children")
    SURROGACY = "surrogacy", _("surrogacy")
    ORGAN_REMOVAL = "organ_removal", _("organ removal")
    ARMED_CONFLICT = "armed_conflict", _("use in armed conflict")
    CRIMINAL_ACTIVITY = "criminal_activity", _("involvement in criminal activity")
    OTHER = "other", _("other forms")


class Scope(models.TextChoices):
    INTERNAL = "internal", _("within Ukraine")
    TRANSNATIONAL = "transnational", _("across borders")


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    choices: type[models.TextChoices]
    flag: str  # the Indicator field that switches this breakdown on


DIMENSIONS = {
    "sex": Dimension("sex", _("by sex"), Sex, "by_sex"),
    "age": Dimension("age", _("by age group"), AgeGroup, "by_age_group"),
    "exploitation": Dimension(
        "exploitation", _("by form of exploitation"), Exploitation, "by_exploitation"
    ),
    "scope": Dimension("scope", _("internal or transnational"), Scope, "by_scope"),
}
DIMENSION_CHOICES = [("", _("total"))] + [(key, dim.label) for key, dim in DIMENSIONS.items()]
OPTION_CHOICES = [("", _("total"))] + [
    choice for dim in DIMENSIONS.values() for choice in dim.choices.choices
]


def option_label(dimension: str, option: str) -> str:
    """A breakdown option as people read it («men and boys»), never `sex=male`; an
    unknown option (retired from the code) shows its stored value."""
    found = DIMENSIONS.get(dimension)
    if found is None or option not in found.choices.values:
        return option
    return str(found.choices(option).label)
