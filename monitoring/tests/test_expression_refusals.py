"""Each refusal of the rule-expression parser says which one it is (read in English: the
messages are gettext msgids), so a test that only sees "some error" cannot pass for the
wrong reason."""

import pytest
from django.utils import translation

from monitoring.expressions import MAX_DEPTH, MAX_LENGTH, ExpressionError, parse


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "The expression is empty."),
        ("   ", "The expression is empty."),
        ("A" * (MAX_LENGTH + 1), f"longer than {MAX_LENGTH} characters"),
        ("A @ B", "Unexpected character '@' at position 3."),
        ("A B", "Unexpected 'B' at position 3."),
        ("A +", "The expression ends too early."),
        ("(A + B", "The expression ends too early."),
        ("(A B)", "Expected ')' at position 4, found 'B'."),
        ("A + )", "Unexpected ')' at position 5."),
        ("A[sex]", "Expected '=' at position 6, found ']'."),
        ("A[sex=", "The expression ends too early."),
        ("A[1=female]", "Expected a name at position 3, found '1'."),
        ("A[sex=(]", "Expected an option or * at position 7."),
        ("A[sex=female", "The expression ends too early."),
        ("A[colour=red]", "Unknown breakdown 'colour' (known: "),
        ("A[sex=unknown]", "Unknown option 'unknown' of sex (known: "),
        ("A__B", "'A__B' at position 1 is not an indicator code."),
        ("(" * (MAX_DEPTH + 1) + "A" + ")" * (MAX_DEPTH + 1), "nested too deeply"),
    ],
)
def test_each_refusal_names_its_reason(source, message):
    with pytest.raises(ExpressionError) as raised:
        parse(source)
    assert message in raised.value.message


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("NO_SUCH", "There is no active indicator NO_SUCH."),
        ("NARRATIVE + 1", "NARRATIVE holds text and cannot be counted."),
        ("STATUS_GRANTED[sex=female]", "STATUS_GRANTED is not broken down by sex."),
    ],
)
def test_the_catalogue_refusals_name_the_indicator(catalogue, source, message):
    with pytest.raises(ExpressionError) as raised:
        parse(source, catalogue)
    assert raised.value.message == message


def test_a_star_sums_every_option_and_stays_a_reference(catalogue):
    tree = parse("IDENTIFIED[sex=*] - IDENTIFIED", catalogue)
    assert tree.left.option == "*" and tree.right.dimension == ""
