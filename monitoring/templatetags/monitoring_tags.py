from decimal import Decimal

from django import template
from django.utils import formats

from league.templatetags.league_tags import money

register = template.Library()


@register.filter
def figure(value, indicator=None) -> str:
    """A figure as people read it: whole counts without decimals, money in UAH."""
    if value is None or value == "":
        return "—"
    if indicator is not None and getattr(indicator, "is_money", False):
        return money(value)
    return formats.number_format(Decimal(value), 0, use_l10n=True, force_grouping=True)


@register.filter
def lookup(mapping, key):
    """{{ totals|lookup:key }}: a dictionary entry in a template."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{formats.number_format(value, 1, use_l10n=True)} %"
