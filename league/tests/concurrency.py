"""Running requests at the same moment, each in a thread with its own database
connection, as gunicorn workers would on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

# Row locks and parallel connections are PostgreSQL's (production and CI run it); SQLite
# takes one writer at a time, so the races these tests provoke cannot happen there.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel connections and row locks need PostgreSQL (CI always runs it)",
)


def run_together(count: int, work) -> list:
    """Run `work(index)` in `count` threads released at the same moment; their results in
    order. Any exception in a thread (a server error included: the test client raises it)
    fails the test. Each thread closes its connection when done."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(index):
        try:
            barrier.wait(timeout=60)
            results[index] = work(index)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    if errors:
        raise errors[0]
    return results


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_versions_chain(instance) -> None:
    """Every save of the record started from the version before it: no two saves wrote
    the same version (which is what a lost update would leave behind)."""
    versions = list(
        instance.history.order_by("history_date", "history_id").values_list("version", flat=True)
    )
    assert versions == sorted(set(versions)), versions
    assert instance.version == versions[-1]
