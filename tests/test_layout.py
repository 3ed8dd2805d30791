"""The shape of the house (docs/architecture.md): small modules, short functions, one folder
per stage with a docstring saying what it holds, and no public name that hides a module.

The import layering itself is checked by `lint-imports` (contracts in pyproject.toml)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import timeline

SRC = Path(timeline.__file__).parent
MODULE_LINES = 800
FUNCTION_LINES = 80
STAGES = ("read", "log", "fold", "report")


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, node.end_lineno - node.lineno + 1)  # type: ignore[operator]
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_longer_than_the_layout_allows(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MODULE_LINES, f"{path.relative_to(SRC)} has {lines} lines"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_function_is_longer_than_the_layout_allows(path: Path) -> None:
    long = [f"{name} ({n} lines)" for name, n in _functions(path) if n > FUNCTION_LINES]
    assert not long, f"{path.relative_to(SRC)}: {', '.join(long)}"


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_is_a_folder_that_says_what_it_holds_and_may_import(stage: str) -> None:
    module = importlib.import_module(f"timeline.{stage}")
    assert module.__file__ is not None
    assert module.__file__.endswith("__init__.py")
    doc = module.__doc__ or ""
    assert len(doc.split()) >= 20, f"timeline.{stage} needs a paragraph saying what it holds"
    assert "import" in doc.lower(), f"timeline.{stage}'s docstring should say what it may import"


def test_no_public_name_of_the_package_hides_one_of_its_modules() -> None:
    for info in pkgutil.iter_modules(timeline.__path__):
        if info.name == "__main__":
            continue  # running it is the command
        module = importlib.import_module(f"timeline.{info.name}")
        if hasattr(timeline, info.name):
            assert getattr(timeline, info.name) is module, f"timeline.{info.name} is shadowed"


def test_importing_a_stage_gives_the_module() -> None:
    import timeline.read as read

    assert read.__name__ == "timeline.read"
    assert callable(read.extract)
