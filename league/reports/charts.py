"""Bars drawn on the server as SVG, with each bar's figure written above it, so the
numbers are in the text of the page or PDF and not only in the picture."""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 12, 12, 22, 30


def _text(value) -> str:
    if isinstance(value, int):
        return number_format(value, 0, use_l10n=True, force_grouping=True)
    return str(value)


def bars_svg(points: list[tuple[str, object]], *, title: str) -> SafeString:
    """One bar per (label, figure as shown). A hidden figure («<5», «×») has no bar,
    only its label, so the drawing reveals no more than the table."""
    if not points:
        return mark_safe("")
    numbers = [value for _label, value in points if isinstance(value, int)]
    top = max(numbers, default=0) or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / len(points)
    bars, texts = [], []
    for index, (label, value) in enumerate(points):
        x = LEFT + index * step
        height = plot_height * value / top if isinstance(value, int) else 0
        y = TOP + plot_height - height
        bars.append((f"{x + step * 0.2:.1f}", f"{y:.1f}", f"{step * 0.6:.1f}", f"{height:.1f}"))
        middle = f"{x + step / 2:.1f}"
        texts.append((middle, f"{y - 4:.1f}", _text(value)))
        texts.append((middle, f"{HEIGHT - 10}", label))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'class="trend-chart" aria-label="{title}" font-family="DejaVu Sans, sans-serif" '
        'font-size="11"><title>{title}</title>'
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#6c757d"/>'
        "{bars}{texts}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        left=LEFT,
        right=WIDTH - RIGHT,
        base=TOP + plot_height,
        bars=format_html_join(
            "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d6efd"/>', bars
        ),
        texts=format_html_join("", '<text x="{}" y="{}" text-anchor="middle">{}</text>', texts),
    )
