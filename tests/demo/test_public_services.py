"""The demo builds through the apps' public interfaces: nothing private of another module is imported or
touched (a name starting with an underscore), so the product apps may change their insides freely."""

import ast
from pathlib import Path

import demo

ROOT = Path(demo.__file__).parent


def test_the_demo_uses_nothing_private_of_other_modules():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not found, found
