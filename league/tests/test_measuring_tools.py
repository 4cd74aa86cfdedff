"""The benchmark's table and the load test's limits (the measuring itself is in
docs/performance.md, not in the suite: timings on a shared machine are no test)."""

import pytest
from django.core.management import CommandError, call_command

from league.management.commands.benchmark import table


@pytest.mark.parametrize(
    "arguments",
    [
        {"url": "http://example.org:8000"},
        {"url": "https://127.0.0.1:8000"},
        {"url": "http://127.0.0.1:8000", "requests": 1_000_000},
        {"url": "http://127.0.0.1:8000", "seconds": 3600},
        {"url": "http://127.0.0.1:8000", "warmup": 1_000_000},
        {"url": "http://127.0.0.1:8000", "warmup": -1},
    ],
)
def test_the_load_test_stays_on_this_machine_and_within_bounds(arguments, db):
    with pytest.raises(CommandError):
        call_command("load_test", **arguments)


def test_the_benchmark_table_puts_both_sizes_side_by_side():
    before = {
        "communities": 51,
        "pages": [
            {"label": "round tables", "median_ms": 40.0, "max_ms": 50.0, "queries": 7},
        ],
    }
    after = {
        "communities": 1469,
        "pages": [
            {
                "label": "round tables",
                "kind": "list",
                "median_ms": 50.0,
                "max_ms": 70.0,
                "queries": 7,
                "sql_ms": 3.0,
                "bare_ms": None,
            },
        ],
    }
    lines = table(after, before).splitlines()
    assert lines[0].startswith("| page | median ms at 51 | at 1469 | ratio")
    assert lines[2] == "| round tables | 40.0 | 50.0 | 1.2 | 70.0 | 7 | 7 | 3.0 |  |"
