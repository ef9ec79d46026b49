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
        metavar="show|init", show_default=False, help="'show' to print a built-in recipe, 'init' to write one for your own data.")] = None,
    name: Annotated[Optional[str], typer.Argument(
        metavar="NAME", show_default=False, help="The recipe to show, or your table / photo folder to init.")] = None,
    target: TargetOption = None,
    task: TaskOption = None,
    drop: DropOption = None,
    test: TestOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """List the built-in recipes, print one's YAML with `recipes show NAME`, or print a
    complete recipe for your own data with `recipes init data.csv --target COL` (or
    `recipes init photos/`) to edit and run with `fourfold run recipe.yaml`."""
    setup(debug=debug, lang=lang)
    from fourfold.printable import printable
    from fourfold.recipes import builtin_names, load_recipe, recipe_yaml

    if action is None:
        for recipe_name in builtin_names():
            recipe = load_recipe(recipe_name)
            stdout.print(printable(f"{recipe_name:<16} {recipe.task:<11} "
                                   f"{recipe.description.split('.')[0]}."), markup=False)
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
    if name not in builtin_names():
        load_recipe(name)  # an unknown name is refused naming the closest recipe
    stdout.print(printable(recipe_yaml(name), newlines=True), end="", markup=False)
