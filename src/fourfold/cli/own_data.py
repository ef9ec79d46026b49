"""The options that describe a user's own table: --target, --task, --drop, --test."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class TaskChoice(str, Enum):
    """The four tasks, for ``--task``."""

    multiclass = "multiclass"
    regression = "regression"
    binary = "binary"
    multilabel = "multilabel"


TargetOption = Annotated[Optional[list[str]], typer.Option(
    "--target", metavar="COLUMN", help="Your table's column to predict (several 0/1 columns: a,b,c).")]
TaskOption = Annotated[Optional[TaskChoice], typer.Option(
    "--task", help="Force the task instead of inferring it from the target.")]
DropOption = Annotated[Optional[list[str]], typer.Option(
    "--drop", metavar="COLUMN", help="Leave these table columns out (repeatable, or a,b).")]
TestOption = Annotated[Optional[Path], typer.Option(
    "--test", help="A test table with the same columns (default: 20% of the rows).",
    dir_okay=False)]
