"""Property-based form tests: what careless or hostile people type into the portal's forms.

A form test draws a POST from `submission(...)`: for each field of the form either a good
value, a nasty one (any Unicode, NUL, direction marks, 10,000 characters, huge or foreign
numbers, impossible dates) or nothing at all, plus fields the form does not have. It posts
it with the form's hidden fields taken from a GET (`post_drawn`) and asks `check_outcome`:
never a server error; either a redirect whose rows pass `full_clean`, or the form again
with a message and not one row more or less anywhere. Each example runs inside a savepoint
that is rolled back, so the test's fixtures are built once and the examples stay apart.
"""

import datetime
from contextlib import contextmanager

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import event
from hypothesis import strategies as st

from league.tests.forms import hidden_fields
from league.tests.strategies import NASTY

MISSING = object()

# Field names a tampered POST may add: ids and workflow fields a form does not offer.
EXTRA_NAMES = [
    "id",
    "pk",
    "community",
    "community_id",
    "status",
    "version",
    "form_token",
    "created_by",
    "recorded_by",
    "is_staff",
    "role",
    "__proto__",
    "save",
    "action",
]

DATE_TEXTS = [
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "0000-01-01",
    "0001-01-01",
    "1900-01-01",
    "9999-12-31",
    "10000-01-01",
    "31.12.2024",
    "31/12/2024",
    "12/31/2024",
    "2024-01-01T10:00",
    "2024-01-01T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "1 січня 2024",
    "2024",
    "-2024-01-01",
    "２０２４-０１-０１",
    "٢٠٢٤-٠١-٠١",
    "today",
]

NUMBER_TEXTS = [
    "0",
    "-1",
    "-0.01",
    "1e30",
    "1e-30",
    "NaN",
    "-inf",
    "Infinity",
    "²",
    "¹²",
    "٣",
    "१२",
    "１２",
    "1_000",
    "1 000",
    "1\u00a0000",
    "1,5",
    "0.005",
    "9" * 20,
    "9" * 400,
    "99999999999999.99",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "0x10",
    "1/2",
]


def any_text(max_size: int = 60):
    """Any Unicode a browser can send (no lone surrogates), nasty values, huge text."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=max_size),
        st.sampled_from(["\u200f\u202eтекст", "👩‍👩‍👧‍👦" * 20, "a\x00b", "\r\n\t", " " * 50]),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=3).map(
            lambda text: (text * 10_000)[:10_000]
        ),
    )


def any_number():
    return st.one_of(
        st.sampled_from(NUMBER_TEXTS),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def any_date():
    return st.one_of(
        st.sampled_from(DATE_TEXTS),
        st.dates().map(str),
        st.datetimes().map(lambda moment: moment.isoformat()),
        st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
    )


def any_value():
    """One value of any kind, or several for one name (a multi-valued field)."""
    single = st.one_of(any_text(), any_number(), any_date())
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


def recent_date():
    today = datetime.date.today()
    return st.dates(
        min_value=today - datetime.timedelta(days=3 * 365),
        max_value=today + datetime.timedelta(days=365),
    ).map(str)


def choice(values):
    return st.sampled_from([str(value) for value in values])


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_HEADER = b"\x89PNG\r\n\x1a\n"
FILE_CONTENTS = [
    b"",
    PDF,
    b"%PDF-1.4\n",
    b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
    PDF + b"PK\x03\x04" + b"\x00" * 40,  # a PDF that is also a ZIP
    PNG_HEADER + b"<?php echo 1; ?>",
    b"\xff\xd8\xff\xe0" + b"\x00" * 20,
    b"GIF89a<svg onload=alert(1)>",
    b"MZ\x90\x00" + b"\x00" * 60,
    "Прізвище,Посада\n".encode("cp1251"),
]
FILE_NAMES = [
    "file.pdf",
    "scan.PNG",
    "фото.jpg",
    "../../etc/passwd",
    "a" * 300 + ".pdf",
    "report.pdf.exe",
    "\u202egpj.exe",
    "no-extension",
    ".pdf",
    "con.pdf",
]


def any_file():
    """(name, content) of an upload: random bytes, tiny PDFs, polyglots, odd names."""
    return st.tuples(
        st.sampled_from(FILE_NAMES),
        st.one_of(st.sampled_from(FILE_CONTENTS), st.binary(max_size=300)),
    )


def upload(drawn) -> SimpleUploadedFile:
    name, content = drawn
    return SimpleUploadedFile(name, content)


@st.composite
def submission(draw, good: dict, files: tuple[str, ...] = ()):
    """A POST for a form whose fields and good values are `good` (name -> strategy).

    Half the time every field is good but one, which is nasty or missing (what reaches
    the service past the form's own checks); otherwise each field is good, nasty or
    missing. Files of any kind, and sometimes fields the form does not have."""
    names = list(good)
    bad = draw(st.one_of(st.none(), st.sampled_from(names))) if names else None
    all_but_one = draw(st.booleans())
    data = {}
    for name, strategy in good.items():
        if all_but_one:
            value = draw(st.one_of(any_value(), st.just(MISSING)) if name == bad else strategy)
        else:
            value = draw(st.one_of(strategy, strategy, any_value(), st.just(MISSING)))
        if value is not MISSING:
            data[name] = value
    for name in files:
        drawn = draw(st.one_of(st.just(MISSING), any_file(), st.just(("evidence.pdf", PDF))))
        if drawn is not MISSING:
            data[name] = upload(drawn)
    extra = draw(st.dictionaries(st.sampled_from(EXTRA_NAMES), any_value(), max_size=2))
    for name, value in extra.items():
        data.setdefault(name, value)
    return data


# Tables whose rows a request may add without saving anything of the domain.
NOT_DOMAIN = {"sessions.session", "axes.accessattempt", "axes.accesslog"}


def row_counts() -> dict[str, int]:
    """Rows of every table of the project and its history, in one query: a refused form
    changes none of them."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_DOMAIN and model._meta.managed
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


PROBLEM_MARKERS = ("is-invalid", "invalid-feedback", "alert-danger", "alert-warning", "errorlist")


def shows_a_problem(response) -> bool:
    content = response.content.decode("utf-8", errors="replace")
    return any(marker in content for marker in PROBLEM_MARKERS)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post_drawn(client, url: str, data: dict, models=()):
    """POST `data` over the hidden fields a GET of the form shows (as a browser would,
    with a CSRF field, so that even a POST of nothing is not an empty POST), inside a
    savepoint that is rolled back, and `check_outcome`."""
    with rolled_back():
        hidden = hidden_fields(client.get(url))
        before = row_counts()
        response = client.post(url, {"csrfmiddlewaretoken": "x", **hidden, **data})
        return check_outcome(response, before, models)


def post_everywhere(client, urls, data: dict, models=()):
    """`post_drawn` to each of `urls` (a create and an edit of the same form)."""
    for url in urls:
        post_drawn(client, url, data, models)


def check_outcome(response, before: dict[str, int], models=()):
    """Never a server error. A redirect: the rows of `models` pass full_clean. Anything
    else: a 200/400/409 page with a message, and no table gained or lost a row."""
    status = response.status_code
    assert status != 500
    if status in (301, 302, 303):
        for model in models:
            for row in model._base_manager.all():
                row.full_clean()
        event("saved")
        return "saved"
    assert status in (200, 400, 409), status
    assert shows_a_problem(response), "the form came back without a message"
    assert row_counts() == before, "a refused form changed the database"
    event(f"refused with {status}")
    return "refused"
