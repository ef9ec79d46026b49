"""`fourfold recipes [show NAME | init DATA]`: list the built-in recipes, print one, or
write one for your own data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.cli.own_data import DropOption, TargetOption, TaskOption, TestOption
from fourfold.errors import UsageError
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("recipes")(recipes)


def recipes(
    action: Annotated[Optional[str], typer.Argument(
        metavar="show|init", show_default=False)] = None,
    name: Annotated[Optional[str], typer.Argument(
        metavar="NAME", show_default=False)] = None,
    target: TargetOption = None,
    task: TaskOption = None,
    drop: DropOption = None,
    test: TestOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold.printable import printable
    from fourfold.recipes import builtin_names, load_recipe, recipe_yaml

    if action is None:
        _print_list([load_recipe(recipe_name) for recipe_name in builtin_names()])
        return
    if action == "init" and name:
        from fourfold.autorecipe import auto_recipe, split_names
        from fourfold.autorecipe import recipe_yaml as own_recipe_yaml

        recipe = auto_recipe(Path(name), target=split_names(target), task=task.value if task else None,
                             drop=split_names(drop), test=test)
        stdout.print(printable(own_recipe_yaml(recipe), newlines=True), end="", markup=False)
        return
    if action != "show" or not name:
        raise UsageError(text("recipes.usage"))
    stdout.print(printable(recipe_yaml(name), newlines=True), end="", markup=False)


def _print_list(recipes) -> None:
    """One row per recipe: name, task, its one-line summary, the textbook's figures."""
    from rich.table import Table
    from rich.text import Text

    from fourfold.messages.labels import metric_label
    from fourfold.printable import printable

    table = Table()
    for column in ("name", "task", "summary", "textbook"):
        table.add_column(text(f"recipes.column.{column}"), overflow="fold")
    for recipe in recipes:
        textbook = ", ".join(f"{metric_label(name)} {value:g}"
                             for name, value in recipe.textbook.items())
        table.add_row(*(Text(printable(cell)) for cell in
                        (recipe.name, text(f"task.{recipe.task}"), _summary(recipe), textbook)))
    stdout.print(table)
    stdout.print(text("recipes.show_hint"), markup=False)


def _summary(recipe) -> str:
    """The recipe's summary in the language in force (built-in recipes have a Korean one),
    else its first sentence."""
    from fourfold.messages.catalog import current_language

    if current_language() == "ko":
        from fourfold.messages.ko_recipes import SUMMARIES

        if recipe.name in SUMMARIES:
            return SUMMARIES[recipe.name]
    return recipe.summary or recipe.description.split(". ")[0]
