from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from league import access
from league.translit import place_name

register = template.Library()


@register.filter
def place(name: str) -> str:
    """A community's, raion's or oblast's name in the page's language (league.translit)."""
    return place_name(name)


@register.filter
def money(value) -> str:
    """Hryvnias in the active language's format: «1 234 567,50 грн» in Ukrainian."""
    if value is None or value == "":
        return "—"
    amount = formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return _("%(amount)s UAH") % {"amount": amount}


@register.simple_tag(takes_context=True)
def can(context, capability: str) -> bool:
    """{% can "communities.edit" as allowed %}: ask the permission policy in a template."""
    return access.has_perm(context["request"].user, capability)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL's query with another page number, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def shown(value, is_money=False) -> str:
    """A figure of a report as published: a number grouped in the active language, money
    in hryvnias, a percentage with one decimal, or the label of a hidden count."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if is_money:
        return money(value)
    if isinstance(value, float):
        return formats.number_format(value, 1, use_l10n=True)
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


@register.filter
def at_most(value, limit):
    """A `<progress>` value never above its maximum: 120 % of a target shows a full bar."""
    if value is None or limit is None or limit == "":
        return value
    return min(value, limit)
