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


# Their help is in the catalogue: help.param.common.target, ... (messages/*_options.py).
TargetOption = Annotated[Optional[list[str]], typer.Option("--target", metavar="COLUMN")]
TaskOption = Annotated[Optional[TaskChoice], typer.Option("--task")]
DropOption = Annotated[Optional[list[str]], typer.Option("--drop", metavar="COLUMN")]
TestOption = Annotated[Optional[Path], typer.Option("--test", dir_okay=False)]
