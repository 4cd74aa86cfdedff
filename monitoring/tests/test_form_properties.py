"""Property-based: whatever is typed into the monitoring forms (starting a report, its
figures, review comments, extensions, the filters of the lists, the import), the page
saves valid rows or refuses with a message and writes nothing; never a server error."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given, settings
from hypothesis import strategies as st

from league.tests.form_fuzz import (
    any_text,
    any_value,
    check_outcome,
    post_drawn,
    recent_date,
    rolled_back,
    row_counts,
    shows_a_problem,
    submission,
)
from monitoring import selectors
from monitoring.forms import CommentForm, StartForm, field_name
from monitoring.models import (
    DataValue,
    EntryExtension,
    MonitoringReport,
    ReportStatus,
    StatusChange,
)
from monitoring.tests.factories import ReportFactory, current_quarter

pytestmark = pytest.mark.django_db

YEARS = st.integers(min_value=1999, max_value=2101).map(str)
QUARTERS = st.integers(min_value=0, max_value=5).map(str)


@pytest.fixture
def report_of_a(cast, catalogue):
    return ReportFactory(community=cast.community_a, status=ReportStatus.DRAFT)


def figure_fields() -> dict:
    fields = {}
    for indicator in selectors.active_indicators():
        for dimension, option in indicator.cells():
            name = field_name(indicator.code, dimension, option)
            if indicator.is_text:
                fields[name] = st.sampled_from(["", "Проведено дві зустрічі зі старостами."])
            elif indicator.is_money:
                fields[name] = st.decimals(min_value=0, max_value=10**6, places=2).map(str)
            else:
                fields[name] = st.one_of(st.just(""), st.integers(0, 50).map(str))
    return fields


@settings(max_examples=30)
@given(data=st.data())
def test_the_report_form_saves_or_refuses_cleanly(data, client_for, report_of_a):
    fields = {
        **figure_fields(),
        "explanation": any_text(),
        "action": st.sampled_from(["", "save", "submit"]),
    }
    url = reverse("monitoring:report_detail", kwargs={"pk": report_of_a.pk})
    post_drawn(
        client_for("worker_a"),
        url,
        data.draw(submission(fields)),
        [MonitoringReport, DataValue, StatusChange],
    )


@settings(max_examples=30)
@given(data=st.data())
def test_the_start_form_starts_or_refuses(data, cast, client_for, catalogue):
    year, quarter = current_quarter()
    fields = {
        "community": st.sampled_from([str(cast.community_a.pk), str(cast.community_b.pk)]),
        "year": st.one_of(st.just(str(year)), YEARS),
        "quarter": st.one_of(st.just(str(quarter)), QUARTERS),
    }
    posted = data.draw(submission(fields))
    client = client_for("worker_a")
    with rolled_back():
        before = row_counts()
        response = client.post(reverse("monitoring:report_start"), posted)
        # Only a community out of the user's scope, or none at all, is a 404; any other
        # refusal goes back to the list with a message.
        refused = StartForm(posted, user=cast.worker_a).errors
        assert (response.status_code == 404) == ("community" in refused)
        if response.status_code == 404:
            assert row_counts() == before
        else:
            check_outcome(response, before, [MonitoringReport])
            assert not refused or row_counts() == before


@settings(max_examples=30)
@given(
    comment=st.one_of(st.sampled_from(["a\x00b", "я" * 10_001, ""]), any_text()),
    action=st.sampled_from(["approve", "return", "reopen"]),
)
def test_a_review_acts_on_a_valid_comment_only(comment, action, cast, client_for, catalogue):
    status = ReportStatus.APPROVED if action == "reopen" else ReportStatus.SUBMITTED
    client = client_for("staff")
    with rolled_back():
        report = ReportFactory(community=cast.community_a, status=status)
        url = reverse(f"monitoring:report_{action}", kwargs={"pk": report.pk})
        before = row_counts()
        response = client.post(url, {"comment": comment})
        assert response.status_code == 302
        if not CommentForm({"comment": comment}).is_valid():
            assert row_counts() == before, "a refused comment was dropped and the action taken"
        for change in StatusChange.objects.all():
            change.full_clean()


@settings(max_examples=30)
@given(data=st.data())
def test_the_extension_form_saves_or_refuses_cleanly(data, cast, client_for, catalogue):
    year, quarter = current_quarter()
    fields = {
        "community": st.sampled_from([str(cast.community_a.pk), str(cast.community_b.pk)]),
        "year": st.one_of(st.just(str(year)), YEARS),
        "quarter": st.one_of(st.just(str(quarter)), QUARTERS),
        "open_until": recent_date(),
        "reason": st.sampled_from(["Лікарняний фахівчині", ""]),
    }
    url = reverse("monitoring:extension_create")
    post_drawn(client_for("staff"), url, data.draw(submission(fields)), [EntryExtension])


@settings(max_examples=30)
@given(data=submission({"explanation": any_text()}, files=("file",)))
def test_the_import_form_imports_or_refuses_cleanly(data, client_for, catalogue):
    url = reverse("monitoring:import")
    post_drawn(client_for("staff"), url, data, [MonitoringReport, DataValue])


FILTER_NAMES = [
    "status",
    "year",
    "quarter",
    "raion",
    "community",
    "oblast",
    "indicator",
    "open_until",
    "reason",
]


REPORT_LIST_FILTERS = ["status", "year", "quarter", "raion", "community", "page"]


@settings(max_examples=30)
@given(
    query=st.dictionaries(
        st.sampled_from([*REPORT_LIST_FILTERS, "oblast", "format"]),
        st.one_of(any_value(), st.lists(any_value(), min_size=2, max_size=3)),
        max_size=5,
    )
)
@pytest.mark.parametrize("role", ["staff", "worker_a"])
def test_the_report_list_takes_any_filter(query, role, client_for, report_of_a):
    """Whatever the query string holds: the list (200), never a server error; a value
    the filter refuses is named on the page, next to its field."""
    response = client_for(role).get(reverse("monitoring:report_list"), query)
    assert response.status_code == 200
    report_filter = response.context["filter"]
    content = response.content.decode()
    if report_filter.form.errors:
        event("refused")
        assert shows_a_problem(response), "a refused filter came back without a message"
        for errors in report_filter.form.errors.values():
            assert all(escape(error) in content for error in errors)
    else:
        event("listed")
        page = response.context["page"]
        assert all(report.pk == report_of_a.pk for report in page.object_list)
