from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from league.templatetags.league_tags import money
from monitoring.dimensions import option_label
from monitoring.models import quarter_label

register = template.Library()

# A report's (or a completeness cell's) status as a badge: its colour and its words.
BADGES = {
    "approved": ("text-bg-success", _("approved")),
    "submitted": ("text-bg-primary", _("submitted")),
    "returned": ("text-bg-warning", _("returned")),
    "draft": ("text-bg-secondary", _("draft")),
    "late": ("text-bg-danger", _("late")),
}
NOT_STARTED = ("text-bg-light border", _("not started"))


@register.filter
def status_badge(status) -> str:
    """{{ report.status|status_badge }}. A filter, not an included template: the
    completeness matrix draws hundreds of them."""
    css, words = BADGES.get(status, NOT_STARTED)
    return format_html('<span class="badge {}">{}</span>', css, words)


@register.filter
def figure(value, indicator=None) -> str:
    """A figure as people read it: whole counts without decimals, money in UAH."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value  # the answer of a text indicator
    if indicator is not None and getattr(indicator, "is_money", False):
        return money(number)
    return formats.number_format(number, 0, use_l10n=True, force_grouping=True)


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


@register.filter
def quarter(number, year=None) -> str:
    """{{ 1|quarter }} -> «I кв.»; {{ 1|quarter:2026 }} -> «I кв. 2026»."""
    return quarter_label(int(number), int(year) if year else None)


@register.filter
def breakdown(cell) -> str:
    """The breakdown of a figure as people read it: «men and boys», or "" for a total.

    Takes a (dimension, option) pair or anything with `dimension` and `option`."""
    dimension, option = cell if isinstance(cell, tuple) else (cell.dimension, cell.option)
    return option_label(dimension, option) if dimension else ""


@register.filter
def cell_label(cell, indicators) -> str:
    """A (code, dimension, option) cell as «Indicator name: men and boys»; `indicators`
    maps codes to indicators."""
    code, dimension, option = cell
    indicator = indicators.get(code)
    name = indicator.name if indicator is not None else code
    return f"{name}: {option_label(dimension, option)}" if dimension else name
