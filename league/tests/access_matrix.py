"""The URL-by-role table's vocabulary. Each app lists its rows in tests/access_rows.py.

A row names a URL pattern, how to build its arguments from the cast (creating any
objects it needs, in community A), and the status each role must get.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "worker_a", "worker_b", "staff", "council", "admin")

LOGIN = 302  # anonymous users are sent to the log-in page


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    kwargs: Callable[..., dict] = field(default=lambda cast: {})
    method: str = "get"
    data: Callable[..., dict] = field(default=lambda cast: {})
    query: str = ""
    # False for Django's own views (log-in, admin...), whose method handling is Django's.
    own_view: bool = True

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expected status for {sorted(missing)}")


def expect(anonymous=LOGIN, *, worker_a, worker_b, staff, council, admin) -> dict[str, int]:
    return {
        "anonymous": anonymous,
        "worker_a": worker_a,
        "worker_b": worker_b,
        "staff": staff,
        "council": council,
        "admin": admin,
    }


def everyone(status=200, anonymous=LOGIN) -> dict[str, int]:
    return expect(
        anonymous, worker_a=status, worker_b=status, staff=status, council=status, admin=status
    )


def ngo_only(status=200, others=403) -> dict[str, int]:
    return expect(worker_a=others, worker_b=others, staff=status, council=others, admin=status)


def confirmed(cast) -> dict:
    """The data of a delete POST that has passed its confirmation page (league/confirm.py)."""
    return {"confirmed": "yes"}
