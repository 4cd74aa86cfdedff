"""Rules for the tests themselves (docs/test-quality.md): the suite does not depend on the moment
it is collected, and query counts are exact, never an upper bound that hides an N+1."""

import ast
import re

from league.tests.test_architecture import ROOT, our_files, relative

# Calls that read the clock (timezone.now(), date.today(), localdate(), current_quarter()...).
CLOCK_READS = {"now", "today", "localdate", "localtime", "current_quarter", "open_quarters"}
UPPER_BOUND = re.compile(r"max_num_queries|captured_queries\)\s*<|queries\)\s*<")


def _called_name(function) -> str | None:
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else None


def _clock_reads(node) -> list[ast.Call]:
    """Clock reads in `node`, leaving out lambdas: a lambda is called when a test runs."""
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Lambda):
            continue
        if isinstance(current, ast.Call) and _called_name(current.func) in CLOCK_READS:
            found.append(current)
        stack.extend(ast.iter_child_nodes(current))
    return found


def _evaluated_at_collection(tree: ast.Module):
    """What Python runs when the module is imported: module and class bodies, decorators
    (parametrize rows) and default arguments; not the bodies of functions."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from node.decorator_list
            yield from node.args.defaults
            yield from (default for default in node.args.kw_defaults if default)
        elif isinstance(node, ast.ClassDef):
            yield from node.decorator_list
            pending.extend(node.body)
        else:
            yield node


def _test_modules():
    modules = [
        path for path in our_files(".py") if "tests" in path.parts or path.name == "conftest.py"
    ]
    return [*modules, ROOT / "conftest.py"]


def test_no_test_module_reads_the_clock_when_it_is_collected():
    """A date taken at collection is stale by the time a test runs across midnight (at the
    last minute of a quarter, two tests failed so). Read it in the test, or in a lambda."""
    modules = _test_modules()
    assert len(modules) > 100
    offenders = [
        f"{relative(path)}:{call.lineno}"
        for path in modules
        for node in _evaluated_at_collection(ast.parse(path.read_text()))
        for call in _clock_reads(node)
    ]
    assert offenders == []


def test_the_clock_check_finds_a_clock_read_at_collection():
    tree = ast.parse(
        "TODAY = timezone.localdate()\n"
        "@pytest.mark.parametrize('day', [date.today()])\n"
        "def test(day=timezone.now()): pass\n"
        "LATER = factory.LazyFunction(lambda: timezone.now())\n"
        "def test_inside(): timezone.now()\n"
    )
    reads = [call for node in _evaluated_at_collection(tree) for call in _clock_reads(node)]
    assert sorted(call.lineno for call in reads) == [1, 2, 3]


def test_query_counts_are_exact():
    offenders = [
        relative(path)
        for path in _test_modules()
        if path.name != "test_test_hygiene.py" and UPPER_BOUND.search(path.read_text())
    ]
    assert offenders == []
