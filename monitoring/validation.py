"""Checking a report's figures: the validation rules and the jumps against earlier quarters."""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import ngettext

from monitoring.expressions import COMPARISONS, ExpressionError, evaluate, parse, references
from monitoring.models import Indicator, ValidationRule

logger = logging.getLogger(__name__)

Cell = tuple[str, str, str]  # (indicator code, dimension, option)


@dataclass(frozen=True)
class CompiledRule:
    rule: ValidationRule
    left: object
    right: object
    codes: frozenset[str]


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    message: str
    codes: frozenset[str]  # the indicators it concerns, to show it beside them


@dataclass
class CheckResult:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def needs_explanation(self) -> bool:
        return bool(self.warnings)

    def by_code(self) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for finding in self.errors + self.warnings:
            for code in finding.codes:
                found.setdefault(code, []).append(finding)
        return found


def compile_rules(rules, indicators: dict[str, Indicator]) -> list[CompiledRule]:
    """Parse each active rule once. A rule that no longer parses (say an indicator it
    reads was retired) is skipped and logged: the admin shows the problem when edited."""
    compiled = []
    for rule in rules:
        try:
            left, right = parse(rule.left, indicators), parse(rule.right, indicators)
        except ExpressionError as error:
            logger.warning("Validation rule %s skipped: %s", rule.code, error.message)
            continue
        codes = frozenset(ref.code for ref in references(left) + references(right))
        compiled.append(CompiledRule(rule, left, right, codes))
    return compiled


def _show(amount: Decimal) -> str:
    places = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, places, use_l10n=True, force_grouping=True)


def check_rules(compiled: list[CompiledRule], values: dict[Cell, Decimal]) -> CheckResult:
    result = CheckResult()
    for item in compiled:
        left, right = evaluate(item.left, values), evaluate(item.right, values)
        if COMPARISONS[item.rule.operator](left, right):
            continue
        message = item.rule.message.replace("{left}", _show(left)).replace("{right}", _show(right))
        finding = Finding(item.rule.severity, message, item.codes)
        if item.rule.severity == ValidationRule.Severity.ERROR:
            result.errors.append(finding)
        else:
            result.warnings.append(finding)
    return result


def check_jumps(
    indicators: list[Indicator],
    values: dict[Cell, Decimal],
    earlier: dict[str, list[Decimal]],
) -> list[Finding]:
    """Totals far from the community's average of earlier quarters.

    `earlier` maps an indicator code to its totals in the earlier quarters that have a
    report. A blank total is skipped: on a new report it is not yet a figure, and the
    rules already count a missing figure as 0. Both sides are taken as at least 1, so
    0 -> 2 is no jump but 0 -> 4 is with the default factor 3.
    """
    factor = Decimal(settings.MONITORING_JUMP_FACTOR)
    findings = []
    for indicator in indicators:
        history = earlier.get(indicator.code)
        if indicator.is_text or not history:
            continue
        current = values.get((indicator.code, "", ""))
        if current is None:  # left blank: not (yet) a figure, so no jump to 0
            continue
        average = sum(history, Decimal(0)) / len(history)
        high, low = max(current, Decimal(1)), max(average, Decimal(1))
        if high > factor * low or low > factor * high:
            findings.append(
                Finding(
                    "warning",
                    ngettext(
                        "%(value)s is far from this community's average of %(average)s "
                        "over the last %(count)s quarter: please explain.",
                        "%(value)s is far from this community's average of %(average)s "
                        "over the last %(count)s quarters: please explain.",
                        len(history),
                    )
                    % {
                        "value": _show(current),
                        "average": _show(average.quantize(Decimal("0.01"))),
                        "count": len(history),
                    },
                    frozenset({indicator.code}),
                )
            )
    return findings


def check_report(
    *,
    compiled: list[CompiledRule],
    indicators: list[Indicator],
    values: dict[Cell, Decimal],
    earlier: dict[str, list[Decimal]],
) -> CheckResult:
    result = check_rules(compiled, values)
    result.warnings.extend(check_jumps(indicators, values, earlier))
    return result
