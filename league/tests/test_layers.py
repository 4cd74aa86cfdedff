"""League's top floor (the campaign, advocacy, targets, notifications, timeline, the
start page and the demo) may read every app; no app below may import it."""

import ast
from pathlib import Path

from django.conf import settings

LOWER_APPS = ("communities", "roundtables", "monitoring")
TOP_FLOOR = (
    "league.campaign",
    "league.advocacy",
    "league.targets",
    "league.notifications",
    "league.timeline",
    "league.dashboard",
    "league.demo",
    "league.plan_records",
    "league.views",
)


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_no_lower_app_imports_leagues_top_floor():
    offending = []
    for app in LOWER_APPS:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "tests" in path.parts:
                continue  # tests may set up demo accounts and the like
            for name in _imports(path):
                if name.startswith(TOP_FLOOR):
                    offending.append(f"{path.relative_to(settings.BASE_DIR)}: {name}")
    assert offending == []


def test_the_mailer_on_the_ground_floor_imports_no_app():
    path = settings.BASE_DIR / "league" / "mail.py"
    imported = set(_imports(path))
    assert not {name for name in imported if name.split(".")[0] in LOWER_APPS}
    assert not {name for name in imported if name.startswith(TOP_FLOOR)}
