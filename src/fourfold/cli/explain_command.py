"""`fourfold explain softmax|sigmoid X Y Z ...`: the chapter's softmax-versus-sigmoid lesson."""

from __future__ import annotations

import math
from enum import Enum
from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.errors import UsageError
from fourfold.messages import text


class Activation(str, Enum):
    softmax = "softmax"
    sigmoid = "sigmoid"


def register(app: typer.Typer) -> None:
    # negative scores (-1.5) are values, not options
    app.command("explain", context_settings={"ignore_unknown_options": True})(explain)


def explain(
    activation: Annotated[Activation, typer.Argument(
        metavar="softmax|sigmoid", show_default=False)],
    scores: Annotated[Optional[list[str]], typer.Argument(
        metavar="SCORE...", show_default=False)] = None,
    names: Annotated[Optional[str], typer.Option(
        "--names", metavar="NAME,NAME,...")
    ] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold.explain import EXAMPLE_SCORES, NUDGE
    from fourfold.explain import explain as compute

    if not scores:
        stdout.print(text("explain.example", scores=" ".join(map(str, EXAMPLE_SCORES))),
                     markup=False)
    shown = [value[:40] for value in scores] if scores else [str(v) for v in EXAMPLE_SCORES]
    values = [_number(value) for value in shown]
    labels = _names(names, len(values))
    lesson = compute(activation.value, values)
    _print_table(lesson, labels, shown)
    first, others = labels[0], range(1, len(values))
    falls = ", ".join(f"{labels[i]} {lesson.softmax[i]:.4f} -> {lesson.nudged_softmax[i]:.4f}"
                      for i in others) or "-"
    if lesson.activation == "softmax" and len(values) == 1:
        stdout.print(text("explain.softmax.single"), markup=False)
    elif lesson.activation == "softmax":
        top = int(lesson.softmax.argmax())
        stdout.print(text("explain.softmax.sum", total=float(lesson.softmax.sum()),
                          name=labels[top], probability=float(lesson.softmax[top]),
                          lead=_lead(lesson.scores)), markup=False)
        if len(values) > 1:
            stdout.print(text("explain.softmax.nudge", name=first, nudge=NUDGE,
                              before=float(lesson.softmax[0]), after=float(lesson.nudged_softmax[0]),
                              others=falls), markup=False)
    else:
        above = [labels[i] for i, p in enumerate(lesson.sigmoid) if p >= 0.5]
        stdout.print(text("explain.sigmoid.alone", total=float(lesson.sigmoid.sum()),
                          count=len(above), scores=len(values),
                          names=", ".join(above) or text("explain.none_above")), markup=False)
        if len(values) > 1:
            stdout.print(text("explain.sigmoid.nudge", name=first, nudge=NUDGE,
                              before=float(lesson.sigmoid[0]), after=float(lesson.nudged_sigmoid[0]),
                              others=falls), markup=False)
    stdout.print(text(f"explain.rule.{lesson.activation}", tasks=", ".join(lesson.tasks)),
                 markup=False)


def _lead(scores) -> float:
    """How far the largest score is ahead of the second largest (0 for one score)."""
    ordered = sorted(scores, reverse=True)
    return float(ordered[0] - ordered[1]) if len(ordered) > 1 else 0.0


def _number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise UsageError(text("explain.bad_score", value=value))
    return number


def _names(names: str | None, count: int) -> list[str]:
    if names is None:
        return [text("explain.default_name", number=i) for i in range(1, count + 1)]
    labels = [name.strip() for name in names.split(",")]
    if len(labels) != count:
        raise UsageError(text("explain.bad_names", names=len(labels), scores=count))
    return labels


def _print_table(lesson, labels: list[str], shown: list[str]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=text("explain.title", activation=lesson.activation,
                             count=len(lesson.scores)))
    for key in ("name", "score", "softmax", "sigmoid"):
        table.add_column(text(f"explain.column.{key}"), justify="left" if key == "name" else "right",
                         style="bold" if key == lesson.activation else None)
    for label, score, soft, sig in zip(labels, shown, lesson.softmax, lesson.sigmoid):
        table.add_row(escape(label), escape(score), f"{soft:.4f}", f"{sig:.4f}")
    table.add_row(text("explain.column.sum"), "", f"{lesson.softmax.sum():.4f}",
                  f"{lesson.sigmoid.sum():.4f}", end_section=False)
    stdout.print(table)
