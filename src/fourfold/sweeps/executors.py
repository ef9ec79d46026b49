"""Where trials run: ``local`` (this process, or ``--jobs N`` spawned processes) or
``ray`` (tasks on a Ray cluster, joined with ``--address`` or started here).

Every executor calls the same :func:`fourfold.sweeps.trial.run_trial`, and each
trial seeds itself from its recipe, so a trial gives the same numbers on any
executor. Results are reported as trials end (``on_done(number, result)``), in
the order they end. Ray is imported only by :class:`RayExecutor`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fourfold.errors import FourfoldError
from fourfold.messages import text
from fourfold.sweeps.trial import run_trial

#: ``[(trial number, spec for run_trial)]``
Batch = list[tuple[int, dict[str, Any]]]
OnDone = Callable[[int, dict[str, Any]], None]


class LocalExecutor:
    """Trials in this process one after another (``jobs`` 1), or in ``jobs`` spawned
    processes (a fresh process per worker: Keras fixes its backend per process).

    Use as a context manager; :meth:`run` then runs batches of trials.
    """

    def __init__(self, jobs: int = 1):
        self.jobs = jobs
        self._pool = None

    @property
    def slots(self) -> int:
        """Trials that run at once."""
        return self.jobs

    def __enter__(self) -> "LocalExecutor":
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=error is None, cancel_futures=True)
            self._pool = None

    def run(self, batch: Batch, on_done: OnDone) -> None:
        if self._pool is None:
            for number, spec in batch:
                on_done(number, run_trial(spec))
            return
        from concurrent.futures import as_completed

        futures = {self._pool.submit(run_trial, spec): number for number, spec in batch}
        for future in as_completed(futures):
            on_done(futures[future], _outcome(future.result))


class RayExecutor:
    """Trials as Ray tasks (one CPU each) on the cluster at ``address``, else on a local
    cluster started for the sweep (with ``jobs`` CPUs when given). A cluster that is
    already connected (``ray.init`` called by the caller) is used as it is and left
    running. The trials' folders must be on storage every node sees.

    Raises:
        FourfoldError: Ray is not installed (exit 1, with the pip command).
    """

    def __init__(self, address: str | None = None, jobs: int | None = None):
        self.address, self.jobs = address, jobs
        self._ray = None
        self._started = False
        self._remote = None

    @property
    def slots(self) -> int:
        if self.jobs:
            return self.jobs
        return max(1, int(self._ray.cluster_resources().get("CPU", 1))) if self._ray else 1

    def __enter__(self) -> "RayExecutor":
        ray = import_optional("ray", extra="ray")
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if self.address:
                options["address"] = self.address
            elif self.jobs:
                options["num_cpus"] = self.jobs
            try:
                ray.init(**options)
            except (ConnectionError, RuntimeError, ValueError) as error:
                raise FourfoldError(text("sweep.ray.connect", address=self.address or "local",
                                         error=str(error).splitlines()[0])) from None
            self._started = True
        self._ray = ray
        self._remote = ray.remote(num_cpus=1, max_retries=0)(run_trial)
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._started:
            self._ray.shutdown()
        self._ray = self._remote = None
        self._started = False

    def run(self, batch: Batch, on_done: OnDone) -> None:
        ray = self._ray
        pending = {self._remote.remote(spec): number for number, spec in batch}
        try:
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1)
                for reference in done:
                    on_done(pending.pop(reference), _outcome(lambda: ray.get(reference)))
        except KeyboardInterrupt:
            for reference in pending:
                ray.cancel(reference, force=True)
            raise


def _outcome(get) -> dict[str, Any]:
    """A trial's result from another process; a crash there (a killed worker, an error
    that is no fourfold error) comes back as its first line."""
    try:
        return get()
    except KeyboardInterrupt:
        raise
    except Exception as error:  # the worker's own error, as the engine wraps it
        return {"run": None, "error": (str(error).strip().splitlines() or [repr(error)])[0]}


def import_optional(module: str, *, extra: str):
    """Import an optional dependency, or say how to install it.

    Raises:
        FourfoldError: naming the package and ``pip install 'fourfold[<extra>]'`` (exit 1).
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise FourfoldError(text("sweep.missing_extra", package=module, extra=extra)) from None


def executor_for(name: str, *, jobs: int, address: str | None):
    """The executor ``--executor`` names."""
    if name == "ray":
        return RayExecutor(address, jobs if jobs > 1 else None)
    return LocalExecutor(jobs)
