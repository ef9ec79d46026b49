"""GEMM-throughput probe: the FLOP bound of a dense network's epoch on this CPU.

Times, through ``jax.numpy`` as fourfold's training does, every float32 matrix
product one epoch of a dense network makes (the forward products, the weight
gradients and the activation gradients of each training batch; the forward
products of each validation batch), each in a compiled loop over distinct
operands so that neither Python dispatch nor XLA's hoisting of a repeated
product enters the time. The epoch's bound is the sum of those times over the
epoch's batches: the time of its matrix products alone, with nothing else
(activations, the optimizer, the loss, gathering batches) counted. Defaults:
the textbook's MNIST recipe (784-64-32-10, batch 128, 42,000 training and
18,000 validation rows). Writes ``benchmarks/results/gemm.json``.

    python benchmarks/gemm.py [--units 784 64 32 10] [--batch 128] [--train 42000]
                              [--validation 18000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from harness import ROOT, machine, save  # noqa: E402

#: Distinct left operands each product is timed over (one compiled loop).
OPERANDS = 64


def products(units: list[int], batch: int) -> dict[str, list[tuple[int, int, int]]]:
    """The (m, k, n) float32 products of one training step and one validation step."""
    pairs = list(zip(units[:-1], units[1:]))
    forward = [(batch, n_in, n_out) for n_in, n_out in pairs]
    weight_grads = [(n_in, batch, n_out) for n_in, n_out in pairs]
    # activation gradients flow back to every layer's input but the network's own input
    input_grads = [(batch, n_out, n_in) for n_in, n_out in pairs[1:]]
    return {"train_step": forward + weight_grads + input_grads, "validation_step": forward}


def seconds_per_product(m: int, k: int, n: int, rounds: int) -> float:
    """Median seconds of one (m, k) @ (k, n) float32 product, over ``rounds`` timings of a
    compiled loop through :data:`OPERANDS` distinct left operands."""
    rng = np.random.default_rng(0)
    lefts = jnp.asarray(rng.standard_normal((OPERANDS, m, k), dtype=np.float32))
    right = jnp.asarray(rng.standard_normal((k, n), dtype=np.float32))

    @jax.jit
    def loop(lefts, right):
        def body(total, left):
            return total + left @ right, None
        return jax.lax.scan(body, jnp.zeros((m, n), jnp.float32), lefts)[0]

    loop(lefts, right).block_until_ready()  # compile
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        loop(lefts, right).block_until_ready()
        times.append((time.perf_counter() - started) / OPERANDS)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[784, 64, 32, 10])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--train", type=int, default=42_000, help="training rows an epoch")
    parser.add_argument("--validation", type=int, default=18_000, help="validation rows")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    args = parser.parse_args()

    steps = {"train_step": args.train / args.batch, "validation_step": args.validation / args.batch}
    rows, epoch_seconds, epoch_flops = [], 0.0, 0.0
    for kind, shapes in products(args.units, args.batch).items():
        for m, k, n in shapes:
            seconds = seconds_per_product(m, k, n, args.rounds)
            flops = 2.0 * m * k * n
            rows.append({"step": kind, "m": m, "k": k, "n": n, "microseconds": seconds * 1e6,
                         "gflops": flops / seconds / 1e9})
            epoch_seconds += seconds * steps[kind]
            epoch_flops += flops * steps[kind]
            print(f"{kind:16} {m:5d} x {k:4d} @ {k:4d} x {n:4d}: {seconds * 1e6:8.1f} us "
                  f"{flops / seconds / 1e9:7.1f} GFLOP/s", flush=True)
    summary = {"machine": machine(), "jax": jax.__version__, "units": args.units,
               "batch": args.batch, "train_rows": args.train, "validation_rows": args.validation,
               "products": rows, "epoch_gflop": epoch_flops / 1e9,
               "epoch_gflops_per_second": epoch_flops / epoch_seconds / 1e9,
               "epoch_bound_seconds": epoch_seconds,
               "load_average": Path("/proc/loadavg").read_text().split()[:3]}
    args.results.mkdir(parents=True, exist_ok=True)
    save(summary, args.results / "gemm.json")
    print(f"epoch: {epoch_flops / 1e9:.2f} GFLOP in products; at the measured throughput "
          f"({summary['epoch_gflops_per_second']:.1f} GFLOP/s) the FLOP bound is "
          f"{epoch_seconds:.3f} s")


if __name__ == "__main__":
    main()
