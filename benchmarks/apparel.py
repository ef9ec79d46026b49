"""Benchmark: `fourfold run apparel` against the textbook's flow_from_dataframe code on tf.keras.

Whole-process wall time and peak RSS, interleaved repetitions, same machine, same
session; besides, each side's own fit time (the textbook's decodes every photo
every epoch inside ``fit``; fourfold decodes each photo once before ``fit``, so
its decode time is quoted with it). Run with `make bench` or:

    python benchmarks/apparel.py --data DIR [--repetitions 2] [--reuse-textbook]

``--reuse-textbook`` times only fourfold and takes the textbook's figures from the
previous ``results/apparel.json`` (each textbook run takes about six minutes here).
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
from pathlib import Path

from harness import ROOT, Scenario, arguments, run, save, versions

TEXTBOOK = "textbook (tf.keras, flow_from_dataframe)"
FOURFOLD = "fourfold (JAX, photos decoded once into memory)"
FOURFOLD_DISK = "fourfold (JAX, decoded photos reused from the disk cache)"


def main() -> None:
    def options(parser):
        parser.add_argument("--reuse-textbook", action="store_true",
                            help="time only fourfold; the textbook's figures from the last run")

    args = arguments(__doc__.splitlines()[0], "apparel/", extra=options)
    reuse = args.reuse_textbook
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-bench-"))
    fourfold = [args.fourfold_python, "-m", "fourfold", "run", "apparel", "--quiet",
                "--data-dir", str(args.data)]
    textbook = [args.bench_python, str(ROOT / "benchmarks/textbook/apparel_textbook.py"),
                str(args.data), str(scratch)]
    # Two caches, each warmed by one untimed run: XLA's compiled programs in both; decoded
    # photos on disk only in the second. The first loses its photos before every run.
    memory = {"FOURFOLD_HOME": str(scratch / "home"), "FOURFOLD_CACHE": str(scratch / "cache-a")}
    disk = {"FOURFOLD_HOME": str(scratch / "home"), "FOURFOLD_CACHE": str(scratch / "cache-b")}
    run([Scenario("warm-up", [*fourfold, "--out", str(scratch / "warm-up")], memory),
         Scenario("warm-up", [*fourfold, "--out", str(scratch / "warm-up"),
                              "--set", "dataset.cache=disk"], disk)], 1, args.results)
    scenarios = [
        Scenario(FOURFOLD, [*fourfold, "--out", str(scratch / "memory")], memory,
                 prepare=["rm", "-rf", str(scratch / "cache-a" / "images")]),
        Scenario(FOURFOLD_DISK, [*fourfold, "--out", str(scratch / "disk"),
                                 "--set", "dataset.cache=disk"], disk),
    ]
    if not reuse:
        scenarios.append(Scenario(TEXTBOOK, textbook, {"KERAS_BACKEND": "tensorflow"}))
    summary = run(scenarios, args.repetitions, args.results)
    if reuse:
        previous = json.loads((args.results / "apparel.json").read_text())
        summary["scenarios"][TEXTBOOK] = previous["scenarios"][TEXTBOOK]
        summary["textbook_reused_from"] = previous["machine"]
    summary["versions"] = {
        "fourfold env": versions(args.fourfold_python, ["keras", "jax", "numpy", "pillow"]),
        "bench env": versions(args.bench_python, ["keras", "tensorflow-cpu", "pillow"]),
    }
    textbook_fits = [float(value) for value in re.findall(
        r"fit seconds: ([0-9.]+)", (args.results / f"{TEXTBOOK}.log").read_text())]
    summary["textbook_fit_seconds"] = textbook_fits[-len(
        summary["scenarios"][TEXTBOOK]["seconds"]):]
    textbook_fit = statistics.median(summary["textbook_fit_seconds"])
    for name, folder in ((FOURFOLD, "memory"), (FOURFOLD_DISK, "disk")):
        runs = [json.loads(path.read_text()) for path in (scratch / folder).glob("*/metrics.json")]
        fit = statistics.median(m["timings"]["fit_seconds"] for m in runs)
        decode = statistics.median(m["timings"]["load_seconds"] for m in runs)
        summary["scenarios"][name].update({
            "fit_seconds": fit, "decode_seconds": decode,
            "fit_ratio_to_textbook": fit / textbook_fit,
            "decode_and_fit_ratio_to_textbook": (decode + fit) / textbook_fit,
            "exact_match": [m["test"]["subset_accuracy"] for m in runs],
            "micro_f1": [m["test"]["micro_f1"] for m in runs],
        })
    wall = summary["scenarios"][TEXTBOOK]["median_seconds"]
    for result in summary["scenarios"].values():
        result["wall_ratio_to_textbook"] = result["median_seconds"] / wall
    save(summary, args.results / "apparel.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
