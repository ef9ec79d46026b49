"""One trial: the top-level function every executor calls (in this process, in a
spawned process, or as a Ray task), so a trial trains the same way wherever it runs.

A trial's folder holds at most one run folder. The function is idempotent: a
complete run is left as it is, a run that was cut short (killed, interrupted,
failed) is continued with the run's own ``--resume`` (:func:`fourfold.api.resume`),
and only a folder without a run starts one. Its result is plain data (picklable);
the driver reads the numbers from the run folder itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fourfold.runs import layout


def run_trial(spec: dict[str, Any]) -> dict[str, Any]:
    """Train one trial into its folder, or finish it.

    Args:
        spec: ``recipe`` (the trial's resolved recipe as JSON data), ``folder``
            (the trial's folder, absolute), ``data_dir`` (or `None`), ``report``
            (write the run's ``report.html``).

    Returns:
        ``{"run": path of the run folder}``, and ``"error"`` (its first line) when
        the run failed with a fourfold error. Ctrl-C (``RunInterrupted``) and
        errors that are no fourfold error propagate.
    """
    from fourfold.errors import FourfoldError

    folder = Path(spec["folder"])
    try:
        return {"run": str(_train(spec, folder))}
    except FourfoldError as error:
        found = run_folder(folder)
        return {"run": str(found) if found else None, "error": str(error).splitlines()[0]}


def _train(spec: dict[str, Any], folder: Path) -> Path:
    import shutil

    from fourfold import api
    from fourfold.recipes.schema import Recipe
    from fourfold.runs.status import COMPLETE, read_status

    data_dir = Path(spec["data_dir"]) if spec.get("data_dir") else None
    existing = run_folder(folder)
    if existing is not None and read_status(existing) == COMPLETE:
        return existing
    if existing is not None and (existing / layout.CONFIG).is_file():
        return api.resume(existing, data_dir=data_dir, show_progress=False, jobs=1).run_dir
    if existing is not None:  # killed before its config.yaml: nothing to continue
        shutil.rmtree(existing)
    folder.mkdir(parents=True, exist_ok=True)
    recipe = Recipe.model_validate(spec["recipe"])
    return api.run(recipe, data_dir=data_dir, out=folder, show_progress=False,
                   build_report=spec.get("report", True)).run_dir


def run_folder(folder: Path) -> Path | None:
    """The run folder inside a trial's folder (it has ``status.json`` or ``config.yaml``,
    or is the one folder there), or `None`."""
    try:
        entries = sorted(entry for entry in Path(folder).iterdir() if entry.is_dir())
    except OSError:
        return None
    made = [entry for entry in entries if (entry / layout.STATUS).is_file()
            or (entry / layout.CONFIG).is_file()]
    return (made or entries or [None])[-1]
