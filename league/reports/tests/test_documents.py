"""Report PDFs: headings, names and figures in the text; fonts embedded; languages agree."""

import re

import pytest

from league.reports.documents import MONITORING, PROFILE, PROGRESS, Stamp, render_document
from league.reports.tests.conftest import YEAR, make_release
from league.tests.pdf_checks import pdf_font_names, pdf_reader, pdf_text

STAMP = Stamp("2025-Q2-001", "https://portal.example/verify/?number=2025-Q2-001")


def monitoring_params(data):
    return {
        "oblast": data["oblast"].pk,
        "first": [YEAR, 1],
        "last": [YEAR, 2],
        "narrative": "Громади звітують вчасно.",
    }


def test_monitoring_pdf_holds_headings_names_figures_and_the_register_number(small_oblast):
    make_release(small_oblast["oblast"])  # a monitoring report shows what it published
    pdf = render_document(
        kind=MONITORING, params=monitoring_params(small_oblast), protect=True, stamp=STAMP
    )

    text = pdf_text(pdf)
    assert "Звіт про моніторинг: Сумська область" in text
    assert "I півріччя 2025" in text
    assert "Виявлені особи за районами та громадами" in text
    for name in ("Бурин", "Знам'янка", "Згорани", "Конотопський район"):
        assert name in text
    assert "<5" in text
    assert "Громади звітують вчасно." in text
    reader = pdf_reader(pdf)
    assert round(float(reader.pages[0].mediabox.width)) == 595
    for page in reader.pages:
        page_text = page.extract_text()
        assert "2025-Q2-001" in page_text
        assert re.search(r"Сторінка \d+ з \d+", page_text)
    fonts = pdf_font_names(pdf)
    assert any("DejaVu" in name for name in fonts)
    assert all(fonts.values()), fonts


def numbers(text: str) -> list[str]:
    """The figures of the tables, in order, whatever the language around them."""
    body = text.split("\n", 3)[-1]
    return re.findall(r"(?<![\w.-])(?:<5|×|\d[\d\xa0\u202f,]*)(?![\w-])", body)


def test_english_carries_the_same_numbers_as_ukrainian(small_oblast):
    make_release(small_oblast["oblast"])
    params = monitoring_params(small_oblast)
    ukrainian = pdf_text(render_document(kind=MONITORING, params=params, language="uk"))
    english = pdf_text(render_document(kind=MONITORING, params=params, language="en"))

    assert "Monitoring report: Sumska oblast" in english
    assert "Znamianka" in english and "Zghorany" in english
    assert "Знам'янка" not in english

    # From the table's heading to the end of its total row (the chart's own figures, drawn
    # after the text on its page, stay out).
    def table(text, start, end):
        first = text.index(start)
        last = text.index("\n", text.index(end, first))
        return text[first:last]

    assert numbers(
        table(ukrainian, "Виявлені особи за районами", "Сумська область, разом")
    ) == numbers(table(english, "People identified, by raion", "Sumska oblast, total"))


@pytest.mark.parametrize("kind", [PROGRESS, PROFILE])
def test_progress_and_profile_pdfs_render_with_names(small_oblast, kind):
    params = (
        {"oblast": small_oblast["oblast"].pk}
        if kind == PROGRESS
        else {"community": small_oblast["a"].pk}
    )

    text = pdf_text(render_document(kind=kind, params=params, stamp=STAMP))

    assert "Бурин" in text
    assert "2025-Q2-001" in text
    heading = "Звіт про хід проєкту" if kind == PROGRESS else "Профіль громади"
    assert heading in text


def test_numbers_helper_finds_the_table_figures():
    assert numbers("a\nb\nc\nБурин 12 7 19\nРайон <5 × 0") == ["12", "7", "19", "<5", "×", "0"]


def test_the_pdf_rows_carry_the_context_figures(small_oblast):
    text = pdf_text(
        render_document(kind=MONITORING, params=monitoring_params(small_oblast), protect=False)
    )

    lines = text.splitlines()
    assert "Бурин 12 7 19" in lines
    assert "Конотопський район 15 7 22" in lines
    assert "Сумська область, разом 24 7 31" in lines
