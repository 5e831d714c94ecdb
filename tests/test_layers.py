"""The house's layout, read from the source: imports point down the stack of apps, no app
imports the demo, and no two modules import each other (not even from inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lower numbers are lower in the house (the design's stack): an app imports only apps below it.
# Apps on one floor stay out of each other's way, except to hear their signals.
FLOORS = {
    "tweets": 0,
    "chats": 1,
    "members": 1,
    "blog": 1,
    "badges": 2,
    "dashboards": 3,
    "cpd": 3,
    "suggestions": 3,
    "credentials": 3,
    "wecommunities": 4,
    "demo": 5,
}


# Site-wide helpers of the frame that import no app: any floor may use them, like settings.
FRAME = {"wecommunities.client_ip"}


def modules() -> dict[str, Path]:
    found = {}
    for app in FLOORS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, name: str, *, inside_functions: bool = True) -> set[str]:
    """The project modules `name` imports: at the top, and inside functions when asked."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = ast.walk(tree) if inside_functions else tree.body
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in FLOORS}


def test_every_import_points_down_the_house():
    wrong = []
    for name, path in modules().items():
        app = name.split(".")[0]
        for target in imports(path, name):
            other = target.split(".")[0]
            if other == app:
                continue
            sideways_signal = FLOORS[other] == FLOORS[app] and target.startswith(f"{other}.signals")
            if target.rpartition(".")[0] in FRAME or target in FRAME:
                continue
            if FLOORS[other] > FLOORS[app] or (FLOORS[other] == FLOORS[app] and not sideways_signal):
                wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert wrong == []


@pytest.mark.parametrize("name", sorted(FRAME))
def test_the_frame_helpers_import_no_app(name):
    assert imports(modules()[name], name) == set()


@pytest.mark.parametrize("app", [a for a in FLOORS if a != "demo"])
def test_no_app_imports_the_demo(app):
    offenders = [
        f"{path.relative_to(ROOT)} imports {target}"
        for name, path in modules().items()
        if name.split(".")[0] == app
        for target in imports(path, name)
        if target.split(".")[0] == "demo"
    ]
    assert offenders == []


def test_the_archive_imports_no_app_above_it():
    above = {"chats", "badges", "dashboards", "blog", "members", "demo"}
    offenders = [
        f"{path.relative_to(ROOT)} imports {target}"
        for name, path in modules().items()
        if name.split(".")[0] == "tweets"
        for target in imports(path, name)
        if target.split(".")[0] in above
    ]
    assert offenders == []


def test_no_two_modules_import_each_other():
    """Apps' ready() hooks import their own modules by design; everything else must not hide a
    circle in a function."""
    found = modules()
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        deep = path.name != "apps.py"
        graph[name] = {t for t in imports(path, name, inside_functions=deep) if t in found and t != name}
    circles = set()
    for start in graph:
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    circles.add(" → ".join(sorted(trail)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert sorted(circles) == []
