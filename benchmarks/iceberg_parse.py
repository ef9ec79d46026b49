"""Benchmark: peak memory and time of reading a test.json the size of the real one.

The competition's test.json (8,424 rows, about 1.5 GB) cannot be redistributed,
so a synthetic one in the same format is generated (tests/support/sar.py: floats
written by ``json`` with Python's repr, like the real file) into a temporary
folder, which is deleted afterwards. A fresh process then runs
``read_iceberg_json`` on it; its peak RSS comes from ``os.wait4`` and the parse
time from the process itself. Prints one JSON line. Target: peak RSS < 2 GB.

    .venv/bin/python benchmarks/iceberg_parse.py [--rows 8424] [--json-load]

``--json-load`` also measures plain ``json.load`` of the same file, for scale.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.sar import make_sar_dataset, write_sar_json  # noqa: E402

REAL_TEST_ROWS = 8424
_BATCH = 256

_READ = """
import json, sys, time
from fourfold.datasets.iceberg_json import read_iceberg_json
started = time.perf_counter()
rows = read_iceberg_json(sys.argv[1], labelled=False)
print(json.dumps({"seconds": time.perf_counter() - started, "rows": len(rows.ids),
                  "bands_mib": rows.bands.nbytes / 2**20}))
"""

_JSON_LOAD = """
import json, sys, time
started = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as file:
    rows = json.load(file)
print(json.dumps({"seconds": time.perf_counter() - started, "rows": len(rows)}))
"""

_BASELINE = "import numpy, fourfold.datasets.iceberg_json"


def generate(rows: int, seed: int) -> Iterator[dict]:
    """``rows`` unlabelled synthetic rows, made a batch at a time, ids unique."""
    seen: set[str] = set()
    for batch, start in enumerate(range(0, rows, _BATCH)):
        for row in make_sar_dataset(min(_BATCH, rows - start), seed=seed + batch, labelled=False):
            while row["id"] in seen:
                row["id"] = f"{(int(row['id'], 16) + 1) % 2**32:08x}"
            seen.add(row["id"])
            yield row


def measure(python: str, code: str, path: Path | None) -> dict:
    """Run ``code`` in a fresh ``python``; its printed JSON, with peak RSS (MiB) and wall seconds."""
    argv = [python, "-c", code, *([str(path)] if path else [])]
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[:2]} failed with status {status}")
    result = json.loads(output) if output.strip() else {}
    return {**result, "wall_seconds": round(wall, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=REAL_TEST_ROWS)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--json-load", action="store_true", help="also measure json.load, for scale")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-iceberg-"))
    try:
        path = scratch / "test.json"
        started = time.perf_counter()
        write_sar_json(path, generate(args.rows, args.seed))
        generate_seconds = time.perf_counter() - started
        baseline = measure(args.python, _BASELINE, None)
        read = measure(args.python, _READ, path)
        summary = {"rows": read["rows"], "file_bytes": path.stat().st_size,
                   "file_gib": round(path.stat().st_size / 2**30, 3),
                   "seconds": round(read["seconds"], 2), "peak_rss_mib": read["peak_rss_mib"],
                   "bands_mib": round(read["bands_mib"], 1),
                   "baseline_rss_mib": baseline["peak_rss_mib"],
                   "process_wall_seconds": read["wall_seconds"],
                   "generate_seconds": round(generate_seconds, 1), "cpu_count": os.cpu_count(),
                   "python": sys.version.split()[0]}
        if args.json_load:
            loaded = measure(args.python, _JSON_LOAD, path)
            summary["json_load"] = {"seconds": round(loaded["seconds"], 2),
                                    "peak_rss_mib": loaded["peak_rss_mib"]}
        print(json.dumps(summary))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
