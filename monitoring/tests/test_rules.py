"""Each default validation rule, both ways, and the jump check."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from monitoring.catalogue import DEFAULT_RULES
from monitoring.models import ValidationRule
from monitoring.selectors import compiled_rules
from monitoring.validation import check_jumps, check_rules


def cells(**figures):
    """IDENTIFIED=3, IDENTIFIED__sex__female=2 -> {(code, dimension, option): Decimal}."""
    found = {}
    for name, value in figures.items():
        code, _sep, rest = name.partition("__")
        dimension, _sep, option = rest.partition("__")
        found[(code, dimension, option)] = Decimal(value)
    return found


FULL_BREAKDOWN = {
    "IDENTIFIED": 3,
    "IDENTIFIED__sex__female": 1,
    "IDENTIFIED__sex__male": 2,
    "IDENTIFIED__age__adult": 3,
    "IDENTIFIED__exploitation__labour": 3,
}

# rule code -> (figures that pass, figures that fail)
CASES = {
    "GRANTED_LE_APPLIED": (
        {"STATUS_APPLIED": 2, "STATUS_GRANTED": 2},
        {"STATUS_APPLIED": 1, "STATUS_GRANTED": 2},
    ),
    "DECIDED_LE_APPLIED": (
        {"STATUS_APPLIED": 3, "STATUS_GRANTED": 2, "STATUS_REFUSED": 1},
        {"STATUS_APPLIED": 2, "STATUS_GRANTED": 2, "STATUS_REFUSED": 1},
    ),
    "IDENTIFIED_BY_SEX": (
        FULL_BREAKDOWN,
        {**FULL_BREAKDOWN, "IDENTIFIED__sex__male": 1},
    ),
    "IDENTIFIED_BY_AGE": (
        FULL_BREAKDOWN,
        {**FULL_BREAKDOWN, "IDENTIFIED__age__child": 1},
    ),
    "IDENTIFIED_BY_FORM": (
        FULL_BREAKDOWN,
        {**FULL_BREAKDOWN, "IDENTIFIED__exploitation__labour": 2},
    ),
    "REACHED_GE_EVENTS": (
        {"PREVENTION_EVENTS": 2, "PREVENTION_REACHED": 40},
        {"PREVENTION_EVENTS": 2, "PREVENTION_REACHED": 1},
    ),
    "SPENT_LE_PLANNED": (
        {"BUDGET_PLANNED": "10000.00", "BUDGET_SPENT": "9999.99"},
        {"BUDGET_PLANNED": "10000.00", "BUDGET_SPENT": "10000.01"},
    ),
}


def test_every_default_rule_has_cases():
    assert set(CASES) == {rule[0] for rule in DEFAULT_RULES}


def _findings(catalogue, figures):
    result = check_rules(compiled_rules(list(catalogue.values())), cells(**figures))
    return result.errors + result.warnings, result


@pytest.mark.parametrize("code", sorted(CASES))
def test_default_rule_passes_good_figures(catalogue, code):
    rule = ValidationRule.objects.get(code=code)
    findings, _result = _findings(catalogue, CASES[code][0])
    prefix = rule.message_uk.split("(")[0]
    assert [finding for finding in findings if finding.message.startswith(prefix)] == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_default_rule_flags_bad_figures_with_its_severity_and_message(catalogue, code):
    rule = ValidationRule.objects.get(code=code)
    _findings_list, result = _findings(catalogue, CASES[code][1])
    bucket = result.errors if rule.severity == "error" else result.warnings
    prefix = rule.message_uk.split("(")[0]
    assert [finding for finding in bucket if finding.message.startswith(prefix)]


def test_all_zero_report_passes_every_rule(catalogue):
    findings, _result = _findings(catalogue, {})
    assert findings == []


def test_message_shows_both_sides_in_ukrainian(catalogue):
    _findings_list, result = _findings(catalogue, {"STATUS_APPLIED": 1, "STATUS_GRANTED": 2})
    assert result.errors[0].message == (
        "Статус встановлено (2) більшій кількості осіб, ніж подали заяви (1)."
    )
    assert result.errors[0].codes == {"STATUS_GRANTED", "STATUS_APPLIED"}


def test_inactive_rule_is_not_checked(catalogue):
    ValidationRule.objects.filter(code="GRANTED_LE_APPLIED").update(active=False)
    _findings_list, result = _findings(catalogue, {"STATUS_APPLIED": 1, "STATUS_GRANTED": 2})
    assert result.errors == []


def test_rule_with_bad_expression_is_refused_in_clean(catalogue):
    rule = ValidationRule(
        code="BAD",
        left="__import__('os')",
        operator="<=",
        right="NO_SUCH",
        severity="error",
        message_uk="x",
        message_en="x",
    )
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert set(raised.value.message_dict) == {"left", "right"}


def test_jump_against_earlier_quarters(catalogue, settings):
    settings.MONITORING_JUMP_FACTOR = 3
    identified = [catalogue["IDENTIFIED"], catalogue["NARRATIVE"]]
    earlier = {"IDENTIFIED": [Decimal(0), Decimal(1), Decimal(0), Decimal(1)]}
    assert check_jumps(identified, cells(IDENTIFIED=3), earlier) == []
    jumps = check_jumps(identified, cells(IDENTIFIED=4), earlier)
    assert len(jumps) == 1 and jumps[0].codes == {"IDENTIFIED"}
    assert check_jumps(identified, cells(IDENTIFIED=0), {"IDENTIFIED": [Decimal(12)]})
    assert check_jumps(identified, cells(IDENTIFIED=40), {}) == []  # nothing to compare with


@pytest.mark.parametrize(
    ("quarters", "ukrainian", "english"),
    [
        (1, "за 1 останній квартал", "over the last 1 quarter:"),
        (3, "за 3 останні квартали", "over the last 3 quarters:"),
        (5, "за 5 останніх кварталів", "over the last 5 quarters:"),
        (21, "за 21 останній квартал", "over the last 21 quarters:"),
    ],
)
def test_the_jump_warning_counts_quarters_in_words_that_agree(
    catalogue, settings, quarters, ukrainian, english
):
    settings.MONITORING_JUMP_FACTOR = 3
    identified = [catalogue["IDENTIFIED"]]
    earlier = {"IDENTIFIED": [Decimal(1)] * quarters}
    with translation.override("uk"):
        [warning] = check_jumps(identified, cells(IDENTIFIED=40), earlier)
    assert ukrainian in warning.message
    assert warning.message.startswith("40 значно відрізняється")
    with translation.override("en"):
        [warning] = check_jumps(identified, cells(IDENTIFIED=40), earlier)
    assert english in warning.message
