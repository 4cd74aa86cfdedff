"""How reports name quarters, periods and communities in the chosen language."""

from django.utils.translation import get_language

NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def english() -> bool:
    return (get_language() or "uk").startswith("en")


def quarter_label(key: tuple[int, int]) -> str:
    """«I кв. 2026» in Ukrainian, «Q1 2026» in English."""
    year, quarter = key
    if english():
        return f"Q{quarter} {year}"
    return f"{NUMERALS[quarter]} кв. {year}"


def period_label(first: tuple[int, int], last: tuple[int, int]) -> str:
    if first == last:
        return quarter_label(first)
    if first == (last[0], 1) and last[1] == 4:
        return f"{last[0]}" if english() else f"{last[0]} рік"
    if first[0] == last[0] and (first[1], last[1]) in ((1, 2), (3, 4)):
        half = 1 if first[1] == 1 else 2
        if english():
            return f"H{half} {first[0]}"
        return f"{'I' if half == 1 else 'II'} півріччя {first[0]}"
    return f"{quarter_label(first)} – {quarter_label(last)}"
