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


@dataclass
class Scenario:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: list[str] | None = None  # run before each repetition, untimed


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


def run(scenarios: list[Scenario], repetitions: int, results: Path) -> dict:
    """Run each scenario ``repetitions`` times, interleaved; return and save a summary."""
    results.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {s.name: [] for s in scenarios}
    memory: dict[str, list[float]] = {s.name: [] for s in scenarios}
    for repetition in range(repetitions):
        for scenario in scenarios:
            if scenario.prepare:
                subprocess.run(scenario.prepare, check=True, env={**os.environ, **scenario.env})
            wall, rss = measure(scenario.argv, scenario.env, results / f"{scenario.name}.log")
            times[scenario.name].append(wall)
            memory[scenario.name].append(rss)
            print(f"[{repetition + 1}/{repetitions}] {scenario.name}: {wall:.1f} s, {rss:.0f} MiB",
                  flush=True)
    summary = {
        "machine": machine(),
        "scenarios": {
            name: {"median_seconds": statistics.median(values), "seconds": values,
                   "peak_rss_mib": max(memory[name])}
            for name, values in times.items()
        },
    }
    return summary


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
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory_kib / 2**20, 1),
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


def arguments(description: str, needs: str) -> argparse.Namespace:
    """The options every benchmark takes: the data folder (holding ``needs``), the
    repetitions, the two environments' Pythons and where results go."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, required=True, help=f"folder holding {needs}")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--fourfold-python", default=str(ROOT / ".venv/bin/python"))
    parser.add_argument("--bench-python", default=str(ROOT / ".venv-bench/bin/python"))
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    return parser.parse_args()
