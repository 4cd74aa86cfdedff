"""The portal's one chart module: charts drawn on the server as SVG, the same markup on a
page and in a PDF. Every figure a bar stands for is also written as text (in the SVG and,
on the pages and in the PDFs, beside it), and a chart with nothing to show is not drawn:
an empty box tells a reader nothing (the figures stay in the text beside it)."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

ROW_HEIGHT = 26
LABEL_WIDTH = 180
BAR_WIDTH = 360
WIDTH = LABEL_WIDTH + BAR_WIDTH + 120

COLUMNS_WIDTH, COLUMNS_HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 20, 28
# Past this many columns the figures move into each column's tooltip and only every
# n-th column is labelled, so the text never runs into its neighbour.
MAX_LABELLED = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    total: int | float  # the whole the bar is drawn against (a target or a count)


@dataclass(frozen=True)
class Column:
    label: str
    figure: object  # a number, or the marker of a hidden figure («<5», «×»): no bar


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
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return str(number)


def _is_number(figure) -> bool:
    return isinstance(figure, int | float | Decimal) and not isinstance(figure, bool)


def _shown(figure, money: bool) -> str:
    if not _is_number(figure):
        return str(figure)
    return number_format(figure, 2 if money else 0, use_l10n=True, force_grouping=True)


def _nice_ceiling(value) -> Decimal:
    """The axis top: 1, 2 or 5 times a power of ten, at least the largest figure."""
    value = Decimal(value)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def columns_svg(columns: list[Column], *, title: str, money: bool = False) -> SafeString:
    """Vertical bars, one per column, each with its figure written above it and its label
    below. A hidden figure has no bar, only its marker, so the drawing reveals no more
    than the table. Nothing to draw (no column above zero): an empty string."""
    if not any(_is_number(column.figure) and column.figure > 0 for column in columns):
        return mark_safe("")
    top = _nice_ceiling(max(column.figure for column in columns if _is_number(column.figure)))
    plot_width = COLUMNS_WIDTH - LEFT - RIGHT
    plot_height = COLUMNS_HEIGHT - TOP - BOTTOM
    base = TOP + plot_height
    step = plot_width / len(columns)
    every = math.ceil(len(columns) / MAX_LABELLED)
    bars, texts = [], []
    for index, column in enumerate(columns):
        x = LEFT + index * step
        middle = f"{x + step / 2:.1f}"
        shown = _shown(column.figure, money)
        height = 0.0
        if _is_number(column.figure):
            height = float(Decimal(column.figure) / top) * plot_height
        bars.append(
            (
                f"{x + step * 0.15:.1f}",
                f"{base - height:.1f}",
                f"{step * 0.7:.1f}",
                f"{height:.1f}",
                f"{column.label}: {shown}",
            )
        )
        if every == 1:
            texts.append((middle, f"{base - height - 4:.1f}", shown))
        if index % every == 0:
            texts.append((middle, f"{COLUMNS_HEIGHT - 10}", column.label))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'class="trend-chart" aria-label="{title}" font-family="DejaVu Sans, sans-serif" '
        'font-size="11"><title>{title}</title>'
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#6c757d"/>'
        '<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#6c757d"/>'
        '<text x="{axis}" y="{top_text}" text-anchor="end">{top_label}</text>'
        '<text x="{axis}" y="{base}" text-anchor="end">0</text>'
        "{bars}{texts}</svg>",
        w=COLUMNS_WIDTH,
        h=COLUMNS_HEIGHT,
        title=title,
        left=LEFT,
        right=COLUMNS_WIDTH - RIGHT,
        top=TOP,
        base=base,
        axis=LEFT - 4,
        top_text=TOP + 8,
        top_label=_shown(top, False),
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d6efd"><title>{}</title></rect>',
            bars,
        ),
        texts=format_html_join("", '<text x="{}" y="{}" text-anchor="middle">{}</text>', texts),
    )


def quarter_columns(
    points: list[tuple[tuple[int, int], object]], *, label: Callable[[tuple[int, int]], str]
) -> list[Column]:
    """One column per quarter from the first quarter of `points` to the last, a quarter
    without a figure at zero; `label` names a (year, quarter)."""
    if not points:
        return []
    figures = dict(points)
    (year, quarter), last = points[0][0], points[-1][0]
    columns = []
    while (year, quarter) <= last:
        figure = figures.get((year, quarter))
        columns.append(Column(label((year, quarter)), 0 if figure is None else figure))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return columns
