"""`manage.py compile_translations`: `make run` and `make test` compile the catalogues
with polib, so no GNU gettext is needed; only a catalogue newer than its .mo is compiled."""

import io
import os

import polib
from django.core.management import call_command

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Round tables"
msgstr "Круглі столи"
"""


def compile_in(settings, tmp_path) -> str:
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    out = io.StringIO()
    call_command("compile_translations", stdout=out)
    return out.getvalue()


def test_a_catalogue_is_compiled_once_and_again_when_it_changes(settings, tmp_path):
    po_path = tmp_path / "locale" / "uk" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(PO, encoding="utf-8")
    mo_path = po_path.with_suffix(".mo")

    assert compile_in(settings, tmp_path) == "Compiled locale/uk/LC_MESSAGES/django.po\n"
    assert polib.mofile(str(mo_path)).find("Round tables").msgstr == "Круглі столи"

    # Up to date: nothing is rewritten.
    assert compile_in(settings, tmp_path) == ""

    po_path.write_text(PO.replace("Круглі столи", "Круглі столи громад"), encoding="utf-8")
    later = mo_path.stat().st_mtime + 10
    os.utime(po_path, (later, later))
    assert compile_in(settings, tmp_path) == "Compiled locale/uk/LC_MESSAGES/django.po\n"
    assert polib.mofile(str(mo_path)).find("Round tables").msgstr == "Круглі столи громад"
