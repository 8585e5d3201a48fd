"""The README's tour runs as written (docs that drift from the code are a defect)."""
from __future__ import annotations

import re

from conftest import REPO_ROOT


def test_readme_python_blocks_run(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    blocks = re.findall(r"```python\n(.*?)```", (REPO_ROOT / "README.md").read_text(), re.S)
    assert blocks, "the README has no python example"
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
    table = namespace["table"]
    assert {"outlet", "actor", "frame", "rate", "ci_low", "ci_high"} <= set(table.columns)


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (REPO_ROOT / "README.md").read_text().splitlines() if line.strip()]
    assert lines[1] == "```bash"
    assert lines[2].startswith("make report") and lines[3].startswith("make test")
