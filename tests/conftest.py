"""Shared fixtures: a hand-checkable article table and paths to the third-party corpora."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"


def shared_path(*parts: str) -> Path:
    """Path under ../shared/corpora; skips the test with a clear reason when it is absent."""
    path = SHARED_CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"third-party corpus not available: {path} (../shared is absent on this machine)")
    return path


@pytest.fixture
def tiny_articles() -> pd.DataFrame:
    """Four short articles from two outlets; every count in the tests can be checked by hand."""
    rows = [
        {"doc_id": "a1", "outlet": "Alpha", "date": "2024-01-05", "title": "Russia warns NATO",
         "text": "Russia warned of escalation. NATO said the alleged threat was exaggerated.\n\n"
                 "The U.S. sent aid."},
        {"doc_id": "a2", "outlet": "Alpha", "date": "2024-02-10", "title": "Talks resume",
         "text": "Peace talks resumed in Geneva. Russia’s envoy attended."},
        {"doc_id": "b1", "outlet": "Beta", "date": "2024-01-06", "title": "NATO escalation",
         "text": "NATO escalated its presence. Russia supposedly moved troops."},
        {"doc_id": "b2", "outlet": "Beta", "date": None, "title": "",
         "text": "Humanitarian aid reached the border. The EU pledged more."},
    ]
    frame = pd.DataFrame(rows)
    frame["outlet"] = frame["outlet"].astype("category")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


#: Small lexicons whose matches in the tests can be read by hand.
ACTORS = {"russia": ["Russia", "Moscow", "Kremlin"], "nato": ["NATO"],
          "us": [{"pattern": "US", "case_sensitive": True}, "U.S.", "United States"], "eu": ["EU", "E.U."]}
FRAMES = {"escalation": ["escalat*"], "doubt": ["alleged*", "supposedly"],
          "deployment": ["boots on the ground", "troops"]}


def make_articles(*rows) -> pd.DataFrame:
    """An articles table from ``(doc_id, outlet, date, title, text)`` tuples."""
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "title", "text"])
    frame["outlet"] = frame["outlet"].astype("category")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def one_row(table: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``table`` whose columns equal ``where`` (fails unless exactly one)."""
    mask = pd.Series(True, index=table.index)
    for k, v in where.items():
        mask &= table[k] == v
    assert mask.sum() == 1, where
    return table[mask].iloc[0]
