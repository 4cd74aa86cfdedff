"""Rules of docs/architecture.md that import-linter cannot check (it checks the layers:
`make lint`)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["league", "communities", "roundtables", "monitoring"]
# Where a role may be named: the policy itself, the accounts, and data set-up.
ROLE_ALLOWED = {"league/access.py", "league/models.py", "league/admin.py"}
ROLE_CHECK = re.compile(r"\.role\b|\bRole\.|role\s*[!=]=")


def our_files(*suffixes):
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix in suffixes and "migrations" not in path.parts:
                yield path
    for path in (ROOT / "templates").rglob("*.html"):
        yield path


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_view_selector_service_or_template_checks_a_role_by_hand():
    offenders = []
    files = list(our_files(".py", ".html"))
    assert len(files) > 100, "the walk found no code: the check would pass on nothing"
    assert any(ROLE_CHECK.search(path.read_text()) for path in files)  # and it can match
    for path in files:
        name = relative(path)
        seeding = "demo" in path.stem or path.stem == "scale"  # data set-up, not a request
        if name in ROLE_ALLOWED or "tests" in path.parts or seeding:
            continue
        if "management" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == [], "ask league.access instead"


def test_code_and_docs_point_at_nothing_outside_the_repository():
    outside = re.compile(r"\.\./shared|\bDOMAIN\.md|\bDESIGN\.md|\bSTYLE\.md|\bRECIPES\.md")
    texts = list(our_files(".py", ".html", ".md", ".txt")) + list((ROOT / "docs").glob("*.md"))
    texts += [ROOT / "README.md", ROOT / "Makefile", ROOT / ".ci" / "run"]
    offenders = [relative(path) for path in texts if outside.search(path.read_text())]
    assert offenders == []
