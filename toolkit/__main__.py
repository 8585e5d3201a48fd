"""Command line: ``python -m toolkit batch FILE.yml`` (also the console script ``toolkit``).

Exit status: 0 when every run succeeded, 1 when any run failed (the failed
runs are named), 2 when the batch file is invalid (nothing ran) or the
command line is wrong, 130 when interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import sys

from toolkit.errors import BatchError


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
    batch.add_argument("--check", action="store_true",
                       help="only check the batch file and list its runs; run nothing")
    return parser


def _batch(args: argparse.Namespace) -> int:
    from toolkit.reports.batch import load_batch, run_batch

    try:
        batch = load_batch(args.file, output=args.output)
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        print(f"{args.file}: {len(batch.runs)} runs into {batch.output}")
        for run in batch.runs:
            print(f"  line {run.line}: {run.name} <- {run.notebook.name} {run.parameters}")
            for warning in run.warnings:
                print(f"    warning: {warning}")
        return 0
    try:
        results = run_batch(batch, jobs=args.jobs, show_code=args.show_code, pdf=args.pdf,
                            echo=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("interrupted: finished runs are complete in their folders; the interrupted ones "
              "were not written; index.html was not updated", file=sys.stderr)
        return 130
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    if args.command == "batch":
        return _batch(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
