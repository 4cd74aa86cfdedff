"""Bar charts drawn on the server as SVG. Every number a bar stands for is also written
as text in the SVG (and the pages print the same numbers in a table beside it)."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

ROW_HEIGHT = 26
LABEL_WIDTH = 180
BAR_WIDTH = 360
WIDTH = LABEL_WIDTH + BAR_WIDTH + 120


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    total: int | float  # the whole the bar is drawn against (a target or a count)


def progress_bars_svg(bars: list[Bar], *, title: str) -> SafeString:
    """Horizontal bars, one per row, each `value` of `total`, with "value / total" as text.
    Costs no query."""
    if not bars:
        return mark_safe("")
    height = ROW_HEIGHT * len(bars) + 8
    rows = []
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        share = min(float(bar.value) / float(bar.total), 1.0) if bar.total else 0.0
        rows.append(
            (
                LABEL_WIDTH - 6,
                y + 16,
                bar.label,
                LABEL_WIDTH,
                y + 4,
                BAR_WIDTH,
                LABEL_WIDTH,
                y + 4,
                f"{BAR_WIDTH * share:.1f}",
                LABEL_WIDTH + BAR_WIDTH + 6,
                y + 16,
                f"{_plain(bar.value)} / {_plain(bar.total)}",
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'class="progress-chart w-100" aria-label="{title}" font-family="DejaVu Sans, sans-serif" '
        'font-size="12"><title>{title}</title>{rows}</svg>',
        w=WIDTH,
        h=height,
        title=title,
        rows=format_html_join(
            "",
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="16" fill="#e9ecef"/>'
            '<rect x="{}" y="{}" width="{}" height="16" fill="#0d6efd"/>'
            '<text x="{}" y="{}">{}</text>',
            rows,
        ),
    )


def _plain(number) -> str:
    """As every figure on a page: grouped, with the language's decimal mark («99,8»)."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return number_format(number, force_grouping=True)
