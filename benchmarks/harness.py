"""Time whole processes, interleaved, and write the results with the machine's facts.

Each scenario is a command line; each repetition runs every scenario once, in
turn, so that a slow spell of the machine hits all of them alike. Wall time
and peak RSS (from ``os.wait4``) are taken per process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass
class Scenario:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: list[str] | None = None  # run before each repetition, untimed
    collect: Callable[[], dict] | None = None  # after each repetition: figures it left behind


def measure(argv: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    with open(log, "ab") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env={**os.environ, **env}, stdout=handle, stderr=handle)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed; see {log}")
    return wall, usage.ru_maxrss / 1024


def _log_name(name: str) -> str:
    """A scenario's log file name: its name with path separators replaced."""
    return name.replace("/", "-") + ".log"


def run(scenarios: list[Scenario], repetitions: int, results: Path) -> dict:
    """Run each scenario ``repetitions`` times, interleaved; return and save a summary."""
    results.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {s.name: [] for s in scenarios}
    memory: dict[str, list[float]] = {s.name: [] for s in scenarios}
    collected: dict[str, list[dict]] = {s.name: [] for s in scenarios}
    loads: list[float] = []
    for repetition in range(repetitions):
        for scenario in scenarios:
            if scenario.prepare:
                subprocess.run(scenario.prepare, check=True, env={**os.environ, **scenario.env})
            wall, rss = measure(scenario.argv, scenario.env, results / _log_name(scenario.name))
            times[scenario.name].append(wall)
            memory[scenario.name].append(rss)
            loads.append(load_average())
            if scenario.collect:
                collected[scenario.name].append(scenario.collect())
            print(f"[{repetition + 1}/{repetitions}] {scenario.name}: {wall:.1f} s, {rss:.0f} MiB,"
                  f" load {loads[-1]:.2f}", flush=True)
    summary = {
        "machine": machine(),
        "load_average": {"min": min(loads), "max": max(loads)},
        "scenarios": {
            name: {"median_seconds": statistics.median(values), "seconds": values,
                   "peak_rss_mib": max(memory[name]),
                   **({"collected": collected[name]} if collected[name] else {})}
            for name, values in times.items()
        },
    }
    return summary


def load_average() -> float:
    """The machine's 1-minute load average (0 where /proc is missing)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def machine() -> dict:
    """CPU, cores, memory and Python of this machine."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_kib = 0
    try:
        memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    flags = set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    except OSError:
        pass
    return {"cpu": cpu, "cpu_flags": sorted(flag for flag in flags
                                             if flag.startswith(("avx", "fma", "amx"))),
            "cores": os.cpu_count(), "memory_gib": round(memory_kib / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d", time.gmtime())}


def versions(python: str, packages: list[str]) -> dict[str, str]:
    """Installed versions of ``packages`` in the environment of ``python``."""
    code = ("import importlib.metadata as m, json, sys\n"
            "out = {}\n"
            "for p in sys.argv[1:]:\n"
            "    try: out[p] = m.version(p)\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(json.dumps(out))")
    result = subprocess.run([python, "-c", code, *packages], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def save(summary: dict, path: Path) -> None:
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


ROOT = Path(__file__).resolve().parent.parent


def arguments(description: str, needs: str, *, before: bool = False,
              extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    """The options every benchmark takes: the data folder (holding ``needs``), the
    repetitions, the two environments' Pythons and where results go; ``extra`` adds a
    benchmark's own options to the parser."""
    parser = argparse.ArgumentParser(description=description)
    if extra is not None:
        extra(parser)
    parser.add_argument("--data", type=Path, required=True, help=f"folder holding {needs}")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--fourfold-python", default=str(ROOT / ".venv/bin/python"))
    parser.add_argument("--bench-python", default=str(ROOT / ".venv-bench/bin/python"))
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    if before:
        parser.add_argument("--before", metavar="REV",
                            help="also time fourfold as it was at this git revision")
    return parser.parse_args()


def source_at(revision: str, scratch: Path) -> Path:
    """fourfold's ``src/`` as it was at git ``revision``, extracted under ``scratch``: the
    folder to put on ``PYTHONPATH`` to run that fourfold in this environment."""
    folder = scratch / "before"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def data_with_iceberg(given: Path, scratch: Path, *, seed: int) -> Path:
    """A data folder under ``scratch`` holding ``given``'s data sets (linked) and, where
    ``given`` has no ``iceberg/``, a generated 1,604-row ``iceberg/train.json`` (the
    competition's size; tests/support/sar.py, rows from ``seed``: Kaggle's files cannot
    be shared)."""
    import sys

    data = scratch / "data"
    data.mkdir()
    for folder in given.iterdir():
        (data / folder.name).symlink_to(folder.resolve())
    if not (data / "iceberg").exists():
        sys.path.insert(0, str(ROOT / "tests"))
        from support.sar import make_sar_dataset, write_sar_json

        (data / "iceberg").mkdir()
        write_sar_json(data / "iceberg/train.json", make_sar_dataset(1604, seed=seed))
    return data


def builtin_recipes(python: str) -> list[str]:
    """The names of the built-in recipes (presets included) of the fourfold ``python`` runs."""
    listing = subprocess.run(
        [python, "-c", "from fourfold.recipes import builtin_names; print(*builtin_names())"],
        capture_output=True, text=True, check=True)
    return listing.stdout.split()


def recipes_memory() -> None:
    """``python benchmarks/harness.py --data DIR``: the peak RSS of every built-in recipe.

    Each recipe runs once, whole (``fourfold run NAME``), in its own process, on the real
    data; the iceberg recipes, whose Kaggle files cannot be shared, on a synthetic
    train.json of the competition's 1,604 rows (tests/support/sar.py). Writes
    ``recipes_memory.json``; ``--only NAME ...`` measures those recipes alone.
    """
    import tempfile

    parser = argparse.ArgumentParser(description=recipes_memory.__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--only", nargs="+")
    parser.add_argument("--fourfold-python", default=str(ROOT / ".venv/bin/python"))
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-rss-"))
    data = data_with_iceberg(args.data, scratch, seed=777)
    names = args.only or builtin_recipes(args.fourfold_python)
    results = {"machine": machine(), "recipes": {}}
    args.results.mkdir(parents=True, exist_ok=True)
    for name in names:
        argv = [args.fourfold_python, "-m", "fourfold", "run", name, "--quiet", "--data-dir",
                str(data), "--out", str(scratch / "runs")]
        wall, rss = measure(argv, {"FOURFOLD_HOME": str(scratch / "home")},
                            args.results / f"memory-{name}.log")
        results["recipes"][name] = {"peak_rss_mib": rss, "seconds": wall,
                                    "load_average": load_average()}
        print(f"{name}: {rss:.0f} MiB peak RSS, {wall:.1f} s", flush=True)
        save(results, args.results / "recipes_memory.json")


if __name__ == "__main__":
    recipes_memory()
