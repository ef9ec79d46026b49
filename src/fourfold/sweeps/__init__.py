"""Sweeps: a recipe run over a grid of settings (or Optuna's samples of it), each
trial an ordinary run folder under one sweep folder, on this machine or a Ray
cluster; a results table and a page comparing the trials.

Example:
    >>> from fourfold.recipes import load_recipe
    >>> from fourfold.sweeps import parse_axes, start_sweep
    >>> result = start_sweep(load_recipe("boston"),  # doctest: +SKIP
    ...                      parse_axes(["preprocess.scaler=standard,minmax"]), kfold=3)
    >>> result.record.trials[0].headline.value  # doctest: +SKIP
    2.31
"""

from fourfold.sweeps.driver import SweepInterrupted, SweepResult, resume_sweep, start_sweep
from fourfold.sweeps.grid import Axis, combinations, parse_axes
from fourfold.sweeps.record import SWEEP_FILE, SWEEP_PAGE, SweepRecord, read_sweep
from fourfold.sweeps.results import ranked, results_table

__all__ = ["Axis", "SWEEP_FILE", "SWEEP_PAGE", "SweepInterrupted", "SweepRecord", "SweepResult",
           "combinations", "parse_axes", "ranked", "read_sweep", "results_table",
           "resume_sweep", "start_sweep"]
