"""`fourfold datasets`: each built-in data set, where it resolves from, its size on disk,
and for each missing one how to get it."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from fourfold.cli.common import DataDirOption, DebugOption, LangOption, data_dir_or_env, setup, stdout
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets)


def datasets(data_dir: DataDirOption = None, lang: LangOption = None, debug: DebugOption = False) -> None:
    setup(debug=debug, lang=lang)
    from rich.table import Table
    from rich.text import Text

    from fourfold.datasets import describe_all
    from fourfold.printable import printable

    table = Table()
    for column in ("name", "task", "where", "size"):
        table.add_column(text(f"datasets.column.{column}"), overflow="fold",
                         justify="right" if column == "size" else "left")
    entries = describe_all(data_dir_or_env(data_dir))
    for entry in entries:
        size = human_size(folder_size(Path(entry["location"]))) if entry["location"] else ""
        table.add_row(*(Text(printable(cell)) for cell in
                        (entry["name"], text(f"task.{entry['task']}"), entry["where"], size)))
    stdout.print(table)
    for entry in entries:
        if entry["how_to_get"]:
            stdout.print(printable(text("datasets.how_to_get", name=entry["name"],
                                        how_to_get=entry["how_to_get"])), markup=False)


def folder_size(folder: Path) -> int:
    """Bytes of the regular files below ``folder`` (a data set's whole folder: the apparel
    photos as well as the CSVs listing them); links to folders are not followed."""
    total = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            try:
                status = os.stat(Path(directory) / name)
            except OSError:  # a broken link, a file removed meanwhile
                continue
            total += status.st_size if os.path.isfile(Path(directory) / name) else 0
    return total


def human_size(size: int) -> str:
    """``35 kB``, ``11.4 MB``, ``102 MB``, ``1.2 GB`` (decimal units, as `du --si`)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{size} B"
