"""`fourfold datasets`: each built-in data set, where it resolves from, its size."""

from __future__ import annotations

import typer

from fourfold.cli.common import DataDirOption, DebugOption, LangOption, data_dir_or_env, setup, stdout


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets)


def datasets(data_dir: DataDirOption = None, lang: LangOption = None, debug: DebugOption = False) -> None:
    """Show each built-in data set, where it is found (or how to get it) and its size."""
    setup(debug=debug, lang=lang)
    from rich.table import Table
    from rich.text import Text

    from fourfold.datasets import describe_all
    from fourfold.printable import printable

    table = Table()
    for column in ("data set", "task", "found in", "size"):
        table.add_column(column, overflow="fold")
    for entry in describe_all(data_dir_or_env(data_dir)):
        size = f"{entry['size'] / 1e6:.1f} MB" if entry.get("size") else ""
        table.add_row(*(Text(printable(cell)) for cell in
                        (entry["name"], entry["task"], entry["where"], size)))
    stdout.print(table)
