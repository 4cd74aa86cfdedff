"""Every refusal of the participants import, one row each, straight from parse_rows (the
page's tests in test_import.py show the same messages reach the person)."""

import pytest

from league.tables import TableRefused
from roundtables import importing
from roundtables.importing import COLUMN_NAMES, parse_rows


def good_row(cast, **columns):
    row = {
        "full_name": "Петренко Ганна",
        "position": "Староста",
        "organisation": "",
        "community_katottg": cast.community_a.katottg,
        "category": "other",
        "status": "",
        "phone": "",
        "email": "",
        "consent": "",
        **columns,
    }
    return [row[name] for name in COLUMN_NAMES]


def refusal(cast, table, *, has_taken_place=True) -> list[str]:
    with pytest.raises(TableRefused) as refused:
        parse_rows(table, oblast_id=cast.oblast.pk, has_taken_place=has_taken_place)
    return refused.value.errors


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"full_name": ""}, "Row 2: full_name is empty."),
        ({"position": ""}, "Row 2: position is empty."),
        ({"community_katottg": ""}, "Row 2: community_katottg is empty."),
        ({"category": ""}, "Row 2: category is empty."),
        ({"status": "sleeping"}, "Row 2: unknown status 'sleeping'."),
        ({"consent": "maybe"}, "Row 2: consent must be yes or no, not 'maybe'."),
        (
            {"email": "not-an-address", "consent": "yes"},
            "Row 2: 'not-an-address' is not an email address.",
        ),
        ({"position": "п" * 201}, "Row 2: position is longer than 200 characters."),
    ],
)
def test_each_bad_cell_is_refused_with_its_row(cast, columns, message):
    header = list(COLUMN_NAMES)
    assert refusal(cast, [header, good_row(cast, **columns)]) == [message]


def test_attended_is_refused_before_the_meeting(cast):
    table = [list(COLUMN_NAMES), good_row(cast, status="attended")]
    assert refusal(cast, table, has_taken_place=False) == [
        "Row 2: attendance cannot be recorded before the round table takes place."
    ]


@pytest.mark.parametrize(
    "table",
    [[], [["", ""], [""]]],
    ids=["nothing", "only-empty-rows"],
)
def test_an_empty_file_is_refused(cast, table):
    assert refusal(cast, table) == ["The file is empty."]


def test_a_header_of_empty_cells_names_nothing(cast):
    [message] = refusal(cast, [["", ""], ["x"]])
    assert message.endswith("found nothing.")


def test_more_rows_than_the_limit_are_refused(cast, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    table = [list(COLUMN_NAMES)] + [good_row(cast, full_name=f"Особа {n}") for n in range(3)]
    assert refusal(cast, table) == ["The file has more than 2 rows; split it."]


def test_trailing_empty_cells_and_rows_are_ignored(cast):
    table = [
        [*COLUMN_NAMES, "", ""],
        good_row(cast, status="Confirmed", consent="так", phone="+380 50 000 0000"),
        ["", "", ""],
    ]
    [row] = parse_rows(table, oblast_id=cast.oblast.pk, has_taken_place=True)
    assert (row.number, row.status, row.consent, row.community) == (
        2,
        "confirmed",
        True,
        cast.community_a,
    )
