"""Benchmark: cooccurrence on a lazy corpus larger than AllSides, on a 2-worker LocalCluster (issue 17).

Run on demand (not in the test suite; ``make bench`` runs it with the others):

    .venv/bin/python benchmarks/scale.py [--dir /tmp] [--copies 1 4 8] [--rows 5000] [--keep]

1. Writes AllSides x8 (doc_ids made unique per copy) as partitioned Parquet of ``--rows``
   articles per file in a temporary folder under ``--dir`` (outside the repository; ~0.8 GB with
   zstd; x1 and x4 are hard links to the first copies), after checking the free space (the
   Parquet files and the lazy corpus's partition cache, ~1.9 GB at x8, which goes there too).
2. For each size, back to back (the machine's load changes from minute to minute):
   - the local engine (``engine="local"``, jobs=2) on x1 loaded in memory: load and count time;
   - a fresh driver process with a LocalCluster of 2 single-threaded worker processes (the
     toolkit's own settings) counts ``cooccurrence(load_corpus(folder, lazy=True), "actors",
     "frames")`` (sentence units, by outlet). Reported: wall and CPU time (driver + workers; the
     workers import the toolkit before the clock starts, as the local engine's process has), M words/s,
     the peak RSS of each worker and of the driver (VmHWM; the scheduler runs in the driver), the
     load average, and the same for the validation pass (``load_corpus``) alone.
   Throughput ratio = (words x size / cluster wall) / (words / local wall), load + count both; and
   the same by CPU time.
3. Checks that the x1 counts equal the local engine's; ends with a Markdown table of the figures.

The folder is removed at the end (``--keep`` keeps it). Every stage runs in its own process so that
one stage's memory does not count in another's peak.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.parquet"
COPIES = 8


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set size (VmHWM, MB) of a process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --------------------------------------------------------------------------- stage 1: the data
def prepare(folder: Path, rows: int) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(CORPUS)
    words = int(pc.sum(pc.list_value_length(pc.utf8_split_whitespace(pc.fill_null(table["text"], ""))))
                .as_py())
    ids = pc.cast(table["doc_id"], pa.string())
    for k in range(COPIES):
        copy = table.set_column(table.schema.get_field_index("doc_id"), "doc_id",
                                pc.binary_join_element_wise(ids, pa.scalar(f"{k}"), "~"))
        out = folder / "x8" / f"c{k}"
        out.mkdir(parents=True)
        for i, start in enumerate(range(0, len(copy), rows)):
            pq.write_table(copy.slice(start, rows), out / f"part-{i:03d}.parquet", compression="zstd")
    for size in (1, 4):
        for k in range(size):
            target = folder / f"x{size}" / f"c{k}"
            target.mkdir(parents=True)
            for f in sorted((folder / "x8" / f"c{k}").iterdir()):
                os.link(f, target / f.name)
    return {"articles": len(table), "words": words}


# --------------------------------------------------------------------------- stage 2: local engine
def run_local(folder: Path, out: Path) -> dict:
    import toolkit

    t0, c0 = time.perf_counter(), own_cpu()
    articles = toolkit.load_corpus(folder, errors="skip")
    t1, c1 = time.perf_counter(), own_cpu()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    table = toolkit.cooccurrence(articles, "actors", "frames", unit="sentence", by="outlet", jobs=2, progress=False)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t2, c2 = time.perf_counter(), own_cpu()
    workers_cpu = (children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)
    table.attrs = {}
    table.to_pickle(out)
    return {"load_wall": t1 - t0, "load_cpu": c1 - c0, "count_wall": t2 - t1, "count_cpu": c2 - c1 + workers_cpu,
            "articles": len(articles), "peak_rss_mb": vm_hwm_mb(), "load_avg": load()}


# --------------------------------------------------------------------------- stage 3: distributed
def _worker_stats():
    import resource as r

    usage = r.getrusage(r.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "hwm": vm_hwm_mb()}


def _import_toolkit() -> None:
    import toolkit  # noqa: F401 - the local engine's process has imported it before its clock starts


def run_dask(folder: Path, out: Path, workers: int = 2) -> dict:
    import logging

    import distributed

    import toolkit

    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                                       silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    client.run(_import_toolkit)
    before = client.run(_worker_stats)
    t0, c0 = time.perf_counter(), own_cpu()
    articles = toolkit.load_corpus(folder, errors="skip", lazy=True, client=client)
    loaded_wall, loaded = time.perf_counter() - t0, client.run(_worker_stats)
    table = toolkit.cooccurrence(articles, "actors", "frames", unit="sentence", by="outlet", client=client,
                                 progress=False)
    wall, driver_cpu = time.perf_counter() - t0, own_cpu() - c0
    after = client.run(_worker_stats)
    table.attrs = {}
    table.to_pickle(out)
    from toolkit.corpus.lazy import attrs_of

    result = {"wall": wall, "load_wall": loaded_wall, "driver_cpu": driver_cpu,
              "load_workers_cpu": sum(loaded[w]["cpu"] - before[w]["cpu"] for w in loaded),
              "load_worker_peak_rss_mb": sorted(a["hwm"] for a in loaded.values()),
              "workers_cpu": sum(after[w]["cpu"] - before[w]["cpu"] for w in after),
              "worker_peak_rss_mb": sorted(a["hwm"] for a in after.values()),
              "driver_peak_rss_mb": vm_hwm_mb(), "partitions": articles.npartitions,
              "articles": attrs_of(articles)["provenance"]["loaded"], "load_avg": load()}
    client.close()
    cluster.close()
    return result


# --------------------------------------------------------------------------- orchestration
def stage(*args: str, tmp: Path | None = None) -> dict:
    env = dict(os.environ, TMPDIR=str(tmp)) if tmp else None  # the partition cache goes there
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"stage {args[0]} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where the temporary folder goes (default /tmp)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 8], choices=[1, 4, 8])
    parser.add_argument("--rows", type=int, default=5000, help="articles per Parquet file")
    parser.add_argument("--keep", action="store_true", help="keep the Parquet folder")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:  # a child process
        name, folder, out = args.stage[0], Path(args.stage[1]), Path(args.stage[2])
        result = {"prepare": lambda: prepare(folder, args.rows), "local": lambda: run_local(folder, out),
                  "dask": lambda: run_dask(folder, out)}[name]()
        print(json.dumps(result))
        return 0
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (../shared is absent)")
        return 0
    free = shutil.disk_usage(args.dir).free / 2**30
    need = CORPUS.stat().st_size * COPIES * (1.3 + 1.6) / 2**30
    print(f"free space in {args.dir}: {free:.1f} GB; the Parquet copies and the partition cache need about "
          f"{need:.1f} GB")
    if free < need + 2:
        print("skipped: not enough free space (keep 2 GB spare)")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="toolkit-scale-", dir=args.dir))
    try:
        t = time.perf_counter()
        info = stage("--stage", "prepare", str(folder), "-", "--rows", str(args.rows))
        print(f"wrote AllSides x{COPIES} ({info['articles'] * COPIES:,} articles, {info['words'] * COPIES / 1e6:.0f} M "
              f"words) as Parquet of {args.rows} rows per file in {folder} in {time.perf_counter() - t:.0f} s")
        words = info["words"]
        rows = []
        same = None
        for copies in args.copies:
            # the local engine on x1 right before each cluster run: the same load on the machine
            local = stage("--stage", "local", str(folder / "x1"), str(folder / "local.pkl"))
            local_wall = local["load_wall"] + local["count_wall"]
            local_cpu = local["load_cpu"] + local["count_cpu"]
            print(f"local engine x1 (jobs=2, in memory): load {local['load_wall']:.1f} s wall / "
                  f"{local['load_cpu']:.1f} s CPU, count {local['count_wall']:.1f} s wall / {local['count_cpu']:.1f} s "
                  f"CPU; {words / local_wall / 1e6:.2f} M words/s (load+count); "
                  f"peak RSS {local['peak_rss_mb']:,.0f} MB; load average {local['load_avg']}", flush=True)
            result = stage("--stage", "dask", str(folder / f"x{copies}"), str(folder / f"dask{copies}.pkl"),
                           tmp=folder)
            cpu = result["driver_cpu"] + result["workers_cpu"]
            wall_ratio = (words * copies / result["wall"]) / (words / local_wall)
            cpu_ratio = local_cpu * copies / cpu
            print(f"dask x{copies}: {result['articles']:,} articles in {result['partitions']} partitions, "
                  f"{result['wall']:.1f} s wall, {cpu:.1f} s CPU (driver {result['driver_cpu']:.1f}, workers "
                  f"{result['workers_cpu']:.1f}), {words * copies / result['wall'] / 1e6:.2f} M words/s (load+count); "
                  f"peak RSS workers {', '.join(f'{m:,.0f}' for m in result['worker_peak_rss_mb'])} MB, driver "
                  f"{result['driver_peak_rss_mb']:,.0f} MB; load average {result['load_avg']}")
            print(f"    of which load_corpus(lazy=True) (validation pass): {result['load_wall']:.1f} s wall, "
                  f"{result['load_workers_cpu']:.1f} s workers' CPU, peak RSS workers "
                  f"{', '.join(f'{m:,.0f}' for m in result['load_worker_peak_rss_mb'])} MB")
            print(f"    throughput vs the local engine (load+count): {wall_ratio:.2f}x by wall time, "
                  f"{cpu_ratio:.2f}x by CPU time", flush=True)
            rows.append((copies, local, result, wall_ratio, cpu_ratio))
            if copies == 1:
                import pandas as pd

                same = pd.read_pickle(folder / "dask1.pkl").equals(pd.read_pickle(folder / "local.pkl"))
                print(f"x1 counts identical to the local engine: {same}", flush=True)
        print("\n| size | words | local x1 wall / CPU (load) | cluster wall / CPU (load) | ratio wall / CPU | "
              "peak RSS workers / driver |\n|---|---|---|---|---|---|")
        for copies, local, result, wall_ratio, cpu_ratio in rows:
            print(f"| x{copies} | {words * copies / 1e6:.0f} M | {local['load_wall'] + local['count_wall']:.1f} s / "
                  f"{local['load_cpu'] + local['count_cpu']:.1f} s ({local['load_avg'].split('/')[0]}) | "
                  f"{result['wall']:.1f} s / {result['driver_cpu'] + result['workers_cpu']:.1f} s "
                  f"({result['load_avg'].split('/')[0]}) | {wall_ratio:.2f} / {cpu_ratio:.2f} | "
                  f"{' + '.join(f'{m:,.0f}' for m in result['worker_peak_rss_mb'])} / "
                  f"{result['driver_peak_rss_mb']:,.0f} MB |")
        if same is not None:
            return 0 if same else 1
        return 0
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
