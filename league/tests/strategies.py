"""Hypothesis strategies for what careless or hostile people put in import files."""

import csv
import io

from hypothesis import strategies as st

# Values that broke, or could break, a parser: exponents, other digits, huge numbers,
# formulas, control characters, markers, signs, spaces of every kind.
NASTY = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1e30",
    "1E-30",
    "NaN",
    "inf",
    "²",
    "²⁰²⁴",
    "１２",
    "٣",
    "1_000",
    "1\u00a0200",
    "1,5",
    "1.005",
    "9" * 30,
    "9" * 5000,
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+380501234567",
    "'=1",
    "ВИДАЛИТИ",
    "delete",
    "\x00",
    "\u202e",
    "\ufeff",
    "𝟙𝟚",
    "UA59080270000073662",
    "UA" + "٣" * 17,
    "2025",
    "1",
    "так",
    "ні",
]


def cell_text(max_size: int = 40):
    """Any short text, a nasty value, or a long one."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=max_size),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.text(max_size=3).map(lambda text: text * 3000),
    )


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")
