"""The clock for tests: read when a test runs, never when its module is collected, so the
suite passes whatever the moment (docs/test-quality.md: at the last minute of a quarter)."""

from django.utils import timezone


def today():
    return timezone.localdate()


def at_run_time(values: dict) -> dict:
    """`values` with every callable replaced by what it returns now: parametrize rows give
    dates as lambdas, which are evaluated in the test, not at collection."""
    return {key: value() if callable(value) else value for key, value in values.items()}
