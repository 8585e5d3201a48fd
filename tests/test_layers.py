"""The package imports only downwards: text < match < count < analyses, stats on its own, and
no module of the lower layers imports an analysis (toolkit.framing, keyness, ...)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "toolkit"
LEAVES = {"toolkit.errors", "toolkit.paths"}
# What each lower layer may import (besides itself and the leaves).
ALLOWED = {
    "text": set(),
    "match": {"text"},
    "count": {"text", "match"},
    "stats": set(),
}


def toolkit_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("toolkit")}
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_lower_layers_import_only_downwards(layer):
    bad = []
    for path in sorted((PACKAGE / layer).glob("*.py")):
        for module in toolkit_imports(path):
            if module in LEAVES or module == "toolkit":
                continue
            target = module.split(".")[1]
            if target != layer and target not in ALLOWED[layer]:
                bad.append(f"{path.relative_to(REPO_ROOT)} imports {module}")
    assert not bad, bad


def test_no_module_over_400_lines_in_the_text_model():
    mine = [*(PACKAGE / "text").glob("tokens.py"), *(PACKAGE / "text").glob("segment.py"),
            *(PACKAGE / "count").glob("*.py"), *(PACKAGE / "stats").glob("*.py"), PACKAGE / "match" / "patterns.py",
            *(PACKAGE / name for name in ["framing.py", "concordance.py", "keyness.py", "log_odds.py",
                                          "collocations.py", "dispersion.py"])]
    long = {str(p.relative_to(REPO_ROOT)): n for p in mine if (n := len(p.read_text().splitlines())) > 400}
    assert not long, long
