"""What the runner prints: a line per finished run, and the summary at the end."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.reports.folders import INDEX
from toolkit.reports.results import RunResult

__all__ = ["plural", "progress_line", "summary"]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def progress_line(k: int, n: int, r: RunResult) -> str:
    if r.ok:
        return f"[{k}/{n}] {r.name} ... ok ({r.duration:.1f} s)"
    err = r.error or {}
    first = str(err.get("evalue", "")).strip().splitlines()
    if r.status == "timed out":
        return f"[{k}/{n}] {r.name} ... TIMED OUT: {first[0] if first else ''}"
    return f"[{k}/{n}] {r.name} ... FAILED ({r.duration:.1f} s): {err.get('ename')}: {first[0] if first else ''}"


def summary(results: list[RunResult], elapsed: float, output: Path, echo: Callable[[str], None]) -> None:
    width = max(len(r.name) for r in results)
    echo(f"summary ({elapsed:.1f} s):")
    for r in results:
        err = r.error or {}
        detail = "" if r.ok else f"  {err.get('ename')}: {str(err.get('evalue', '')).strip().splitlines()[0][:100]}" \
            if str(err.get("evalue", "")).strip() else f"  {err.get('ename')}"
        echo(f"  {r.name:<{width}}  {r.status:<9}  {r.duration:7.1f} s{detail}")
    echo(f"index: {output / INDEX}")
    failed = [r for r in results if not r.ok]
    if not failed:
        echo("the run is ok" if len(results) == 1 else f"all {len(results)} runs ok")
    else:
        names = ", ".join(r.name + (" (timed out)" if r.status == "timed out" else "") for r in failed)
        echo(f"{len(failed)} of {plural(len(results), 'run')} failed: {names}")
