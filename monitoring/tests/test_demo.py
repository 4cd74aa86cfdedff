"""The demo seed: all 51 communities from Q4 2016, realistic, valid and idempotent."""

import datetime
from collections import Counter

from communities.services import reference_data_load
from monitoring import demo, selectors
from monitoring.models import DataValue, MonitoringReport, ReportingPeriod, StatusChange
from monitoring.validation import check_rules

# The day the demo is seeded "as of": passed to demo.seed, which reads no other clock for
# its quarters and statuses, so this is a fixed reference day, not a future date, and the
# counts below (Q4 2016 .. Q4 2026) hold whatever today is.
TODAY = datetime.date(2026, 11, 28)


def test_seed_is_realistic_valid_and_idempotent(catalogue):
    reference_data_load()
    demo.seed(today=TODAY)
    counts = (
        MonitoringReport.objects.count(),
        DataValue.objects.count(),
        StatusChange.objects.count(),
    )
    assert ReportingPeriod.objects.count() == 41  # Q4 2016 .. Q4 2026
    assert MonitoringReport.objects.filter(period__year=2016).count() == 51
    current = Counter(
        MonitoringReport.objects.filter(period__year=2026, period__quarter=4).values_list(
            "status", flat=True
        )
    )
    # The quarter is not over: some drafts, nothing submitted that staff could not approve.
    assert 0 < sum(current.values()) < 51
    assert set(current) == {"draft"}
    previous = Counter(
        MonitoringReport.objects.filter(period__year=2026, period__quarter=3).values_list(
            "status", flat=True
        )
    )
    assert previous["returned"] > 0 and previous["approved"] > 30

    identified = DataValue.objects.filter(indicator__code="IDENTIFIED")
    per_year = Counter()
    for year, value in identified.filter(dimension="").values_list("report__period__year", "value"):
        per_year[year] += value
    assert all(total <= 30 for total in per_year.values()) and sum(per_year.values()) > 10
    forms = Counter()
    for option, value in identified.filter(dimension="exploitation").values_list("option", "value"):
        forms[option] += value
    assert forms.most_common(1)[0][0] == "labour"

    # Every seeded report passes the error-level rules.
    compiled = selectors.compiled_rules(list(catalogue.values()))
    for numbers, _texts in selectors.values_of(MonitoringReport.objects.all()).values():
        assert check_rules(compiled, numbers).errors == []

    demo.seed(today=TODAY)
    assert (
        MonitoringReport.objects.count(),
        DataValue.objects.count(),
        StatusChange.objects.count(),
    ) == counts
