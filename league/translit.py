"""Ukrainian to Latin letters by the official table (Resolution of the Cabinet of Ministers
of Ukraine No. 55 of 27 January 2010), used for names in English reports.

Є, Ї, Й, Ю, Я are Ye, Yi, Y, Yu, Ya at the start of a word and ie, i, i, iu, ia elsewhere;
«зг» is «zgh» (Zghorany, not Zhorany); the soft sign and the apostrophe are dropped.
"""

import re

from django.utils import translation

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}  # fmt: skip
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`"
_WORD = re.compile(r"[\w" + _APOSTROPHES + "]+")


def _word(word: str) -> str:
    letters = [letter for letter in word if letter not in _APOSTROPHES]
    out = []
    for index, letter in enumerate(letters):
        lower = letter.lower()
        if lower == "г" and index and letters[index - 1].lower() == "з":
            latin = "gh"
        elif index == 0 and lower in _INITIAL:
            latin = _INITIAL[lower]
        else:
            latin = _LETTERS.get(lower, letter if lower == letter else letter.lower())
        if letter != lower and latin:
            whole_upper = len(letters) > 1 and all(not c.islower() for c in letters)
            latin = latin.upper() if whole_upper else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def transliterate(text: str) -> str:
    """«Знам'янська міська громада» -> «Znamianska miska hromada»."""
    return _WORD.sub(lambda match: _word(match.group()), text)


def place_name(name: str) -> str:
    """A place's name as the page's language writes it: as stored in Ukrainian, and
    transliterated by the official table on English pages (never half-translated)."""
    language = translation.get_language() or ""
    return transliterate(name) if language.startswith("en") else name
