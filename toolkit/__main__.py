"""Command line: ``python -m toolkit batch FILE.yml`` (also the console script ``toolkit``).

Exit status:

- 0: every run succeeded;
- 1: a run failed or timed out (the others ran; the failed runs are named);
- 2: nothing ran: the command line or the batch file is invalid, or the output folder cannot be
  used (a file, not writable, locked by another batch, or holding a folder the runner did not create);
- 130 / 143: interrupted by SIGINT (Ctrl-C) / SIGTERM; finished runs are complete in their
  folders, the interrupted ones left no folder, and index.html says which.

Every error is one message on standard error, never a traceback.
"""
from __future__ import annotations

import argparse
import signal
import sys

from toolkit.errors import BatchError


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``toolkit`` argument parser (one sub-command: ``batch``)."""
    parser = argparse.ArgumentParser(
        prog="toolkit", description="Comparative discourse analysis of news: command line tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    batch = sub.add_parser(
        "batch", help="run the notebooks listed in a YAML batch file and write HTML reports",
        description="Run the notebooks listed in a YAML batch file with papermill; write each "
                    "run's executed notebook, report.html and tables under the output folder, "
                    "and an index.html listing every run.")
    batch.add_argument("file", metavar="FILE.yml", help="the batch file (see reports.yml)")
    batch.add_argument("--jobs", "-j", type=_positive_int, default=1,
                       help="runs executed at once, each in its own process (default 1)")
    batch.add_argument("--show-code", action="store_true",
                       help="keep the code cells in report.html (hidden by default)")
    batch.add_argument("--pdf", action="store_true",
                       help="also write report.pdf with headless Chromium (when on PATH)")
    batch.add_argument("--output", "-o", default=None,
                       help="output folder, overriding the batch file's `output`")
    batch.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                       help="seconds each run may take before it is stopped and reported as timed out "
                            "(default: the batch file's `timeout:`, else 1800); a run's own `timeout:` wins")
    batch.add_argument("--check", action="store_true",
                       help="only check the batch file and list its runs; run nothing")
    _add_convert(sub)
    return parser


# --- `toolkit convert` (issue 17: partitioned Parquet for a lazy corpus) ---
def _add_convert(sub) -> None:
    convert = sub.add_parser(
        "convert", help="write a corpus as partitioned Parquet (for load_corpus(..., lazy=True))",
        description="Read any corpus load_corpus reads (same validation) and write it as Parquet files "
                    "of one month each (DEST/2017-09/part-*.parquet) or of --rows articles each; "
                    "DEST/.toolkit-convert.json keeps the provenance, DEST/.rejects.csv the rejected rows.")
    convert.add_argument("source", metavar="SOURCE", help="corpus file or folder")
    convert.add_argument("dest", metavar="DEST", help="output folder (must not exist, or be empty)")
    convert.add_argument("--by", choices=["month", "rows"], default="month",
                         help="one folder per month (default) or files of --rows articles")
    convert.add_argument("--rows", type=_positive_int, default=10_000,
                         help="articles per file (default 10000): each file's size with --by rows, "
                              "the most in one file of a month with --by month")
    convert.add_argument("--errors", choices=["raise", "skip"], default="raise",
                         help="stop at the first bad row (default) or skip bad rows and list them")
    convert.add_argument("--scheduler", default=None, metavar="ADDRESS",
                         help="a dask scheduler address (default: a local cluster of worker processes)")


def _convert(args: argparse.Namespace) -> int:
    from toolkit.corpus.convert import convert_corpus
    from toolkit.errors import ToolkitError

    try:
        done = convert_corpus(args.source, args.dest, by=args.by, rows=args.rows, errors=args.errors,
                              client=args.scheduler)
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.dest}: {done['articles']} articles in {len(done['files'])} Parquet files "
          f"(by {done['by']}); {done['rejected']} rows rejected")
    return 0
# --- end `toolkit convert` ---


def _batch(args: argparse.Namespace) -> int:
    from toolkit.reports.batch import BatchInterrupted, load_batch, run_batch
    from toolkit.reports.folders import ownership_problems

    try:
        batch = load_batch(args.file, output=args.output)
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        limit = args.timeout or batch.timeout
        print(f"{args.file}: {len(batch.runs)} runs into {batch.output}")
        status = 0
        for run in batch.runs:
            print(f"  line {run.line}: {run.name} <- {run.notebook.name} {run.parameters} "
                  f"(time limit {run.timeout or limit:g} s)")
            for warning in run.warnings:
                print(f"    warning: {warning}")
            for problem in run.problems:
                print(f"    error: {problem}")
                status = 1
        for problem in ownership_problems(batch.output, [r.name for r in batch.runs]):
            print(f"  error: {problem}")
            status = 2
        return status
    try:
        results = run_batch(batch, jobs=args.jobs, show_code=args.show_code, pdf=args.pdf,
                            timeout=args.timeout, echo=lambda line: print(line, flush=True))
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BatchInterrupted as exc:
        stopped = [r.name for r in exc.results if r.status == "interrupted"]
        skipped = [r.name for r in exc.results if r.status == "not run"]
        print(f"interrupted ({signal.Signals(exc.signum).name}): finished runs are complete in their folders; "
              f"stopped without writing: {', '.join(stopped) or 'none'}; not started: {', '.join(skipped) or 'none'}; "
              f"index.html says which", file=sys.stderr)
        return 128 + exc.signum
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    if args.command == "batch":
        return _batch(args)
    if args.command == "convert":
        return _convert(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
