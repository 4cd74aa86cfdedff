"""Every kind of report PDF, in both languages, is tagged and archival (PDF/A-3a with its
title, author, creator, language and XMP metadata), reads in order, prints no word over
another, keeps short tables whole under their heading, and draws a chart only when it has
something to show."""

from types import SimpleNamespace

import pytest

from league.reports.documents import (
    MONITORING,
    PROFILE,
    PROGRESS,
    Stamp,
    build_context,
    render_document,
    trend_chart,
)
from league.reports.tests.conftest import YEAR, make_release
from league.tests.pdf_checks import (
    assert_archival,
    assert_in_reading_order,
    overlapping_words,
    page_texts,
)

STAMP = Stamp("2025-Q2-001", "https://portal.example/verify/?number=2025-Q2-001")

TITLES = {
    (MONITORING, "uk"): "Звіт про моніторинг: Сумська область",
    (MONITORING, "en"): "Monitoring report: Sumska oblast",
    (PROGRESS, "uk"): "Звіт про хід проєкту: Сумська область",
    (PROGRESS, "en"): "Project progress report: Sumska oblast",
    (PROFILE, "uk"): "Профіль громади: Бурин",
    (PROFILE, "en"): "Community profile: Buryn",
}

# What a reader meets, in this order: the heading, then each section in turn.
READING_ORDER = {
    (MONITORING, "uk"): [
        "Звіт про моніторинг",
        "Період",
        "Підсумки по області за кварталами",
        "Виявлені особи в області за кварталами",
        "Виявлені особи за районами та громадами",
        "Бурин",
        "Конотопський район",
        "Виявлені особи за формами експлуатації",
        "Надана допомога за видами",
        "Повнота та своєчасність звітування",
    ],
    (MONITORING, "en"): [
        "Monitoring report",
        "Period",
        "Oblast totals by quarter",
        "People identified in the oblast, by quarter",
        "People identified, by raion and community",
        "Buryn",
        "Konotopskyi raion",
        "People identified, by form of exploitation",
        "Help given, by kind",
        "Completeness and timeliness",
    ],
    (PROGRESS, "uk"): ["Звіт про хід проєкту", "Круглі столи", "Зобов'язання за статусом"],
    (PROGRESS, "en"): ["Project progress report", "Round tables", "Commitments by status"],
    (PROFILE, "uk"): ["Профіль громади", "Моніторинг, затверджені показники", "Круглі столи"],
    (PROFILE, "en"): ["Community profile", "Monitoring, approved figures", "Round tables"],
}


def params_for(kind, data, narrative=""):
    if kind == MONITORING:
        return {
            "oblast": data["oblast"].pk,
            "first": [YEAR, 1],
            "last": [YEAR, 2],
            "narrative": narrative,
        }
    if kind == PROGRESS:
        return {"oblast": data["oblast"].pk}
    return {"community": data["a"].pk}


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize("kind", [MONITORING, PROGRESS, PROFILE])
def test_each_report_pdf_is_tagged_archival_in_order_and_prints_no_word_over_another(
    small_oblast, kind, language
):
    make_release(small_oblast["oblast"])  # what a monitoring report publishes
    pdf = render_document(
        kind=kind,
        params=params_for(kind, small_oblast),
        language=language,
        stamp=STAMP,
        protect=kind != PROFILE,
    )

    assert_archival(pdf, language=language, title=TITLES[(kind, language)])
    assert_in_reading_order(pdf, READING_ORDER[(kind, language)])
    assert overlapping_words(pdf) == []


SHORT_TABLES = {
    "uk": [
        ("Виявлені особи за формами експлуатації", "Сумська область, разом"),
        ("Надана допомога за видами", "Сумська область, разом"),
    ],
    "en": [
        ("People identified, by form of exploitation", "Sumska oblast, total"),
        ("Help given, by kind", "Sumska oblast, total"),
    ],
}


@pytest.mark.parametrize("language", ["uk", "en"])
def test_a_short_table_is_never_split_from_its_heading_wherever_the_page_ends(
    small_oblast, language
):
    """A narrative of growing length moves the tables down the pages; whatever the
    position, each short table's heading, header and last row share a page."""
    make_release(small_oblast["oblast"])
    for lines in range(0, 48, 8):
        narrative = "\n\n".join(f"Абзац {index} пояснення до звіту." for index in range(lines))
        pdf = render_document(
            kind=MONITORING,
            params=params_for(MONITORING, small_oblast, narrative),
            language=language,
        )
        pages = page_texts(pdf)
        for heading, last_row in SHORT_TABLES[language]:
            page = next(text for text in pages if heading in text)
            assert last_row in page[page.index(heading) :], (lines, heading)


def test_the_trend_chart_shows_its_figures_or_is_not_drawn(small_oblast):
    exact = build_context(
        kind=MONITORING, params=params_for(MONITORING, small_oblast), protect=False
    )
    assert exact["chart"].count('fill="#0d6efd"') == 2  # a bar per quarter
    for label, figure in exact["report"].trend:
        assert f">{label}<" in exact["chart"] and f">{figure}<" in exact["chart"]

    # Nothing above zero to draw (small counts hidden): no chart, only the figures as text.
    hidden = SimpleNamespace(trend=[("I кв. 2025", "<5"), ("II кв. 2025", 0)])
    assert trend_chart(hidden) == ""
