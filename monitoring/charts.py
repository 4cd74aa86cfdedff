"""A trend chart drawn on the server as SVG: the same markup serves a page or a PDF."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from monitoring.models import quarter_label

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 28


def _nice_ceiling(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def trend_svg(points: list[tuple[tuple[int, int], Decimal]], *, money: bool = False) -> SafeString:
    """Bars of a total per quarter, from the first quarter with data to the last."""
    if not points:
        return mark_safe("")
    first, last = points[0][0], points[-1][0]
    quarters = []
    year, quarter = first
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    totals = {key: total or Decimal(0) for key, total in points}
    top = _nice_ceiling(max(totals.values(), default=Decimal(0)))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / len(quarters)
    bars, labels = [], []
    for index, key in enumerate(quarters):
        total = totals.get(key, Decimal(0))
        height = float(total / top) * plot_height
        x = LEFT + index * step
        shown = number_format(total, 2 if money else 0, use_l10n=True, force_grouping=True)
        bars.append(
            (
                f"{x + step * 0.15:.1f}",
                f"{TOP + plot_height - height:.1f}",
                f"{step * 0.7:.1f}",
                f"{height:.1f}",
                f"{quarter_label(key[1], key[0])}: {shown}",
            )
        )
        if key[1] == 1 or len(quarters) <= 8:
            label = str(key[0]) if len(quarters) > 8 else quarter_label(key[1], key[0])
            labels.append((f"{x + 1:.1f}", f"{HEIGHT - 8}", label))
    top_label = number_format(top, 0, use_l10n=True, force_grouping=True)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'class="trend-chart" aria-label="{title}" font-family="DejaVu Sans, sans-serif" '
        'font-size="11"><title>{title}</title>'
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#6c757d"/>'
        '<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#6c757d"/>'
        '<text x="{label_x}" y="{top_text}" text-anchor="end">{top_label}</text>'
        '<text x="{label_x}" y="{base}" text-anchor="end">0</text>'
        "{bars}{labels}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=_("Approved totals by quarter"),
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        base=TOP + plot_height,
        label_x=LEFT - 4,
        top_text=TOP + 8,
        top_label=top_label,
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d6efd"><title>{}</title></rect>',
            bars,
        ),
        labels=format_html_join("", '<text x="{}" y="{}">{}</text>', labels),
    )
