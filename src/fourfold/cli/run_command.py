"""`fourfold run RECIPE`: train, evaluate, write the run folder and its report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import (DataDirOption, DebugOption, LangOption, QuietOption,
                                 data_dir_or_env, setup, stdout)
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    recipe: Annotated[str, typer.Argument(help="A built-in recipe name or a YAML recipe file.")],
    data_dir: DataDirOption = None,
    out: Annotated[Path, typer.Option("--out", help="Where run folders are created.")] = Path("runs"),
    epochs: Annotated[Optional[int], typer.Option("--epochs", min=1, help="Override training.epochs.")] = None,
    batch_size: Annotated[Optional[int], typer.Option("--batch-size", min=1, help="Override training.batch_size.")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Override the training seed.")] = None,
    overrides: Annotated[Optional[list[str]], typer.Option(
        "--set", help="Override any recipe field: --set model.hidden_units=[128,64] (repeatable).")] = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Train RECIPE's model(s) and write a run folder with metrics, model and report."""
    setup(debug=debug, lang=lang)
    from fourfold import api
    from fourfold.recipes import load_recipe

    updates = {key: value for key, value in
               (("training.epochs", epochs), ("training.batch_size", batch_size), ("seed", seed))
               if value is not None}
    loaded = load_recipe(recipe, overrides or [], updates)
    result = api.run(loaded, data_dir=data_dir_or_env(data_dir), out=out, show_progress=not quiet)
    print_summary(result)


def print_summary(result) -> None:
    """The short summary after a run: headline metric, textbook, baseline, best epoch, paths."""
    metrics = result.metrics
    headline = metrics["headline"]
    stdout.print(f"[bold]{text('run.summary.title', recipe=metrics['recipe'])}[/bold]")
    for member in metrics["members"]:
        member_headline = member["headline"]
        line = text("run.summary.metric", name=member_headline["name"],
                    value=_number(member_headline["value"]))
        if len(metrics["members"]) > 1:
            line = f"{member['name']}: {line}"
        if member_headline.get("textbook") is not None:
            line += " " + text("run.summary.textbook", value=member_headline["textbook"])
        stdout.print(line)
        stdout.print("  " + text("run.summary.best_epoch", best=member["curve"]["best_epoch"],
                                 epochs=member["curve"]["epochs_run"]))
        stdout.print("  " + member["curve"]["explanation"], markup=False)
    baseline = metrics.get("baseline") or {}
    if headline["name"] in baseline:
        stdout.print(text("run.summary.baseline", name=baseline["name"],
                          value=_number(baseline[headline["name"]])))
    timings = metrics["timings"]
    stdout.print(text("run.summary.time", seconds=timings["total_seconds"], fit=timings["fit_seconds"]))
    stdout.print(text("run.summary.folder", path=result.run_dir), markup=False)
    if result.report_path.exists():
        stdout.print(text("run.summary.report", path=result.report_path), markup=False)


def _number(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"
