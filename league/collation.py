"""Ukrainian alphabetical order on both databases, under one collation name.

Names of communities, raions and people carry `db_collation=UKRAINIAN`, so every ORDER BY
on them (a model's ordering or a view's order_by) follows the Ukrainian alphabet: і, ї, є
and ґ in their places, Білопільська before Буринська. PostgreSQL gets an ICU collation
named `uk_ua` from a migration (`create_on_postgresql`); SQLite gets a Python collation of
the same name on every new connection (`register_on_sqlite`, connected in LeagueConfig), and
`create_before_migrate` makes sure PostgreSQL has it before any table is built.
"""

UKRAINIAN = "uk_ua"

ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Old and Russian letters that turn up in imported names sort beside their neighbours.
_LETTER_RANK.update({"ё": _LETTER_RANK["е"], "ы": _LETTER_RANK["и"], "э": _LETTER_RANK["е"]})
_LETTER_RANK["ъ"] = _LETTER_RANK["ь"]

CREATE_ON_POSTGRESQL = (
    f"CREATE COLLATION IF NOT EXISTS {UKRAINIAN} (provider = icu, locale = 'uk-UA')"
)


def _primary(char: str) -> tuple[int, int]:
    """As ICU's Ukrainian order: spaces, punctuation, digits, Cyrillic, then Latin."""
    lower = char.lower()
    if lower in _LETTER_RANK:
        return (3, _LETTER_RANK[lower])
    if char.isspace():
        return (0, 0)
    if char.isdigit():
        return (2, int(char) if char.isascii() else ord(char))
    if lower.isascii() and lower.isalpha():
        return (4, ord(lower))
    if not char.isalnum():
        return (1, ord(char))
    return (5, ord(lower))


def sort_key(text: str) -> tuple:
    """Letters first, then lower case before upper case, then the code points."""
    return (
        [_primary(char) for char in text],
        [char != char.lower() for char in text],
        text,
    )


def compare(left: str, right: str) -> int:
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_on_sqlite(sender, connection, **kwargs):
    """connection_created receiver: teach each new SQLite connection the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(UKRAINIAN, compare)


def create_on_postgresql(apps, schema_editor):
    """Migration step (RunPython): the ICU collation, on PostgreSQL only."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_ON_POSTGRESQL)


def create_before_migrate(sender, using, **kwargs):
    """pre_migrate receiver: the collation exists before any table is built, also when
    tables are built without migrations (the test suite's --no-migrations)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CREATE_ON_POSTGRESQL)
