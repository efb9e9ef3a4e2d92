"""Scale benchmark: WARC import and re-extraction on the local engine and on Ray, on one machine.

    python -m bench.scale --data PATH/TO/shared/bench [--pages 2000] [--big 10000] [--only import,reextract]

It writes a gzipped WARC of ``--pages`` HTML responses whose bodies are the demo site's articles and the
benchmark's real pages (``extraction/*/html``), each under its own URL, then runs, each as its own
``scraper`` process on a fresh database: ``import-warc`` with the local engine on 1 and 2 worker processes
and with Ray on 1 and 2 CPUs, then ``reextract --all`` the same four ways on the imported database. For
each run: pages/s (wall), CPU seconds per page of the whole process tree (the driver, its workers, and
Ray's own processes), and the peak memory of the driver and of the tree (sampled from /proc every 0.1 s).
``--big N`` also imports an N-page WARC with Ray on 2 CPUs and prints its driver peak against the
``--pages`` run's (flat in N means the driver streams). ``--two-nodes`` runs the Ray import on a cluster of
two nodes started on this machine (``ray start --head`` and ``ray start --address``), the cluster path.

Ray runs two ways: "ray" starts a local Ray in the command (its start and stop, 4-6 s, are in the command's
time), "ray running" joins a Ray that ``ray start --head --num-cpus N`` started before the timed run, as a
job joins a cluster (``--ray-address``); there the command's time is the engine's own, and its CPU is the
driver's and its workers' (the Ray node's own processes are outside its process tree).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.tree import TreeSampler

ROOT = Path(__file__).parent.parent


def bodies(data: Path) -> list[bytes]:
    pages = [p.read_bytes() for p in (ROOT / "tests/site/public").rglob("*.html")]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted(data.glob("extraction/*/html/*.html.gz"))]
    if not pages:
        raise SystemExit(f"{data}: no extraction/*/html pages; pass the shared bench folder as --data")
    return pages


def write_warc(path: Path, pages: list[bytes], count: int) -> None:
    rng = random.Random(1)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(count):
            body = pages[rng.randrange(len(pages))]
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://site{n % 50}.example/news/{n}.html", "response",
                                               payload=io.BytesIO(body), length=len(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2024-05-01T12:00:00Z"})  # fmt: skip
            writer.write_record(record)


def run(args: list[str], pages: int, env: dict[str, str] | None = None) -> dict[str, float]:
    command = [sys.executable, "-m", "pipelines.cli", *args, "-q"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = TreeSampler(process.pid)
    _out, err = process.communicate()
    sampler.stop()
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {process.returncode}\n{err[-2000:]}")
    cpu = sum(sampler.cpu.values())
    return {"pages_per_s": pages / wall, "cpu_ms_per_page": 1000 * cpu / pages, "wall_s": wall,
            "driver_mb": sampler.driver_peak / 2**20, "tree_mb": sampler.tree_peak / 2**20,
            "tree_pss_mb": sampler.tree_pss_peak / 2**20}  # fmt: skip


ENGINES = {
    "local x1": ["--workers", "1"],
    "local x2": ["--workers", "2"],
    "ray x1": ["--engine", "ray", "--workers", "1"],
    "ray x2": ["--engine", "ray", "--workers", "2"],
}
RUNNING = {"ray running x1": 1, "ray running x2": 2}  # CPUs of the Ray started before the run
RAY_PORT = 6399
RAY_ENV = {**os.environ, "RAY_AUTH_MODE": "disabled"}  # one machine: the nodes share no token file setup


@contextmanager
def running_ray(cpus: int) -> Iterator[list[str]]:
    """A Ray head on this machine with ``cpus`` CPUs for the block; yields the arguments that join it."""
    ray = str(Path(sys.executable).parent / "ray")
    subprocess.run([ray, "stop", "--force"], capture_output=True)
    head = subprocess.run([ray, "start", "--head", "--num-cpus", str(cpus), "--port", str(RAY_PORT),
                           "--include-dashboard=false"], capture_output=True, text=True, env=RAY_ENV)  # fmt: skip
    if head.returncode != 0:
        raise SystemExit(f"ray start --head failed: {head.stderr[-500:]}")
    try:
        yield ["--engine", "ray", "--ray-address", f"127.0.0.1:{RAY_PORT}"]
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench folder")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--big", type=int, default=0, help="also import this many pages with ray x2")
    parser.add_argument("--only", default="import,reextract", help="import, reextract or both")
    parser.add_argument("--two-nodes", action="store_true", help="also import on a two-node Ray cluster")
    args = parser.parse_args()
    shapes = bodies(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warc = folder / "pages.warc.gz"
        write_warc(warc, shapes, args.pages)
        print(f"{args.pages} pages ({len(shapes)} shapes), {warc.stat().st_size / 2**20:.1f} MB of WARC")
        print(
            f"{'run':<26} {'pages/s':>8} {'CPU ms/page':>12} {'wall s':>7} {'driver MB':>10} {'tree MB':>8} {'tree PSS':>8}"
        )
        results: dict[str, dict[str, float]] = {}
        for name, extra in ENGINES.items():
            db = folder / f"{name.replace(' ', '')}.db"
            if "import" in args.only:
                results[f"import {name}"] = run(["import-warc", str(warc), "--db", str(db), *extra], args.pages)
                show(f"import {name}", results[f"import {name}"])
        if "import" in args.only:
            for name, cpus in RUNNING.items():
                with running_ray(cpus) as join:
                    db = folder / f"{name.replace(' ', '')}.db"
                    results[f"import {name}"] = run(["import-warc", str(warc), "--db", str(db), *join], args.pages,
                                                    RAY_ENV)  # fmt: skip
                show(f"import {name}", results[f"import {name}"])
        if (imported := folder / "localx2.db").exists():
            size = sum(f.stat().st_size for f in folder.glob("localx2.db*"))
            print(f"database: {size / args.pages / 1024:.1f} KB a page (raw page gzipped, record, full-text index, "
                  f"signature), {size / args.pages * 1e6 / 2**30:.1f} GB per million")  # fmt: skip
        if "reextract" in args.only:
            imported = folder / "localx1.db"
            if not imported.exists():
                run(["import-warc", str(warc), "--db", str(imported), "--workers", "2"], args.pages)
            for name, extra in ENGINES.items():
                db = folder / f"re-{name.replace(' ', '')}.db"
                shutil.copy(imported, db)
                results[f"reextract {name}"] = run(["reextract", "--all", "--db", str(db), *extra], args.pages)
                show(f"reextract {name}", results[f"reextract {name}"])
            for name, cpus in RUNNING.items():
                db = folder / f"re-{name.replace(' ', '')}.db"
                shutil.copy(imported, db)
                with running_ray(cpus) as join:
                    results[f"reextract {name}"] = run(["reextract", "--all", "--db", str(db), *join], args.pages,
                                                       RAY_ENV)  # fmt: skip
                show(f"reextract {name}", results[f"reextract {name}"])
        for job in ("import", "reextract"):
            for ray in ("ray", "ray running"):
                if f"{job} {ray} x2" in results:
                    x1, x2, local = (
                        results[f"{job} {name}"]["pages_per_s"] for name in (f"{ray} x1", f"{ray} x2", "local x2")
                    )
                    print(f"{job}: {ray} x2 / {ray} x1 = {x2 / x1:.2f}x, {ray} x2 / local x2 = {x2 / local:.2f}x")
        if args.big:
            big = folder / "big.warc.gz"
            write_warc(big, shapes, args.big)
            result = run(["import-warc", str(big), "--db", str(folder / "big.db"), *ENGINES["ray x2"]], args.big)
            show(f"import ray x2 {args.big}", result)
            if "import ray x2" in results:
                print(f"driver peak {args.big} / {args.pages} pages: "
                      f"{result['driver_mb'] / results['import ray x2']['driver_mb']:.2f}x")  # fmt: skip
        if args.two_nodes:
            two_nodes(warc, folder, args.pages)


def two_nodes(warc: Path, folder: Path, pages: int) -> None:
    """A head and a second node on this machine, one CPU each; the import joins the cluster by address."""
    ray = str(Path(sys.executable).parent / "ray")
    with running_ray(1) as join:
        second = subprocess.run([ray, "start", "--address", f"127.0.0.1:{RAY_PORT}", "--num-cpus", "1"],
                                capture_output=True, text=True, env=RAY_ENV)  # fmt: skip
        if second.returncode != 0:
            print(f"two nodes: the second node did not start: {second.stderr[-500:]}")
            return
        result = run(["import-warc", str(warc), "--db", str(folder / "two-nodes.db"), *join], pages, RAY_ENV)
        show("import 2 nodes x1", result)


def show(name: str, r: dict[str, float]) -> None:
    print(f"{name:<26} {r['pages_per_s']:>8.1f} {r['cpu_ms_per_page']:>12.1f} {r['wall_s']:>7.1f} "
          f"{r['driver_mb']:>10.0f} {r['tree_mb']:>8.0f} {r['tree_pss_mb']:>8.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
