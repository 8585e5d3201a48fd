"""Run every benchmark in this folder, one after another (``make bench``).

Each benchmark prints its own figures; they skip with a message where ../shared is absent.
Results vary with the machine's load: run them on a quiet machine and read wall and CPU time.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["load.py", "sentences.py", "matcher.py", "cooccurrence.py", "hits.py", "keyness.py", "quotes.py", "basil_quotes.py",
         "hygiene.py", "stories.py", "explore.py",
         "scale.py"]


def main() -> int:
    failed = []
    for name in ORDER:
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / name)], cwd=HERE.parent)
        print(f"--- {name}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
