"""The rules package stays pure: it imports only the stdlib, phonenumbers and zipcodes."""

import ast
import sys
from pathlib import Path

import pytest

SYNC_DIR = Path(__file__).resolve().parents[2] / "webapp" / "rules"
ALLOWED_THIRD_PARTY = {"phonenumbers", "zipcodes"}


def imported_roots(path):
    """Top-level names of absolute imports in a module (relative ones stay inside rules/)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("path", sorted(SYNC_DIR.glob("*.py")), ids=lambda p: p.name)
def test_module_imports_nothing_app_level(path):
    roots = set(imported_roots(path))
    outside = {r for r in roots if r not in sys.stdlib_module_names and r not in ALLOWED_THIRD_PARTY}
    assert outside == set(), f"{path.name} imports {outside}"
