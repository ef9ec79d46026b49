"""A tiny table and recipe for sweeps (120 rows, 4 features, a linear target), and the
`fourfold sweep` command invoked as the CLI runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

RECIPE = """\
name: tiny
task: regression
dataset:
  name: tiny
  table:
    train: tiny.csv
    target: [y]
preprocess:
  scaler: standard
model:
  hidden_units: [8]
training:
  epochs: 2
  batch_size: 32
"""


@pytest.fixture
def tiny_recipe(tmp_path: Path) -> Path:
    """``tiny.yaml`` beside ``tiny.csv``: a regression table small enough to train in
    a second."""
    return write_tiny(tmp_path)


def write_tiny(folder: Path) -> Path:
    """Write ``tiny.csv`` and ``tiny.yaml`` into ``folder``; return the recipe's path."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    features = rng.normal(size=(120, 4))
    target = features @ np.array([1.5, -2.0, 0.5, 0.0]) + rng.normal(scale=0.3, size=120)
    frame = pd.DataFrame(features, columns=["a", "b", "c", "d"]).assign(y=target)
    frame.to_csv(folder / "tiny.csv", index=False)
    (folder / "tiny.yaml").write_text(RECIPE, encoding="utf-8")
    return folder / "tiny.yaml"


def sweep_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``fourfold sweep ARGV...`` as the CLI does (exit codes, one-line errors) and
    return the exit code, stdout and stderr."""
    from fourfold.cli.common import run_app
    from fourfold.messages import set_language

    set_language("en")
    try:
        code = run_app(_app(), ["sweep", *argv])
    finally:
        set_language(None)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _app():
    """The fourfold app once it lists `sweep`; until then an app holding `sweep` alone."""
    import typer

    from fourfold.cli import app
    from fourfold.cli import sweep_command
    from fourfold.cli.common import HelpfulCommand

    if any(getattr(info, "name", None) == "sweep" for info in app.registered_commands):
        return app
    alone = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                        rich_markup_mode=None)
    alone.callback()(lambda: None)
    alone.command("sweep", cls=HelpfulCommand)(sweep_command.sweep)
    return alone
