"""The docs keep their promises: the README's commands, CI's test command, the public names.

The ``>>>`` examples of ``docs/*.md`` and ``README.md`` run as doctests of their own (pytest's
``--doctest-glob``); here we check what a doctest cannot.
"""

from __future__ import annotations

import ast
import inspect
import re
import shlex
import types
from pathlib import Path

import pytest

import timeline

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "timeline"

#: The README's two set-up commands: the main job, and the tests. CI runs the second's test
#: command in a fresh virtual environment.
MAIN_JOB = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && "
    ".venv/bin/python examples/partner_timeline.py"
)
TESTS = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"


def _code_blocks(markdown: str) -> list[list[str]]:
    """The fenced code blocks of `markdown`, each as its non-blank lines."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


def test_the_readme_gives_exactly_the_two_set_up_commands_in_one_code_block() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [MAIN_JOB, TESTS] in _code_blocks(readme)


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        shlex.split(line)
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    readme_test = shlex.split(TESTS.rsplit("&&", 1)[1])
    assert readme_test == [".venv/bin/python", "-m", "pytest"]
    runs = [c for c in commands if c[-2:] == ["-m", "pytest"]]
    assert runs, "CI does not run python -m pytest"
    assert all(c == readme_test for c in runs), runs


def test_the_package_declares_a_sorted_all() -> None:
    assert timeline.__all__ == sorted(timeline.__all__)


def _public_names() -> set[str]:
    """The names `timeline/__init__.py` defines or imports (those it imports on first use
    included): no modules, no dunder names."""
    return {
        name
        for name, value in vars(timeline).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    } | set(timeline._LAZY)


def test_all_names_exactly_the_public_names_of_the_package() -> None:
    assert set(timeline.__all__) == _public_names()
    assert len(timeline.__all__) == len(set(timeline.__all__))


def _alias_documented(name: str) -> bool:
    """True when the assignment that defines `name` is documented in its module's source.

    For values that cannot carry a ``__doc__`` of their own (type aliases, constants): a
    string right after the assignment, or a ``#:`` comment right before it.
    """
    imported = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    module = next(
        node.module
        for node in ast.walk(imported)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and any((alias.asname or alias.name) == name for alias in node.names)
    )
    path = ROOT / "src" / Path(*module.split("."))
    source = (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text(
        encoding="utf-8"
    )
    lines = source.splitlines()
    body = ast.parse(source).body
    for n, node in enumerate(body):
        targets = (
            [node.target]
            if isinstance(node, ast.AnnAssign)
            else node.targets
            if isinstance(node, ast.Assign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            after = body[n + 1] if n + 1 < len(body) else None
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                return isinstance(after.value.value, str)
            return lines[node.lineno - 2].lstrip().startswith("#:")
    return False


@pytest.mark.parametrize("name", sorted(_public_names()))
def test_every_public_name_has_a_docstring(name: str) -> None:
    value = getattr(timeline, name)
    if inspect.isclass(value):
        assert vars(value).get("__doc__"), f"{name} has no docstring of its own"
    elif inspect.isroutine(value):
        assert inspect.getdoc(value), f"{name} has no docstring"
    else:
        assert _alias_documented(name), f"{name} has no docstring (nor a #: comment)"
