from decimal import Decimal

import pytest

from monitoring.expressions import (
    MAX_DEPTH,
    Binary,
    ExpressionError,
    Negative,
    Number,
    Reference,
    evaluate,
    parse,
    references,
)


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("IDENTIFIED", Reference("IDENTIFIED")),
        ("  IDENTIFIED[sex=female] ", Reference("IDENTIFIED", "sex", "female")),
        ("IDENTIFIED[sex=*]", Reference("IDENTIFIED", "sex", "*")),
        ("12.5", Number(Decimal("12.5"))),
        ("-A", Negative(Reference("A"))),
        ("A + B * 2", Binary("+", Reference("A"), Binary("*", Reference("B"), Number(Decimal(2))))),
        (
            "(A + B) * 2",
            Binary("*", Binary("+", Reference("A"), Reference("B")), Number(Decimal(2))),
        ),
        ("A - B - C", Binary("-", Binary("-", Reference("A"), Reference("B")), Reference("C"))),
    ],
)
def test_parser_builds_the_tree_of_the_grammar(source, tree):
    assert parse(source) == tree


@pytest.mark.parametrize(
    "source",
    [
        "",
        "   ",
        "__import__('os')",
        "__import__",
        "identified",  # codes are capitals
        "A ** 2",
        "A / 2",
        "A; B",
        "A == B",
        "A < B",
        "A,B",
        "open",
        "A.B",
        "'A'",
        '"A"',
        "A B",
        "A +",
        "(A + B",
        "A + B)",
        "A[sex]",
        "A[sex=]",
        "A[sex=female",
        "A[sex==female]",
        "A[sex=female][age=child]",
        "A[sex=female,age=child]",
        "A[colour=red]",
        "A[sex=unknown]",
        "A[sex=1]",
        "lambda: 1",
        "A if B else C",
        "1e9",
        "0x10",
        "A\nB",
        "A@B",
        "A__B",
        "[A]",
        "f(A)",
        "A(B)",
        "2 A",
        "A" * 501,
        "(" * (MAX_DEPTH + 1) + "A" + ")" * (MAX_DEPTH + 1),
        "-" * (MAX_DEPTH + 1) + "A",
    ],
)
def test_parser_refuses_anything_outside_the_grammar(source):
    with pytest.raises(ExpressionError) as raised:
        parse(source)
    assert raised.value.message


def test_parser_checks_codes_and_breakdowns_against_the_catalogue(catalogue):
    parse("IDENTIFIED[exploitation=labour] + STATUS_GRANTED", catalogue)
    with pytest.raises(ExpressionError, match="NO_SUCH"):
        parse("NO_SUCH", catalogue)
    with pytest.raises(ExpressionError, match="STATUS_GRANTED"):
        parse("STATUS_GRANTED[sex=female]", catalogue)
    with pytest.raises(ExpressionError, match="NARRATIVE"):
        parse("NARRATIVE", catalogue)


def test_evaluation_counts_missing_figures_as_zero_and_sums_stars():
    values = {
        ("IDENTIFIED", "", ""): Decimal(3),
        ("IDENTIFIED", "sex", "female"): Decimal(2),
        ("IDENTIFIED", "sex", "male"): Decimal(1),
        ("STATUS_GRANTED", "", ""): Decimal(1),
    }
    assert evaluate(parse("IDENTIFIED[sex=*]"), values) == 3
    assert evaluate(parse("IDENTIFIED[sex=female] - IDENTIFIED[sex=male]"), values) == 1
    assert evaluate(parse("(IDENTIFIED + STATUS_GRANTED) * 2"), values) == 8
    assert evaluate(parse("-STATUS_REFUSED + 1"), values) == 1
    assert evaluate(parse("IDENTIFIED[age=*]"), values) == 0


def test_references_lists_every_figure_read():
    tree = parse("A + B[sex=*] * (C - -D)")
    assert [ref.code for ref in references(tree)] == ["A", "B", "C", "D"]
