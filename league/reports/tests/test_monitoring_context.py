"""The oblast monitoring context: figures, protection, completeness, query count."""

import pytest
from django.utils import translation

from communities.tests.factories import CommunityFactory, RaionFactory
from league.reports.selectors import oblast_monitoring
from league.reports.tests.conftest import YEAR, add_report
from monitoring.tests.factories import period_for


def lines(section):
    return {line.label: line.figures for line in section.lines}


def build(data, protect, first=(YEAR, 1), last=(YEAR, 2)):
    return oblast_monitoring(oblast=data["oblast"], first=first, last=last, protect=protect)


def test_staff_get_the_exact_figures_of_approved_reports(small_oblast):
    with translation.override("uk"):
        report = build(small_oblast, protect=False)

    assert report.quarters == ["I кв. 2025", "II кв. 2025"]
    assert report.period == "I півріччя 2025"
    communities = lines(report.communities)
    assert communities["Бурин"] == [12, 7, 19]
    assert communities["Знам'янка"] == [3, 0, 3]
    assert communities["Згорани"] == [9, 0, 9]  # the submitted Q2 report does not count
    assert communities["Конотопський район"] == [15, 7, 22]
    assert communities["Сумська область, разом"] == [24, 7, 31]
    summary = lines(report.summary)
    identified = next(label for label in summary if label.startswith("Особи, виявлені"))
    assert summary[identified] == [24, 7, 31]
    spent = next(label for label in summary if label.startswith("Кошти місцевого бюджету, вик"))
    assert summary[spent] == [1500, 0, 1500]
    forms = lines(report.forms)
    assert forms["Конотопський район"][:2] == [20, 2]  # labour 10 + 3 + 7, sexual 2
    assert forms["Конотопський район"][-1] == 22
    help_ = lines(report.help)
    assert help_["Роменський район"][report.help.columns.index("Отримали медичну допомогу")] == 7
    completeness = lines(report.completeness)
    # Six reports due (3 communities x 2 quarters); 5 submitted; one of them late.
    assert completeness["Сумська область, разом"][:3] == [6, 5, 4]
    assert ("Знам'янка", "I кв. 2025") in report.late
    assert report.trend == [("I кв. 2025", 24), ("II кв. 2025", 7)]


def test_council_figures_hide_every_small_count_and_enough_others(small_oblast):
    with translation.override("uk"):
        report = build(small_oblast, protect=True)

    communities = lines(report.communities)
    assert communities["Знам'янка"] == ["<5", 0, "<5"]
    # Бурин's Q1 would give Знам'янка's away through the raion subtotal: hidden too.
    assert "×" in communities["Бурин"] or "×" in communities["Конотопський район"]
    for section in (report.summary, report.communities, report.forms, report.help):
        for line in section.lines:
            for value in line.figures if line.people else ():
                assert not (isinstance(value, int) and 1 <= value <= 4), (line.label, value)
    assert report.hidden_count > 0


def test_english_carries_the_same_numbers_with_transliterated_names(small_oblast):
    with translation.override("uk"):
        ukrainian = build(small_oblast, protect=True)
    with translation.override("en"):
        english = build(small_oblast, protect=True)

    assert english.quarters == ["Q1 2025", "Q2 2025"]
    assert [line.figures for line in english.communities.lines] == [
        line.figures for line in ukrainian.communities.lines
    ]
    assert [line.label for line in english.communities.lines][:2] == ["Buryn", "Znamianka"]
    assert lines(english.communities)["Zghorany"] == lines(ukrainian.communities)["Згорани"]


def test_a_long_range_has_a_column_per_year_and_keeps_the_quarters_in_the_trend(small_oblast):
    add_report(small_oblast["c"], period_for(YEAR - 1, 3), "approved", {"IDENTIFIED": 6})
    with translation.override("uk"):
        report = build(small_oblast, protect=False, first=(YEAR - 2, 1), last=(YEAR, 4))

    assert report.communities.columns == [str(YEAR - 2), str(YEAR - 1), str(YEAR), "Разом"]
    assert lines(report.communities)["Згорани"] == [0, 6, 9, 15]
    assert len(report.trend) == 12
    assert report.trend[6] == ("III кв. 2024", 6)
    assert report.summary.title == "Підсумки по області за роками"


def _grow(oblast, count):
    raions = [RaionFactory(oblast=oblast) for _ in range(5)]
    quarter = period_for(YEAR, 1)
    for index in range(count):
        community = CommunityFactory(raion=raions[index % 5])
        if index % 3 == 0:
            add_report(community, quarter, "approved", {"IDENTIFIED": 10 + index % 7})


@pytest.mark.parametrize("count", [51, 1000])
def test_the_context_costs_the_same_queries_for_51_and_1000_communities(
    small_oblast, count, django_assert_num_queries
):
    _grow(small_oblast["oblast"], count - 3)
    # communities with raions; indicators; approved figures (GROUP BY); reports.
    with django_assert_num_queries(4):
        report = build(small_oblast, protect=False, last=(YEAR, 1))
    assert report.community_count == count
