"""The harness's folders are its layers: a module may import only from its own layer or the layers below it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "balanz_acceptance"
#: Bottom to top; the README's "Layout" shows the same order.
LAYERS = ["core", "sut", "checks", "actors", "reporting", "runner"]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "." * node.level + (node.module or "")))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "balanz_acceptance" or len(parts) < 2:
        return None
    return parts[1]


def test_every_module_lives_in_a_layer():
    stray = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not stray, f"modules outside a layer folder: {stray}"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")) == sorted(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_point_down(layer):
    rank = LAYERS.index(layer)
    violations = []
    for path in sorted((PACKAGE / layer).glob("*.py")):
        for line, module in _imports(path):
            if module.startswith("."):
                violations.append(f"{path.name}:{line} relative import {module!r} (use balanz_acceptance.<layer>)")
                continue
            target = _layer_of(module)
            if target is not None and (target not in LAYERS or LAYERS.index(target) > rank):
                violations.append(f"{layer}/{path.name}:{line} imports {module} (layer {target!r} is above {layer!r})")
    assert not violations, "\n".join(violations)


def test_the_check_sees_an_upward_import(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("from balanz_acceptance.actors.world import World\n")
    assert _layer_of(_imports(sample)[0][1]) == "actors"


ROOT = PACKAGE.parent


def test_steps_reach_the_harness_through_the_world_and_import_only_core():
    """A step calls one role of ``context.world``; from the package it imports only the features' types (core)."""
    violations = []
    for path in sorted((ROOT / "steps").glob("*.py")):
        for line, module in _imports(path):
            target = _layer_of(module)
            if target is not None and target != "core":
                violations.append(f"steps/{path.name}:{line} imports {module} (steps import only from core)")
    assert not violations, "\n".join(violations)


def test_the_environment_runs_the_run_and_builds_no_world_of_its_own():
    """environment.py is the top: it calls the runner's hooks and the reports, never the actors or checks."""
    layers = {_layer_of(module) for _, module in _imports(ROOT / "environment.py")} - {None}
    assert layers <= {"runner", "reporting", "core", "sut"}, layers
