"""The one chart module: a chart shows its figures as text, hides nothing the table hides,
and is not drawn when it has nothing to show."""

from decimal import Decimal

from django.utils import translation

from league.charts import Bar, Column, columns_svg, progress_bars_svg


def test_columns_write_each_figure_and_label_and_draw_a_bar_per_column():
    with translation.override("uk"):
        svg = columns_svg(
            [Column("I кв. 2026", 1200), Column("II кв. 2026", 0), Column("III кв. 2026", 7)],
            title="Виявлені особи",
        )

    assert svg.startswith("<svg") and "<title>Виявлені особи</title>" in svg
    assert svg.count('fill="#0d6efd"') == 3
    for text in ("I кв. 2026", "II кв. 2026", ">1\xa0200<", ">7<"):
        assert text in svg


def test_a_hidden_figure_has_its_marker_and_no_bar():
    svg = columns_svg([Column("I кв.", 12), Column("II кв.", "<5")], title="t")

    assert "&lt;5" in svg
    heights = [part.split('"')[0] for part in svg.split('height="')[2:]]
    assert heights[-1] == "0.0"  # the hidden quarter: no bar


def test_nothing_to_show_draws_nothing():
    assert columns_svg([], title="t") == ""
    assert columns_svg([Column("I кв.", 0), Column("II кв.", "<5")], title="t") == ""


def test_many_columns_label_every_nth_and_keep_each_figure_in_its_tooltip():
    columns = [Column(f"q{index}", Decimal(index) + Decimal("0.5")) for index in range(40)]

    with translation.override("uk"):
        svg = columns_svg(columns, title="t", money=True)

    assert svg.count("<rect") == 40
    assert "<title>q39: 39,50</title>" in svg
    assert ">q0<" in svg and ">q5<" in svg and ">q1<" not in svg  # every fifth of forty


def test_progress_bars_write_value_of_total():
    svg = progress_bars_svg([Bar("Круглі столи", 2, 4), Bar("Громади", 3.0, 0)], title="t")

    assert "2 / 4" in svg and "3 / 0" in svg
    assert progress_bars_svg([], title="t") == ""
