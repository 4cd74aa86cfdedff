from django import template

register = template.Library()

# Status value -> Bootstrap background class for its badge.
BADGES = {
    "planned": "text-bg-info",
    "held": "text-bg-success",
    "postponed": "text-bg-warning",
    "cancelled": "text-bg-secondary",
    "invited": "text-bg-light",
    "confirmed": "text-bg-info",
    "attended": "text-bg-success",
    "absent": "text-bg-secondary",
    "open": "text-bg-primary",
    "in_progress": "text-bg-info",
    "done": "text-bg-success",
    "dropped": "text-bg-secondary",
}


@register.filter
def badge(status: str) -> str:
    """{{ round_table.status|badge }}: the badge class for a status value."""
    return BADGES.get(status, "text-bg-light")


@register.filter
def percent(part, whole) -> int:
    """Whole-number percentage, 0 when the whole is 0 (for progress bars)."""
    return round(100 * part / whole) if whole else 0
